import CairnLoader
@testable import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// Stopping and reloading under load: bounded, whole lines, coalesced. Regression tests for issue 12.
@Suite("cairn serve: shutdown and reload under load", .serialized)
struct ShutdownAndReloadTests {
    /// Counts loads, and holds the first one until told to go on.
    final class GatedLoads: @unchecked Sendable {
        let lock = NSLock()
        var count = 0
        let gate = DispatchSemaphore(value: 0)
        let dir: URL
        init(dir: URL) { self.dir = dir }
        func load() throws -> FlowLoader.Result {
            let n = lock.withLock { count += 1; return count }
            if n == 1 { gate.wait() }
            return try FlowLoader.load(paths: [dir.path])
        }
        var loads: Int { lock.withLock { count } }
    }

    @Test func reloadsRunOffTheEventLoopsAndCoalesce() throws {
        let dir = try TemporaryDirectory.make("cairn-reload")
        try writeFlows(dir)
        let loads = GatedLoads(dir: dir)
        let srv = try TestServer(flowsDir: dir, reload: { try loads.load() })
        defer { srv.stop() }
        let c = try srv.client()
        let reload = #"{"jsonrpc":"2.0","id":1,"method":"flows.reload"}"# + "\n"
        c.sendRaw(Array((String(repeating: reload, count: 1_000) + #"{"jsonrpc":"2.0","id":"h","method":"server.health"}"# + "\n").utf8))
        // The first load is held, yet this connection and another are served.
        let health = try parse(try #require(c.readLine()))
        #expect(health["id"] as? String == "h")
        #expect(try srv.client().call("server.health").result?["status"] as? String == "ok")
        loads.gate.signal()
        for _ in 0..<1_000 {
            let r = try parse(try #require(c.readLine()))
            #expect(r.result?["flows"] as? String != nil, "\(r)")
        }
        #expect(loads.loads == 2, "the 999 requests made during the first load share one more")
    }

    /// Runs `body` on another thread; false when it has not returned after `seconds` (a hang).
    func returns(within seconds: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { body(); done.signal() }
        return done.wait(timeout: .now() + seconds) == .success
    }

    @Test func shutdownFinishesWholeRepliesAndClosesClientsThatDoNotRead() throws {
        let srv = try TestServer(configure: { $0.shutdownGrace = 1 })
        let stalled = try srv.client(), slow = try srv.client()
        let start = #"{"jsonrpc":"2.0","id":1,"method":"session.start"}"# + "\n"
        stalled.sendRaw(Array(String(repeating: start, count: 4_000).utf8))  // never read: megabytes of replies
        slow.sendRaw(Array(String(repeating: start, count: 300).utf8))
        #expect(try srv.client().call("server.health").result != nil, "all requests were read")
        let server = srv
        #expect(returns(within: 60) { server.stop() }, "stop returns although a client never reads")
        var lines = 0
        while let line = slow.readLine(timeout: 10) {
            #expect(line.hasPrefix("{") && line.hasSuffix("}}"), "a whole reply: \(line.prefix(80))")
            lines += 1
        }
        #expect(lines >= 1 && lines <= 300)
        #expect(slow.buffer.isEmpty, "no reply was cut off: \(slow.buffer.count) bytes of a line")
        var byte: UInt8 = 0
        #expect(read(slow.fd, &byte, 1) == 0, "then the server closed the connection")
    }

    @Test func sigtermIsNotStuckBehindQueuedReloads() throws {
        let dir = try TemporaryDirectory.make("cairn-term")
        try writeFlows(dir)
        let path = "/tmp/cairn-term-\(UUID().uuidString.prefix(8)).sock"
        let process = Process()
        process.executableURL = try Repository.cairnBinary()
        process.arguments = ["serve", "--socket", path, "--flows", dir.path, "--log-level", "error"]
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var client: LineClient?
        for _ in 0..<500 where client == nil { client = try? LineClient(path: path); usleep(20_000) }
        let c = try #require(client)
        c.sendRaw(Array(String(repeating: #"{"jsonrpc":"2.0","id":1,"method":"flows.reload"}"# + "\n", count: 1_000).utf8))
        for _ in 0..<20 { kill(process.processIdentifier, SIGHUP) }
        #expect(c.readLine() != nil, "reloads are answered")
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!process.isRunning, "SIGTERM stopped the server")
        #expect(!FileManager.default.fileExists(atPath: path), "and it removed its socket")
    }
}
