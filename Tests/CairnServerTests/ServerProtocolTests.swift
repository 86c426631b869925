import CairnEngine
import CairnTestSupport
@testable import CairnServer
import Foundation
import Testing

@Suite("cairn serve: protocol over a real socket", .serialized)
struct ServerProtocolTests {
    @Test func aWholeConversation() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let start = try c.call("session.start", ["variables": ["counsellors": true]])
        let id = try #require(start.session)
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit), "128-bit random id")
        #expect(start.says == ["Hi. I'm an automated guide.", "A counsellor is available."])
        let input = try #require(start.result?["input"] as? [String: Any])
        #expect(input["type"] as? String == "choices")
        #expect((input["choices"] as? [[String: Any]])?.map { $0["label"] as? String } == ["Continue", "Leave"])
        #expect(try c.call("session.send", ["session": id, "text": "1"]).says == ["What happened?"])
        let ask = try c.call("session.send", ["session": id, "text": "1"])
        #expect((ask.result?["input"] as? [String: Any])?["type"] as? String == "text")
        _ = try c.call("session.send", ["session": id, "text": "the beach one"])
        let handoff = try c.call("session.send", ["session": id, "text": "talk to a person"])
        #expect(handoff.events.map { $0["type"] as? String } == ["handoff", "end"])
        #expect(handoff.events[0]["variables"] as? [String: String] == ["situation": "shared"])
        #expect(handoff.result?["ended"] as? Bool == true)
        #expect(try c.call("session.send", ["session": id, "text": "1"]).errorCode == -32001, "nothing after the end")
    }

    @Test func aCardCarriesTheWholeDirectoryEntry() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try #require(try c.call("session.start").session)
        let crisis = try c.call("session.send", ["session": id, "text": "suicide"])
        #expect(crisis.events.map { $0["type"] as? String } == ["interrupt", "say", "contact", "choices"])
        #expect(crisis.says == ["Call or text 9-8-8."], "a slot fills in the directory's number")
        let card = try #require(crisis.events[2]["contact"] as? [String: Any])
        #expect(card["id"] as? String == "crisis_line" && card["name"] as? String == "A crisis line")
        #expect(card["phone"] as? [[String: String]] == [["label": "Call", "number": "9-8-8"]])
        #expect(card["text"] as? [[String: String]] == [["keyword": "CONNECT", "number": "686868"]])
        #expect(card["email"] as? [String] == [] && card["web"] as? [String] == [] && card["hours"] as? String == "24/7")
    }

    @Test func contactsListIsTheDirectoryInTheAskedLanguage() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let list = try c.call("contacts.list")
        let contacts = try #require(list.result?["contacts"] as? [[String: Any]], "\(list)")
        #expect(contacts.map { $0["id"] as? String } == ["crisis_line", "legal_clinic"])
        #expect(contacts[1]["offers"] as? String == "free legal advice.")
        #expect(contacts[1]["phone"] as? [Any] != nil && (contacts[1]["phone"] as? [Any])?.isEmpty == true, "no details: empty lists, nothing made up")
        #expect(list.result?["flows"] as? String == (try c.call("flows.list").result?["fingerprint"] as? String))
        let fr = try c.call("contacts.list", ["locale": "fr"])
        #expect((fr.result?["contacts"] as? [[String: Any]])?.last?["offers"] as? String == "des conseils juridiques gratuits.")
        #expect(try c.call("contacts.list", ["locale": 5]).errorCode == -32602)
        #expect(try c.call("contacts.list", ["session": "x"]).errorCode == -32602)
    }

    @Test func hostCancelEndsOnceWithItsReason() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try #require(try c.call("session.start").session)
        let end = try c.call("session.end", ["session": id])
        #expect(end.events.count == 1 && end.events[0]["reason"] as? String == "host_cancelled")
        #expect(try c.call("session.end", ["session": id]).errorCode == -32001)
    }

    @Test func forgetMeWipesTheSession() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let id = try #require(try c.call("session.start").session)
        let r = try c.call("session.send", ["session": id, "text": "forget me"])
        #expect(r.events.last?["reason"] as? String == "user_delete")
        #expect(try c.call("session.snapshot", ["session": id]).errorCode == -32001)
        #expect(try c.call("server.health").result?["sessions"] as? Int == 0)
    }

    @Test func listHealthAndVersion() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let flows = try #require(try c.call("flows.list").result)
        #expect((flows["flows"] as? [[String: Any]])?.map { $0["id"] as? String } == ["main"])
        #expect(flows["protocol"] as? String == "cairn-rpc/1")
        let health = try #require(try c.call("server.health").result)
        #expect(health["status"] as? String == "ok" && health["connections"] as? Int == 1)
    }

    @Test func notificationsGetNoResponse() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        c.send(#"{"jsonrpc":"2.0","method":"server.health"}"#)
        c.send(#"{"jsonrpc":"2.0","id":"after","method":"server.health"}"#)
        #expect(try parse(try #require(c.readLine()))["id"] as? String == "after")
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"method":"#, -32700),
        (#"[{"jsonrpc":"2.0","id":1,"method":"server.health"}]"#, -32600),
        (#""just a string""#, -32600),
        (#"{"id":1,"method":"server.health"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":{"a":1},"method":"server.health"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":7}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.jump"}"#, -32601),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.send","params":{"text":"hi"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.send","params":{"session":5,"text":"hi"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.start","params":{"colour":"red"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.start","params":{"variables":{"situation":"x"}}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.start","params":{"flow":"nowhere"}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.start","params":[1,2]}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.send","params":{"session":"0123","text":"hi"}}"#, -32001),
        (#"{"jsonrpc":"2.0","id":1,"method":"session.restore","params":{"snapshot":"not a snapshot"}}"#, -32003),
    ])
    func errorsHaveTheirCodesAndTheConnectionStaysUsable(line: String, code: Int) throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        c.send(line)
        let response = try parse(try #require(c.readLine()))
        #expect(response.errorCode == code, "\(response)")
        #expect(try c.call("server.health").result?["status"] as? String == "ok")
    }

    @Test func invalidUTF8IsAParseError() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        c.sendRaw([0x7B, 0xFF, 0xFE, 0x7D, 0x0A])
        #expect(try parse(try #require(c.readLine())).errorCode == -32700)
        #expect(try c.call("server.health").result != nil)
    }

    @Test func anOversizedLineIsRefusedAndTheConnectionGoesOn() throws {
        let srv = try TestServer(configure: { $0.maxLineLength = 1024 })
        defer { srv.stop() }
        let c = try srv.client()
        c.send(#"{"jsonrpc":"2.0","id":1,"method":"session.start","params":{"flow":""# + String(repeating: "x", count: 200_000) + #""}}"#)
        let r = try parse(try #require(c.readLine()))
        #expect(r.errorCode == -32006)
        #expect(try c.call("server.health").result != nil)
    }

    @Test func errorMessagesNeverRepeatWhatWasTyped() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        c.send(#"{"jsonrpc":"2.0","id":1,"method":"session.send","params":{"session":"SECRET-WORDS","text":"SECRET-WORDS"}}"#)
        c.send(#"{"jsonrpc":"2.0","id":2,"method":"session.send","params":{"session":"x","text":"SECRET-WORDS","extra":1}}"#)
        c.send(#"{"SECRET-WORDS"#)
        for _ in 0..<3 { #expect(c.readLine()?.contains("SECRET") == false) }
    }

    @Test func halfClosedClientStillGetsItsAnswers() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        c.send(#"{"jsonrpc":"2.0","id":1,"method":"server.health"}"#)
        c.sendRaw(Array(#"{"jsonrpc":"2.0","id":2,"method":"flows.list"}"#.utf8))  // no final newline
        c.shutdownWrite()
        #expect(try parse(try #require(c.readLine()))["id"] as? Int == 1)
        #expect(try parse(try #require(c.readLine()))["id"] as? Int == 2)
        #expect(c.readLine(timeout: 5) == nil, "then the server closes")
    }

    @Test func aClientThatVanishesMidRequestHarmsNoOne() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        do {
            let c = try srv.client()
            c.sendRaw(Array(#"{"jsonrpc":"2.0","id":1,"method":"session.st"#.utf8))
        }
        let other = try srv.client()
        #expect(try other.call("session.start").session != nil)
    }
}

@Suite("cairn serve: the Python example client", .serialized)
struct PythonClientTests {
    @Test func theExampleRunsAConversation() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let script = Repository.path("docs/examples/python/cairn_client.py").path
        let run = try Subprocess.run(tool: "python3", [script, srv.socketPath, "1", "suicide", "1", "1", "skip", "talk to a person"], timeout: 60)
        let text = run.stdout + run.stderr
        #expect(run.status == 0, "\(text)")
        #expect(text.contains("Hi. I'm an automated guide."))
        #expect(text.contains("Call or text 9-8-8.\n\nA crisis line: support at any hour, by phone or text.\nCall: 9-8-8\nText: CONNECT to 686868\nHours: 24/7\n"),
                "a contact card, laid out as the terminal does")
        #expect(text.contains("  2. Talk to a person"))
        #expect(text.contains("[handing over to a person, with: situation=shared ]"))
        #expect(text.contains("[the conversation ended: handoff]"))
    }
}
