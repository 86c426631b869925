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

    @Test func signalsReloadAndStopCleanly() throws {
        let cairn = try Repository.cairnBinary()
        let dir = try Scratch.directory("cairn-bin")
        try writeFlows(dir)
        let path = "/tmp/cairn-bin-\(UUID().uuidString.prefix(8)).sock"
        let process = Process()
        process.executableURL = cairn
        process.arguments = ["serve", "--socket", path, "--flows", dir.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
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
