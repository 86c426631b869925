import Foundation

/// Temporary directories for tests, removed when the test process exits, so a run leaves
/// nothing behind in /tmp (a test may still use a directory after the server or file that made
/// it is gone).
public enum TemporaryDirectory {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [URL] = []
    private static let registered: Void = {
        atexit {
            TemporaryDirectory.lock.lock()
            for url in TemporaryDirectory.made { try? FileManager.default.removeItem(at: url) }
            TemporaryDirectory.lock.unlock()
        }
    }()

    /// A new empty directory `/tmp/PREFIX-XXXXXXXX`, removed at exit.
    public static func make(_ prefix: String) throws -> URL {
        _ = registered
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        lock.withLock { made.append(url) }
        return url
    }
}
