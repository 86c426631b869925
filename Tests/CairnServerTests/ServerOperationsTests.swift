import CairnEngine
import CairnLoader
@testable import CairnServer
import Foundation
import Testing

@Suite("cairn serve: many people, limits and operations", .serialized)
struct ServerOperationsTests {
    /// 200 sessions over 8 connections at once; every session must get exactly the events an
    /// in-process engine gives for the same inputs.
    @Test func twoHundredConcurrentSessionsWithNoCrossTalk() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let graph = try #require(try FlowLoader.load(paths: [srv.dir.path]).graph)
        let scripts = (0..<200).map { i in i % 3 == 0 ? ["1", "1", "words \(i)", "2"] : (i % 3 == 1 ? ["1", "suicide", "1", "2"] : ["bogus \(i)", "1", "menu"]) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            do {
                let c = try srv.client()
                for i in stride(from: worker, to: 200, by: 8) {
                    let engine = Engine(graph: graph)
                    var local = Session(graph: graph)
                    var expected = try engine.step(&local, .start)
                    var got = try c.call("session.start", id: i)
                    let id = try #require(got.session)
                    for text in scripts[i] {
                        if try encode(expected) != json(got.events) { failures.add("session \(i) differs") }
                        expected = try engine.step(&local, .text(text))
                        got = try c.call("session.send", ["session": id, "text": text], id: i)
                    }
                    if try encode(expected) != json(got.events) { failures.add("session \(i) differs at the end") }
                }
            } catch { failures.add("worker \(worker): \(error)") }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        let live = try scripts.filter { script in
            var s = Session(graph: graph)
            let engine = Engine(graph: graph)
            _ = try engine.step(&s, .start)
            for text in script { _ = try engine.step(&s, .text(text)) }
            return !s.isEnded
        }.count
        #expect(live > 0 && live < 200)
        #expect(try srv.client().call("server.health").result?["sessions"] as? Int == live, "ended sessions are gone")
    }

    @Test func sessionLimit() throws {
        let srv = try TestServer(limits: .init(maxSessions: 2))
        defer { srv.stop() }
        let c = try srv.client()
        _ = try c.call("session.start"); _ = try c.call("session.start")
        let r = try c.call("session.start")
        #expect(r.errorCode == -32002)
    }

    @Test func connectionLimit() throws {
        let srv = try TestServer(configure: { $0.maxConnections = 1 })
        defer { srv.stop() }
        let first = try srv.client()
        #expect(try first.call("server.health").result != nil)
        let second = try srv.client()
        #expect(try parse(try #require(second.readLine())).errorCode == -32005)
        #expect(second.readLine(timeout: 5) == nil, "then closed")
        #expect(try first.call("server.health").result != nil, "the first is unaffected")
    }

    @Test func idleSessionsExpireWithAnEndEventAndAreWiped() throws {
        let srv = try TestServer(limits: .init(idleTimeout: 0.3))
        defer { srv.stop() }
        let c = try srv.client()
        let id = try #require(try c.call("session.start").session)
        let note = try parse(try #require(c.readLine(timeout: 10), "an expiry notice"))
        #expect(note["method"] as? String == "session.events")
        let params = try #require(note["params"] as? [String: Any])
        #expect(params["session"] as? String == id)
        #expect((params["events"] as? [[String: Any]])?.map { $0["reason"] as? String } == ["idle_timeout"])
        #expect(try c.call("session.send", ["session": id, "text": "1"]).errorCode == -32001)
    }

    @Test func reloadRefusesBrokenFlowsAndRunningSessionsKeepTheirs() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try #require(try c.call("session.start").session)
        _ = try c.call("session.send", ["session": id, "text": "1"])
        let before = try #require(try c.call("server.health").result?["flows"] as? String)
        try "flow: main\ntitle: Main\nstart: hello\nnodes:\n  hello:\n    go: nowhere\n"
            .write(to: srv.dir.appendingPathComponent("main.yaml"), atomically: true, encoding: .utf8)
        let refused = try c.call("flows.reload")
        #expect(refused.errorCode == -32004)
        let details = ((refused["error"] as? [String: Any])?["data"] as? [String]) ?? []
        #expect(details.contains { $0.contains("main.yaml:6:9: error: unknown node or flow 'nowhere'") }, "\(details)")
        #expect(try c.call("server.health").result?["flows"] as? String == before)
        try writeFlows(srv.dir)
        let main = srv.dir.appendingPathComponent("main.yaml")
        try String(contentsOf: main, encoding: .utf8).replacingOccurrences(of: "- Hi. I'm an automated guide.", with: "- New flows.")
            .write(to: main, atomically: true, encoding: .utf8)
        let ok = try c.call("flows.reload")
        #expect(ok.result?["flows"] as? String != before)
        #expect(try c.call("session.send", ["session": id, "text": "1"]).says == ["In a few words, which image? You can type skip."],
                "the running session finishes on the flows it started with")
        #expect(try c.call("session.start").says == ["New flows."])
        #expect(try c.call("session.send", ["session": id, "text": "skip"]).says == ["What happened?"])
    }

    @Test func snapshotThenRestoreInANewServer() throws {
        let key = Array(repeating: UInt8(42), count: 32)
        let first = try TestServer(key: key)
        let c = try first.client()
        let id = try #require(try c.call("session.start").session)
        _ = try c.call("session.send", ["session": id, "text": "1"])
        _ = try c.call("session.send", ["session": id, "text": "1"])
        let blob = try #require(try c.call("session.snapshot", ["session": id]).result?["snapshot"] as? String)
        #expect(blob.hasPrefix("cairn-snapshot-2.\(SnapshotKeys.id(of: key))."))
        first.stop()
        #expect(!FileManager.default.fileExists(atPath: first.socketPath), "shutdown removes the socket file")

        let second = try TestServer(key: key, flowsDir: first.dir)
        defer { second.stop() }
        let d = try second.client()
        let restored = try d.call("session.restore", ["snapshot": blob])
        let newID = try #require(restored.session)
        #expect(newID == id, "a restore continues the session under its own id")
        #expect((restored.result?["input"] as? [String: Any])?["variable"] as? String == "description")
        _ = try d.call("session.send", ["session": newID, "text": "skip"])
        let end = try d.call("session.send", ["session": newID, "text": "2"])
        #expect(end.events.first?["variables"] as? [String: String] == ["situation": "shared"], "the answers came along")

        var tampered = Array(blob.utf8)
        tampered[30] = tampered[30] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(try d.call("session.restore", ["snapshot": String(decoding: tampered, as: UTF8.self)]).errorCode == -32003)
        let otherKey = try TestServer(key: Array(repeating: 1, count: 32), flowsDir: first.dir)
        defer { otherKey.stop() }
        let r = try otherKey.client().call("session.restore", ["snapshot": blob])
        #expect(r.errorCode == -32003)
        #expect(((r["error"] as? [String: Any])?["message"] as? String)?.contains("a key this server doesn't have") == true)
    }

    @Test func socketIsOwnerOnlyUnlessAskedAndStaleFilesAreReplaced() throws {
        let path = "/tmp/cairn-perm-\(UUID().uuidString.prefix(8)).sock"
        let srv = try TestServer(socketPath: path)
        var st = stat()
        #expect(lstat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(throws: ServerError.self) { _ = try TestServer(socketPath: path) }  // a live server is not replaced
        srv.server.shutdown()
        srv.server.wait()
        // A stale socket file (no listener): make one, then start over it.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in raw.copyBytes(from: Array(path.utf8) + [0]) }
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        close(fd)
        let again = try TestServer(configure: { $0.mode = 0o660 }, socketPath: path)
        #expect(lstat(path, &st) == 0 && st.st_mode & 0o777 == 0o660)
        again.stop()
        try "not a socket".write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        #expect(throws: ServerError.self) { _ = try TestServer(socketPath: path) }
        #expect(throws: ServerError.self) { _ = try TestServer(socketPath: "/tmp/" + String(repeating: "x", count: 120)) }
    }

    @Test func peerCredentialsRefuseOtherUsers() throws {
        let me = getuid()
        let refused = try TestServer(configure: { $0.allowedUIDs = [me &+ 1] })
        defer { refused.stop() }
        let c = try refused.client()
        #expect(try parse(try #require(c.readLine())).errorCode == -32007)
        let allowed = try TestServer(configure: { $0.allowedUIDs = [me] })
        defer { allowed.stop() }
        #expect(try allowed.client().call("server.health").result != nil)
    }

    @Test func logsCarryLifecycleOnlyNeverContent() throws {
        let srv = try TestServer(limits: .init(idleTimeout: 0.3))
        let c = try srv.client()
        let id = try #require(try c.call("session.start").session)
        _ = try c.call("session.send", ["session": id, "text": "1"])
        _ = try c.call("session.send", ["session": id, "text": "1"])
        _ = try c.call("session.send", ["session": id, "text": "PURPLE-ELEPHANT-42 my secret"])
        _ = try c.call("session.send", ["session": id, "text": "suicide"])
        c.send(#"{"jsonrpc":"2.0","id":9,"method":"session.send","params":{"session":"PURPLE-ELEPHANT-42","text":"x"}}"#)
        _ = c.readLine()
        let other = try #require(try c.call("session.start").session)
        _ = c.readLine(timeout: 3)  // let it expire
        srv.stop()
        let logs = srv.logs.lines.joined(separator: "\n")
        for secret in ["PURPLE", "ELEPHANT", "secret", "suicide", "automated guide", "What happened", "9-8-8", "image"] {
            #expect(!logs.contains(secret), "the logs hold '\(secret)':\n\(logs)")
        }
        for event in ["connection opened", "session started", "session ended", "request failed", "connection closed"] {
            #expect(logs.contains(event), "lifecycle event '\(event)' is logged")
        }
        #expect(!logs.contains(id) && !logs.contains(other), "session ids appear shortened, never whole")
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
}

func encode(_ events: [Event]) throws -> String {
    try json(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(events)) as! [[String: Any]])
}

func json(_ events: [[String: Any]]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: events, options: [.sortedKeys]), as: UTF8.self)
}

@Suite("cairn serve: a stalled client", .serialized)
struct StalledClientTests {
    /// A client that sends and never reads fills its socket buffers; the server stops reading from
    /// it (and buffers nothing more for it), while everyone else is answered as usual.
    @Test func aClientThatNeverReadsDoesNotBlockOthers() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let stalled = try srv.client()
        var flags = fcntl(stalled.fd, F_GETFL)
        flags |= O_NONBLOCK
        _ = fcntl(stalled.fd, F_SETFL, flags)
        let request = Array((#"{"jsonrpc":"2.0","id":1,"method":"flows.list"}"# + "\n").utf8)
        var sent = 0
        let deadline = Date().addingTimeInterval(20)
        // Write until the kernel refuses more: both directions' buffers are then full.
        while Date() < deadline {
            let n = request.withUnsafeBytes { write(stalled.fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            sent += 1
        }
        #expect(sent > 100, "the stalled client got its buffers full (\(sent) requests)")
        #expect(sent < 50_000, "the server stopped reading from it instead of buffering replies without end")
        let other = try srv.client()
        let start = Date()
        for i in 0..<20 { #expect(try other.call("server.health", id: i).result != nil) }
        #expect(Date().timeIntervalSince(start) < 10, "others are answered promptly")
    }
}
