import CairnEngine
@testable import CairnServer
import Foundation
import Testing

/// Snapshots over a real socket: sealed, bounded, one live copy per session, never after `delete`.
@Suite("Snapshots over the socket")
struct SnapshotServerTests {
    static let tooLong = "That's more than I can keep in this conversation. Could you say it in fewer words?"
    static let k1 = [UInt8](repeating: 11, count: 32), k2 = [UInt8](repeating: 22, count: 32)

    /// Starts a session and walks it to the free-text question (`describe`).
    static func atQuestion(_ c: LineClient) throws -> String {
        let id = try #require(try c.call("session.start").session)
        _ = try c.call("session.send", ["session": id, "text": "1"])
        _ = try c.call("session.send", ["session": id, "text": "1"])
        return id
    }

    static func snapshot(_ c: LineClient, _ id: String) throws -> (blob: String, generation: Int) {
        let r = try #require(try c.call("session.snapshot", ["session": id]).result)
        return (try #require(r["snapshot"] as? String), try #require(r["generation"] as? Int))
    }

    static func message(_ r: [String: Any]) -> String { (r["error"] as? [String: Any])?["message"] as? String ?? "" }

    /// Answers of 4,096 bytes that JSON writes twice as long, question after question, until
    /// the session is full: the next one is refused in the conversation, and the snapshot of
    /// the fullest session still fits in one request line and restores on the same server.
    @Test func theLargestSessionAPersonCanBuildSnapshotsAndRestores() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try Self.atQuestion(c)
        var taken = 0
        var refusal: [String: Any]?
        for i in 0..<30 {
            let answer = String(i) + String(repeating: "\"", count: 4096 - String(i).utf8.count)
            let reply = try c.call("session.send", ["session": id, "text": answer])
            if reply.says == [Self.tooLong] { refusal = reply; break }
            #expect(reply.says == ["What happened?"], "\(reply)")
            taken += 1
            _ = try c.call("session.send", ["session": id, "text": "1"])
        }
        let refused = try #require(refusal, "the session filled up")
        #expect(taken >= 4, "room for several long answers: \(taken)")
        #expect((refused.result?["input"] as? [String: Any])?["variable"] as? String == "description", "asked again")
        #expect(refused.result?["ended"] as? Bool == false)

        let (blob, _) = try Self.snapshot(c, id)
        let line = #"{"jsonrpc":"2.0","id":"a-host-id-of-some-length","method":"session.restore","params":{"snapshot":""# + blob + #""}}"#
        #expect(line.utf8.count <= 65_536 && line.utf8.count > 40_000, "near the line limit, within it: \(line.utf8.count)")
        c.send(line)
        let restored = try parse(try #require(c.readLine()))
        #expect(restored.session == id, "\(restored)")
        #expect(try c.call("session.send", ["session": id, "text": "skip"]).says == ["What happened?"], "and it goes on")
        #expect(!srv.logs.lines.joined().contains("\"\"\"\""), "no answer in the logs")
    }

    @Test func aRestoreReplacesTheLiveCopyAndOlderGenerationsAreRefused() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try Self.atQuestion(c)
        let first = try Self.snapshot(c, id)
        _ = try c.call("session.send", ["session": id, "text": "my photo"])
        let second = try Self.snapshot(c, id)
        #expect(first.generation == 1 && second.generation == 2)

        for _ in 0..<2 {
            let r = try c.call("session.restore", ["snapshot": second.blob])
            #expect(r.session == id)
            #expect(try c.call("server.health").result?["sessions"] as? Int == 1, "one live copy, however often it is restored")
        }
        let old = try c.call("session.restore", ["snapshot": first.blob])
        #expect(old.errorCode == -32008)
        #expect(Self.message(old).contains("newer snapshot (generation 2)"))

        // Once the session has ended the server still knows its newest generation.
        #expect(try c.call("session.end", ["session": id]).result?["ended"] as? Bool == true)
        #expect(try c.call("session.restore", ["snapshot": first.blob]).errorCode == -32008)
        let back = try c.call("session.restore", ["snapshot": second.blob])
        #expect(back.session == id, "the newest one restores: \(back)")
        #expect(try c.call("session.send", ["session": id, "text": "1"]).says == ["In a few words, which image? You can type skip."],
                "at the menu, where the second snapshot was taken")
    }

    @Test(arguments: ["forget me", "delete"])
    func aSessionThePersonDeletedIsNeverRestored(_ words: String) throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try Self.atQuestion(c)
        let blob = try Self.snapshot(c, id).blob
        #expect(try c.call("session.restore", ["snapshot": blob]).session == id)
        let end = try c.call("session.send", ["session": id, "text": words])
        #expect(end.events.last?["reason"] as? String == "user_delete")
        let r = try c.call("session.restore", ["snapshot": blob])
        #expect(r.errorCode == -32009)
        #expect(Self.message(r).contains("the person deleted this conversation"))
        #expect(try srv.client().call("session.restore", ["snapshot": blob]).errorCode == -32009, "on any connection")
    }

    /// A fleet rolls keys: a server with the new key first still opens the old key's snapshots,
    /// and seals with the new one; a server without a key refuses and names its id.
    @Test func keyRotationAcrossServers() throws {
        let id1 = SnapshotKeys.id(of: Self.k1), id2 = SnapshotKeys.id(of: Self.k2)
        let old = try TestServer(keys: SnapshotKeys([Self.k1]))
        let c = try old.client()
        let id = try Self.atQuestion(c)
        let sealedOld = try Self.snapshot(c, id).blob
        #expect(sealedOld.hasPrefix("cairn-snapshot-2.\(id1)."))
        old.stop()

        let rolled = try TestServer(keys: SnapshotKeys([Self.k2, Self.k1]), flowsDir: old.dir)
        defer { rolled.stop() }
        let d = try rolled.client()
        #expect(try d.call("server.health").result?["snapshot_keys"] as? [String] == [id2, id1])
        #expect(try d.call("session.restore", ["snapshot": sealedOld]).session == id)
        let sealedNew = try Self.snapshot(d, id).blob
        #expect(sealedNew.hasPrefix("cairn-snapshot-2.\(id2)."))

        let stale = try TestServer(keys: SnapshotKeys([Self.k1]), flowsDir: old.dir)
        defer { stale.stop() }
        let r = try stale.client().call("session.restore", ["snapshot": sealedNew])
        #expect(r.errorCode == -32003)
        #expect(Self.message(r).contains("key id \(id2)"))

        let newOnly = try TestServer(keys: SnapshotKeys([Self.k2]), flowsDir: old.dir)
        defer { newOnly.stop() }
        #expect(try newOnly.client().call("session.restore", ["snapshot": sealedNew]).session == id)
        #expect(try newOnly.client().call("session.restore", ["snapshot": sealedOld]).errorCode == -32003, "the retired key opens nothing")
    }

    @Test func withoutAKeyFileTheServerWarnsOnceAndHealthSaysSo() throws {
        let random = try TestServer(keys: .random())
        defer { random.stop() }
        let health = try #require(try random.client().call("server.health").result)
        #expect(health["snapshots_survive_restart"] as? Bool == false)
        #expect(random.logs.lines.filter { $0.contains("no --snapshot-key-file") && $0.hasPrefix("warning") }.count == 1)

        let keyed = try TestServer(keys: SnapshotKeys([Self.k1]), flowsDir: random.dir)
        defer { keyed.stop() }
        #expect(try keyed.client().call("server.health").result?["snapshots_survive_restart"] as? Bool == true)
        #expect(!keyed.logs.lines.contains { $0.contains("no --snapshot-key-file") })
    }

    @Test func presetsThatWouldFillTheSessionAreRefused() throws {
        let srv = try TestServer(configure: { $0.maxLineLength = 9_000 })
        defer { srv.stop() }
        #expect(srv.logs.lines.contains { $0.hasPrefix("warning sessions of these flows can keep few answers") }, "\(srv.logs.lines)")
        let c = try srv.client()
        let r = try c.call("session.start", ["variables": ["counsellors": String(repeating: "\"", count: 4096)]])
        #expect(r.errorCode == -32602)
        #expect(Self.message(r).contains("the preset values take 8195 bytes"), "\(r)")
        #expect(try c.call("session.start", ["variables": ["counsellors": "yes"]]).session != nil)
    }
}
