import CairnEngine
@testable import CairnServer
import Foundation
import Testing

/// The server's hand-written JSON must give exactly what Foundation's coders give.
@Suite("FastJSON: the same bytes as JSONEncoder and JSONDecoder")
struct FastJSONTests {
    static let strings = ["", "plain", "Don't \"quote\" me \\ here", "a/b</script>", "tab\there\nnew line\r",
                          "\u{08}\u{0C}\u{01}\u{1F}\u{7F}", "café — ‘curly’ 😀", "🏳️‍🌈 e\u{301}", "{\"json\":[1,2]}"]

    static let events: [[Event]] = [
        [],
        [.say("Hi."), .choices([ChoiceOption(number: 1, id: "welcome.hello#1", label: "Continue"),
                                ChoiceOption(number: 12, id: "m.n#go_on", label: "Go / on \"now\"")])],
        [.ask(variable: "description", expect: "text", optional: true)],
        [.ask(variable: "age", expect: "number", optional: false)],
        [.interrupt(id: "crisis"), .say("Call or text 9-8-8.")],
        [.handoff(variables: ["age_group": "under_18"]), .end(reason: .handoff)],
        [.handoff(variables: [:]), .end(reason: .handoff)],
        [.failure("step limit of 1000 nodes reached at a.b"), .end(reason: .error)],
        [.end(reason: "completed")],
        [.interrupt(id: "crisis"), .contact(Contact(id: "kids_help_phone", name: "Kids Help Phone", offers: "a crisis line.", audience: "minors",
                                                    phone: [.init(number: "1-800-668-6868", label: "Toll-free")],
                                                    text: [.init(number: "686868", keyword: "CONNECT")], hours: "24/7", source: "the guide"))],
        [.contact(Contact(id: "n", name: "N", offers: "o.", source: "s")), .contact(Contact(id: "n", name: "N", offers: "o.", source: "s"))],
    ] + strings.map { [.say($0), .interrupt(id: $0), .end(reason: EndReason(rawValue: $0))] }
      + strings.map { s in
          [.contact(Contact(id: s, name: s, offers: s, audience: s, ages: s, region: s,
                            phone: [.init(number: s, label: s, letters: s, note: s), .init(number: s)], text: [.init(number: s, keyword: s), .init(number: s)],
                            email: [s, s], web: [s], hours: s, also: s, source: s))]
      }

    static let hints: [InputHint?] = [
        nil,
        InputHint(.choices([ChoiceOption(number: 1, id: "a#1", label: "One")])),
        InputHint(.text(variable: "description", expect: "text", optional: true)),
        InputHint(.text(variable: "n", expect: "number", optional: false)),
    ]

    static let ids: [RequestID] = [.null, RequestID(1), RequestID(-7), RequestID(123456789012345), RequestID("abc"), RequestID("x\"/y")]

    @Test func stepResultsAreWrittenAsJSONEncoderWritesThem() {
        var checked = 0
        for events in Self.events {
            for hint in Self.hints {
                for id in Self.ids {
                    for session in ["6f1d0c9a2b8e4f71a3c5d7e9f0a1b2c3", "é\"\\"] {
                        let result = StepResult(session: session, events: events, input: hint, ended: hint == nil)
                        #expect(FastJSON.response(result, id: id) == Dispatcher.encode(result: result, id: id))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 500)
    }

    @Test func manyHandedOffVariablesAreLeftToJSONEncoder() {
        let result = StepResult(session: "s", events: [.handoff(variables: ["b": "1", "a10": "2", "a9": "3"])], input: nil, ended: true)
        #expect(FastJSON.response(result, id: RequestID(1)) == nil)
    }

    static let lines = [
        #"{"jsonrpc":"2.0","id":1,"method":"session.send","params":{"session":"6f1d","text":"2"}}"#,
        #"  { "jsonrpc" : "2.0" , "id" : "a/b" , "method" : "session.start" , "params" : { "locale" : "en", "variables": {"c": true, "d": false, "e": null, "f": -12, "g": [1, [2, {}], []]} } }  "#,
        #"{"jsonrpc":"2.0","id":null,"method":"x","params":{"text":"esc \" \\ \/ \n \t \r \b \f end"}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"session.send","params":{"session":"s","text":"café ‘quoted’ 😀"}}"#,
        #"{}"#, #"{"a":{}}"#, #"{"a":[]}"#, #"{"n":0}"#, #"{"n":-0}"#, #"{"n":999999999999999}"#,
    ]

    /// Valid JSON that once went to JSONDecoder; the reader now reads it the same way itself.
    static let unusual = [
        #"{"text":"\u00e9 \u0000 \ud83d\ude00 \u002F"}"#, #"{"n":1.5}"#, #"{"n":1e3}"#, #"{"n":-2.5E-3}"#, #"{"n":1234567890123456}"#,
        #"[1,2]"#, #"5"#, #"{"a":"# + String(repeating: "[", count: 20) + "1" + String(repeating: "]", count: 20) + "}",
    ]

    @Test(arguments: lines + unusual) func requestsAreReadAsJSONDecoderReadsThem(_ line: String) throws {
        let read = try JSONReader.read(Array(line.utf8)).value
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        #expect(read == foundation)
    }

    /// Not JSON: each is a syntax error, never a value.
    static let invalid = [
        #"{"n":01}"#, #"{"a":1"#, #"{"a":1}x"#, #"{"a":"x"#, "{\"a\":\"\u{01}\"}", #"{"a":tru}"#, #"{"a":1,}"#, #"{,}"#,
        #"{"a":"\ud800"}"#, #"{"a":"\udc00"}"#, #"{"a":"\ud800\u0041"}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"n":-}"#,
        #"{"n":1.}"#, #"{"n":.5}"#, #"{"n":1e}"#, #"{"n":+1}"#, "", " ", #"{"a" 1}"#, #"["#, #"{"a":[1 2]}"#,
    ]

    @Test(arguments: invalid) func invalidJSONIsASyntaxError(_ line: String) {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.read(Array(line.utf8)) }
        if line != #"{"a":1,}"# {  // Foundation forgives a trailing comma; RFC 8259 does not
            #expect((try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))) == nil, "Foundation agrees it is not JSON")
        }
    }

    @Test func nestingIsBoundedAndDuplicateKeysAndHugeNumbersAreRefused() {
        let ok = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        #expect((try? JSONReader.read(Array(ok.utf8))) != nil)
        for deep in ["[" + ok + "]", String(repeating: "[", count: 100_000), String(repeating: #"{"a":"#, count: 50_000)] {
            #expect(throws: JSONReader.Failure.tooDeep) { try JSONReader.read(Array(deep.utf8)) }
        }
        #expect(throws: JSONReader.Failure.duplicateKey) { try JSONReader.read(Array(#"{"a":1,"a":2}"#.utf8)) }
        #expect(throws: JSONReader.Failure.numberOutOfRange) { try JSONReader.read(Array(#"{"a":1e400}"#.utf8)) }
    }

    @Test func topLevelValuesKeepTheirSourceText() throws {
        let doc = try JSONReader.read(Array(#"{ "id" : 9007199254740993 , "b":"\u0041", "c":[1, 2] ,"d":-0.0e0}"#.utf8))
        #expect(doc.literals == ["id": "9007199254740993", "b": #""\u0041""#, "c": "[1, 2]", "d": "-0.0e0"])
    }
}
