import CairnTestSupport
import Foundation
import Testing

/// `cairn serve` as a process: signals, core dumps, the socket file's life.
@Suite("cairn serve: the real binary", .serialized)
struct ServeBinaryTests {
    func waitFor(_ condition: () -> Bool, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Starts `cairn serve ARGS` with its standard error in a pipe.
    func serve(_ args: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = try Repository.cairnBinary()
        process.arguments = ["serve"] + args
        let err = Pipe()
        process.standardError = err
        try process.run()
        return (process, err)
    }

    @Test func signalsReloadAndStopCleanly() throws {
        let dir = try Scratch.directory("cairn-bin")
        try writeFlows(dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = "/tmp/cairn-bin-\(UUID().uuidString.prefix(8)).sock"
        let (process, err) = try serve(["--socket", path, "--flows", dir.path])
        defer { if process.isRunning { process.terminate() } }
        #expect(waitFor { FileManager.default.fileExists(atPath: path) }, "the socket appears")
        #expect(waitFor { (try? LineClient(path: path)) != nil }, "and it listens")

        let limits = try String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }.map(String.init) ?? ""
        #expect(core.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "core dumps are off: \(core)")

        let c = try LineClient(path: path)
        let id = try #require(try c.call("session.start").session)
        let flows = try #require(try c.call("server.health").result?["flows"] as? String)

        try "flow: main\nnodes: [".write(to: dir.appendingPathComponent("main.yaml"), atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        usleep(300_000)
        #expect(try c.call("server.health").result?["flows"] as? String == flows, "a broken set is refused on SIGHUP")
        #expect(try c.call("session.send", ["session": id, "text": "1"]).says == ["What happened?"])

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: path), "the socket file is removed")
        #expect(c.readLine(timeout: 5) == nil, "connections are closed")
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("server stopping") && log.contains("flows reload refused"))
        #expect(!log.contains("What happened"), "no content in logs")
        #expect(log.components(separatedBy: "no --snapshot-key-file: snapshots are sealed with a key made at start").count == 2,
                "one warning without a key file: \(log)")
    }

    /// A key file that can't be used stops the start with the file, the line and why; a good one
    /// with two keys serves, sealing with the first.
    @Test func snapshotKeyFilesAreCheckedAtStart() throws {
        let dir = try Scratch.directory("cairn-keys")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key1 = Data((0..<32).map { UInt8($0) }).base64EncodedString(), key2 = String(repeating: "ab", count: 32)
        let cases: [(String, String)] = [
            ("", "holds no key; make one with: head -c 32 /dev/urandom | base64"),
            ("# nothing yet\n", "holds no key"),
            ("hunter2!\n", "line 1 is not a key"),
            ("# old\n" + Data(repeating: 1, count: 16).base64EncodedString() + "\n", "line 2 holds a 16-byte key; a key is 32 bytes"),
        ]
        let socket = "/tmp/cairn-keys-\(UUID().uuidString.prefix(8)).sock"
        for (i, (text, why)) in cases.enumerated() {
            let file = dir.appendingPathComponent("keys\(i)")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let run = try Subprocess.cairn(["serve", "--socket", socket, "--snapshot-key-file", file.path], timeout: 20)
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("cairn: error: the snapshot key file \(file.path): \(why)"), "\(run)")
            #expect(!FileManager.default.fileExists(atPath: socket), "it never listened")
        }
        let missing = try Subprocess.cairn(["serve", "--socket", socket, "--snapshot-key-file", dir.appendingPathComponent("none").path], timeout: 20)
        #expect(missing.status == 1 && missing.stderr.contains("is not a readable file"), "\(missing)")

        let good = dir.appendingPathComponent("good")
        try "# the sealing key\n\(key1)\n# the one before\n\(key2)\n".write(to: good, atomically: true, encoding: .utf8)
        chmod(good.path, 0o600)
        let (process, err) = try serve(["--socket", socket, "--snapshot-key-file", good.path])
        defer { if process.isRunning { process.terminate() } }
        #expect(waitFor { (try? LineClient(path: socket)) != nil }, "it listens")
        let health = try #require(try LineClient(path: socket).call("server.health").result)
        #expect(health["snapshots_survive_restart"] as? Bool == true)
        #expect((health["snapshot_keys"] as? [String])?.count == 2)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!log.contains("snapshot-key-file") && !log.contains(key1), "no warning, no key in the log: \(log)")
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let socket = ["serve", "--socket", "/tmp/cairn-usage-\(UUID().uuidString.prefix(8)).sock"]
        var cases = [["serve"], socket + ["--mode", "999"], socket + ["--max-line", "0"]]
        // Issue 12: these once passed validation and crashed a second after start.
        cases += ["1e11", "inf", "-inf", "nan", "1e308", "0"].map { socket + ["--idle-timeout", $0] }
        cases += [socket + ["--max-line", "99999999999"], socket + ["--max-connections", "9223372036854775807"]]
        for args in cases {
            let run = try Subprocess.cairn(args, timeout: 10)
            #expect(run.status == 64, "\(args): \(run)")
        }
    }
}
