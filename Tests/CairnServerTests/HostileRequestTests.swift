@testable import CairnServer
import Foundation
import Testing

/// Requests an attacker sends to a live server (real sockets): each gets an answer, and the
/// server goes on serving everyone. Regression tests for issue 12.
@Suite("cairn serve: hostile requests", .serialized)
struct HostileRequestTests {
    @Test func deepNestingIsRefusedClearlyAndOthersAreStillServed() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let attacker = try srv.client(), other = try srv.client()
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let object = #"{"jsonrpc":"2.0","id":1,"method":"server.health","params":{"x":"# + deep + "}}"
        attacker.sendRaw(Array(String(repeating: object + "\n", count: 20).utf8))
        for _ in 0..<20 {
            let r = try parse(try #require(attacker.readLine()))
            #expect(r.errorCode == -32600)
            #expect((r["error"] as? [String: Any])?["message"] as? String == "invalid request: JSON nested deeper than 32 levels")
        }
        #expect(try other.call("server.health").result?["status"] as? String == "ok")
        attacker.send(String(repeating: "{\"a\":", count: 10_000))
        #expect(try parse(try #require(attacker.readLine())).errorCode == -32600)
    }

    @Test func idsAreEchoedByteForByte() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        for id in ["9007199254740993", "-0", "1.50", "1e2", "123456789012345678901234567890", #""\u0041\/""#, "null"] {
            c.send(#"{"jsonrpc":"2.0","id":"# + id + #","method":"server.health"}"#)
            let line = try #require(c.readLine())
            #expect(line.hasPrefix(#"{"id":"# + id + #","jsonrpc":"2.0","result":"#), "\(line)")
            c.send(#"{"jsonrpc":"2.0","id":"# + id + #","method":"no.such"}"#)
            let error = try #require(c.readLine())
            #expect(error.hasSuffix(#","id":"# + id + #","jsonrpc":"2.0"}"#), "\(error)")
            #expect(try parse(error).errorCode == -32601)
        }
        c.send(#"{"jsonrpc":"2.0","id":1e999,"method":"server.health"}"#)
        #expect(try parse(try #require(c.readLine())).errorCode == -32700)
        c.send(#"{"jsonrpc":"2.0","id":1,"id":2,"method":"server.health"}"#)
        #expect(try parse(try #require(c.readLine())).errorCode == -32600)
    }
}
