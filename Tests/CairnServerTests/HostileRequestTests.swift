import CairnEngine
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

    /// A request padded with spaces to exactly `length` bytes.
    func request(length: Int) -> String {
        let base = #"{"jsonrpc":"2.0","id":1,"method":"server.health"}"#
        return String(base.dropLast()) + String(repeating: " ", count: length - base.utf8.count) + "}"
    }

    @Test func theLimitIsOnTheLineNotItsCarriageReturn() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        c.sendRaw(Array((request(length: 65_536) + "\r\n").utf8))
        #expect(try parse(try #require(c.readLine())).result != nil, "65,536 bytes + CRLF is accepted")
        c.sendRaw(Array((request(length: 65_536) + "\r").utf8))
        usleep(50_000)
        c.sendRaw(Array("\n".utf8))
        #expect(try parse(try #require(c.readLine())).result != nil, "also when the newline comes later")
        c.sendRaw(Array((request(length: 65_537) + "\r\n").utf8))
        #expect(try parse(try #require(c.readLine())).errorCode == -32006)
        c.sendRaw(Array((request(length: 65_537)).utf8))
        usleep(50_000)
        c.sendRaw(Array("\n".utf8))
        #expect(try parse(try #require(c.readLine())).errorCode == -32006)
        #expect(try c.call("server.health").result != nil)
    }

    @Test func longAnswersAreRefusedAtInputSoSnapshotsStayRestorable() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try #require(try c.call("session.start").session)
        _ = try c.call("session.send", ["session": id, "text": "1"])
        _ = try c.call("session.send", ["session": id, "text": "1"])  // now at the free-text question
        let long = try c.call("session.send", ["session": id, "text": String(repeating: "é", count: 25_000)])
        #expect(long.errorCode == -32602, "\(long)")
        #expect((long["error"] as? [String: Any])?["message"] as? String == "invalid params: 'text' is 50000 bytes; an answer may be at most 4096 bytes")
        let most = try c.call("session.send", ["session": id, "text": String(repeating: "x", count: 4096)])
        #expect(most.result != nil, "the session goes on: \(most)")
        let snapshot = try #require(try c.call("session.snapshot", ["session": id]).result?["snapshot"] as? String)
        #expect(try c.call("session.restore", ["snapshot": snapshot]).result != nil)
        let preset = try c.call("session.start", ["variables": ["counsellors": String(repeating: "y", count: 5000)]])
        #expect(preset.errorCode == -32602)
    }

    /// Every kind of JSON value, including numbers no Int64 holds.
    static let values = ["1e19", "-1e300", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1.5", "-0",
                         "0", "5", #""s""#, #""""#, "true", "false", "null", "[]", "[1]", "{}", #"{"a":1}"#]

    /// Every parameter of every method, with every kind of value: an answer (a result or
    /// -32602/-32001/-32003), never a crash, and the server still serves afterwards.
    @Test func everyValueForEveryParameterIsAnsweredWithoutATrap() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let params: [(String, [String])] = [
            ("session.start", ["flow", "locale", "variables"]), ("session.send", ["session", "text"]),
            ("session.end", ["session"]), ("session.snapshot", ["session"]), ("session.restore", ["snapshot"]),
            ("flows.list", ["x"]), ("server.health", ["x"]),
        ]
        var n = 0
        for (method, names) in params {
            for name in names {
                for value in Self.values {
                    n += 1
                    c.send(#"{"jsonrpc":"2.0","id":\#(n),"method":"\#(method)","params":{"\#(name)":\#(value)}}"#)
                    let r = try parse(try #require(c.readLine(), "\(method) \(name)=\(value)"))
                    #expect(r.result != nil || [-32602, -32001, -32003].contains(r.errorCode ?? 0), "\(method) \(name)=\(value): \(r)")
                }
            }
            // The same values for a preset variable, and as `params` itself.
            for value in Self.values {
                n += 1
                c.send(#"{"jsonrpc":"2.0","id":\#(n),"method":"session.start","params":{"variables":{"counsellors":\#(value)}}}"#)
                let r = try parse(try #require(c.readLine(), "counsellors=\(value)"))
                #expect(r.result != nil || r.errorCode == -32602, "counsellors=\(value): \(r)")
                c.send(#"{"jsonrpc":"2.0","id":\#(n),"method":"\#(method)","params":\#(value)}"#)
                let p = try parse(try #require(c.readLine(), "params=\(value)"))
                #expect(p.result != nil || [-32602, -32001, -32003].contains(p.errorCode ?? 0), "\(method) params=\(value): \(p)")
            }
        }
        for value in ["1e19", "-1e300", "9223372036854775807"] {
            c.send(#"{"jsonrpc":"2.0","method":"session.start","params":{"variables":{"counsellors":\#(value)}}}"#)  // no id
        }
        #expect(try c.call("server.health").result?["status"] as? String == "ok")
        #expect(try srv.client().call("session.start").session != nil, "a fresh conversation still works")
    }

    @Test func largePresetNumbersAreKeptAsText() {
        #expect(Dispatcher.text(of: 1e19) == "1e+19")
        #expect(Dispatcher.text(of: 9223372036854775807) == "9.223372036854776e+18")
        #expect(Dispatcher.text(of: -1e300) == "-1e+300")
        #expect(Dispatcher.text(of: 5) == "5")
        #expect(Dispatcher.text(of: -0.0) == "0")
        #expect(Dispatcher.text(of: 0.5) == "0.5")
    }

    @Test func idleTimeoutsBeyondTheClockAreClamped() {
        for t in [1e11, .infinity, .nan, 1e308] {
            #expect(Dispatcher.Limits(idleTimeout: t).idleNanoseconds == UInt64(Dispatcher.Limits.maxIdleTimeout * 1e9))
        }
        #expect(Dispatcher.Limits(idleTimeout: -5).idleNanoseconds == 1)
    }
}

/// What the server logs of a hostile request. Regression test for issue 12, finding 6.
@Suite("cairn serve: logs of hostile requests", .serialized)
struct HostileLogTests {
    @Test func unknownMethodsAreLoggedAsUnknownAndNothingForgesALine() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        c.send(#"{"jsonrpc":"2.0","id":1,"method":"x\nFAKE info session started\u001B[2J","params":{}}"#)
        #expect(try parse(try #require(c.readLine())).errorCode == -32601)
        c.send(#"{"jsonrpc":"2.0","id":2,"method":"session.send","params":{"session":"nope\nFAKE","text":"secret words"}}"#)
        #expect(try parse(try #require(c.readLine())).errorCode == -32001)
        let logs = srv.logs.lines.joined(separator: "\n")
        #expect(logs.contains("method=unknown"), "\(logs)")
        #expect(logs.contains("method=session.send"))
        #expect(!logs.contains("FAKE") && !logs.contains("\u{1B}") && !logs.contains("secret"), "\(logs)")
    }

    @Test func escapingKeepsOneLine() {
        #expect("a\nb\r\tc\u{1B}[2J\u{7F}\u{85}\u{2028}é\\".escapingControlCharacters == #"a\nb\r\tc\u{1B}[2J\u{7F}\u{85}\u{2028}é\"#)
        #expect("plain".escapingControlCharacters == "plain")
    }
}
