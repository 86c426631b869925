@testable import CairnServer
import Testing

/// `JSONReader.readRequest` (the server's reader, no dictionaries) against `JSONReader.read`
/// (the general reader it replaced) and the way the dispatcher took a request apart: the same
/// failure at the same byte, or the same members, on valid, invalid and hostile lines.
@Suite("JSONReader: the request reader reads as the general reader does")
struct RequestReaderTests {
    /// What the dispatcher looks at, taken from either reader.
    struct Seen: Equatable {
        var shape: JSONReader.Request.Shape
        var id: JSONValue?
        var idLiteral: String?
        var jsonrpc: JSONValue?
        var method: JSONValue?
        /// nil: no `params`; `.object`: its members; anything else: not an object.
        var params: JSONValue?
        var others: Set<String>
    }

    static func general(_ line: String) -> Result<Seen, JSONReader.Failure> {
        Result { () throws(JSONReader.Failure) -> Seen in
            let doc = try Array(line.utf8).withUnsafeBufferPointer { (b) throws(JSONReader.Failure) in try JSONReader.read(b, allLiterals: false) }
            switch doc.value {
            case .object(let fields):
                let params: JSONValue? = switch fields["params"] { case nil: nil; case .object(let o)?: .object(o); default: .null }
                return Seen(shape: .object, id: fields["id"], idLiteral: doc.idLiteral, jsonrpc: fields["jsonrpc"], method: fields["method"],
                            params: params, others: Set(fields.keys).subtracting(["id", "jsonrpc", "method", "params"]))
            case .array: return Seen(shape: .array, others: [])
            default: return Seen(shape: .other, others: [])
            }
        }
    }

    static func request(_ line: String) -> Result<Seen, JSONReader.Failure> {
        Result { () throws(JSONReader.Failure) -> Seen in
            let r = try JSONReader.readRequest(line)
            let params: JSONValue? = switch r.params { case .missing: nil; case .object(let p): p.value; case .other: .null }
            return Seen(shape: r.shape, id: r.id, idLiteral: r.idLiteral, jsonrpc: r.jsonrpc, method: r.method,
                        params: params, others: r.otherNames)
        }
    }

    static let valid = [
        #"{"jsonrpc":"2.0","id":1,"method":"session.send","params":{"session":"6f1d","text":"2"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"session.start"}"#,
        #"  { "jsonrpc" : "2.0" , "id" : "a/b" , "method" : "session.start" , "params" : { "locale" : "en", "flow": "x", "variables": {"c": true, "d": false, "e": null, "f": -12, "g": [1, [2, {}], []]} } }  "#,
        #"{"jsonrpc":"2.0","id":null,"method":"x","params":{"text":"esc \" \\ \/ \n \t \r \b \f end","extra":[1]}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"session.restore","params":{"snapshot":"cairn1.abc"}}"#,
        #"{"\u006aso\u006erpc":"2.0","\u0069d":"\u0041","m\u0065thod":"server.health","p\u0061rams":{"s\u0065ssion":"x","t\u0065xt":"y"}}"#,
        #"{"method":"flows.list","params":[],"id":{"a":1},"jsonrpc":2}"#, #"{"params":7}"#, #"{"params":null}"#, #"{"params":"x"}"#,
        #"{"id":9007199254740993,"other":1,"and":{"deep":[[]]},"K":1,"é":2,"e\u0301x":3}"#,
        #"{"params":{"session":1,"text":{"a":"b"},"locale":[],"flow":null,"variables":"v","snapshot":false,"zz":1,"Session":2}}"#,
        #"{}"#, #"{"params":{}}"#, #"[]"#, #"[{"jsonrpc":"2.0"}]"#, #"5"#, #""s""#, #"null"#, #"true"#,
        #"{"ids":1,"i":2,"idd":3,"params2":4,"method ":5,"jsonrpc\u0000":6}"#,
        #"{"params":{"texts":1,"tex":2,"sessio":3,"variable":4,"locales":5}}"#,
    ]

    static let invalid = [
        "", " ", "{", "}", #"{"#, #"{"a""#, #"{"a":"#, #"{"a":1"#, #"{"a":1,}"#, #"{,}"#, #"{"a" 1}"#, #"{"a":1}x"#,
        #"{"id":01}"#, #"{"id":1.}"#, #"{"id":-}"#, #"{"id":tru}"#, #"{"params":{"text":"\x"}}"#, #"{"params":{"text":"\ud800"}}"#,
        #"{"params":{"text":"a"#, #"{"params":{"text":"a",}}"#, #"{"params":{"text" "a"}}"#, #"{"params":{1:2}}"#, #"{"par\ams":1}"#,
        "{\"method\":\"a\u{01}\"}", "{\"me\u{01}thod\":1}", #"{"id":1e400}"#, #"{"params":{"text":-1e999}}"#,
        // duplicates, in every place, plain and escaped, and after the value that follows them
        #"{"id":1,"id":2}"#, #"{"id":1,"\u0069d":2}"#, #"{"jsonrpc":"2.0","jsonrpc":"2.0"}"#, #"{"method":"a","method":"a"}"#,
        #"{"params":{},"params":{}}"#, #"{"params":1,"params":{}}"#, #"{"x":1,"x":2}"#, #"{"K":1,"\u212a":2}"#,
        #"{"params":{"text":"a","text":"b"}}"#, #"{"params":{"session":"a","s\u0065ssion":"b"}}"#, #"{"params":{"q":1,"q":2}}"#,
        #"{"params":{"variables":{"a":1,"a":2}}}"#, #"{"id":1,"id":[1"#, #"{"id":1,"id":{"a":1,"a":2}}"#,
        // nesting past the bound
        #"{"params":{"x":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}}",
        #"{"id":"# + String(repeating: "[", count: 32) + String(repeating: "]", count: 32) + "}",
        #"{"params":{"variables":"# + String(repeating: #"{"a":"#, count: 31) + "1" + String(repeating: "}", count: 31) + "}}",
        String(repeating: "[", count: 100_000), String(repeating: #"{"a":"#, count: 50_000), String(repeating: #"{"params":"#, count: 50_000),
    ]

    /// Nesting at the bound: the deepest a value may go (valid), one level more (too deep).
    static let edges = [31, 32].map { #"{"id":"# + String(repeating: "[", count: $0) + String(repeating: "]", count: $0) + "}" }
        + [30, 31].map { #"{"params":{"variables":"# + String(repeating: #"{"a":"#, count: $0) + "1" + String(repeating: "}", count: $0) + "}}" }

    @Test func theBoundIsWhereItWas() {
        #expect((try? Self.request(Self.edges[0]).get()) != nil)
        #expect(Self.request(Self.edges[1]) == .failure(.tooDeep))
        #expect((try? Self.request(Self.edges[2]).get()) != nil)
        #expect(Self.request(Self.edges[3]) == .failure(.tooDeep))
    }

    @Test(arguments: valid + invalid + edges) func bothReadersAgree(_ line: String) {
        #expect(Self.request(line) == Self.general(line), "\(line.prefix(200))")
    }

    @Test func validLinesAreReadAndInvalidOnesFail() {
        for line in Self.valid { #expect((try? Self.request(line).get()) != nil, "\(line)") }
        for line in Self.invalid { #expect((try? Self.request(line).get()) == nil, "\(line.prefix(200))") }
    }

    /// Every prefix and every one-byte change of a few requests: truncated and corrupted lines.
    @Test func mutatedRequestsAgree() {
        let seeds = [Self.valid[0], Self.valid[2], Self.valid[5], Self.valid[11]]
        let bytes: [UInt8] = Array(#"{}[]",:\ u0a1-.eE+tfn"#.utf8) + [0x00, 0x1F, 0xC3, 0xA9]
        var checked = 0
        for seed in seeds {
            let u = Array(seed.utf8)
            for n in 0...u.count {
                let line = String(decoding: u[0..<n], as: UTF8.self)
                #expect(Self.request(line) == Self.general(line), "\(line)")
                checked += 1
            }
            for at in u.indices {
                for b in bytes {
                    var m = u
                    m[at] = b
                    let line = String(decoding: m, as: UTF8.self)
                    #expect(Self.request(line) == Self.general(line), "\(line)")
                    checked += 1
                }
            }
        }
        #expect(checked > 5000)
    }

    @Test func membersGoWhereTheDispatcherLooks() throws {
        let r = try JSONReader.readRequest(#"{"jsonrpc":"2.0","id":"a\/b","method":"session.send","params":{"session":"s1","text":"hi","x":1}}"#)
        #expect(r.shape == .object)
        #expect(r.idLiteral == #""a\/b""#)
        #expect(r.id == .string("a/b"))
        #expect(r.jsonrpc == .string("2.0"))
        #expect(r.method == .string("session.send"))
        guard case .object(let p) = r.params else { Issue.record("params is an object"); return }
        #expect(p.session == .string("s1"))
        #expect(p.text == .string("hi"))
        #expect(p["x"] == .number(1))
        #expect(p.present == [.session, .text])
        #expect(Set(p.names) == ["session", "text", "x"])
    }
}
