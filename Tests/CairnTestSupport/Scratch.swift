import Foundation

/// Temporary directories for tests that leave nothing behind.
///
/// `Scratch.directory("cairn-srv")` makes a new empty `cairn-srv-1a2b3c4d` under the system's
/// temporary directory and remembers it; every directory made so far is removed, with all it
/// holds, when the test process exits (or at `removeAll()`), so a test that forgets to clean up,
/// or fails half-way, still leaves /tmp as it found it.
///
///     let dir = try Scratch.directory("cairn-chat-tests")
///     try "flow: …".write(to: dir.appendingPathComponent("main.yaml"), atomically: true, encoding: .utf8)
public enum Scratch {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [URL] = []
    nonisolated(unsafe) private static var cleanupRegistered = false

    /// A new empty directory named `prefix-` and 8 random hex digits, removed at exit.
    public static func directory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        lock.withLock {
            made.append(dir)
            if !cleanupRegistered {
                cleanupRegistered = true
                atexit { Scratch.removeAll() }
            }
        }
        return dir
    }

    /// Removes every directory `directory` has made so far.
    public static func removeAll() {
        let dirs = lock.withLock {
            defer { made.removeAll() }
            return made
        }
        for dir in dirs { try? FileManager.default.removeItem(at: dir) }
    }
}
