/// A request line read straight into the members the dispatcher looks at, with no dictionary.
///
/// The same one pass as `JSONReader.read`, with the same bounds and the same failures at the
/// same bytes (a syntax error, nesting deeper than `maxDepth`, a key twice in one object, a
/// number beyond a Double), so every error reply is what it was; only where the values go
/// differs: the four members of a request (`jsonrpc`, `id`, `method`, `params`) and the known
/// parameters each have a field, and any other member is kept aside (its value read all the
/// same). Known names are matched by their bytes when written without escapes (exact: no
/// string canonically equivalent to a lowercase ASCII word is anything but that word), else by
/// their decoded text. `RequestReaderTests` compares it with `read` on valid, invalid, hostile
/// and mutated lines.
///
///     let r = try JSONReader.readRequest(#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#)
///     r.idLiteral  // "7"
extension JSONReader {
    struct Request {
        /// What the line holds: an object (a request), an array (a batch) or any other value.
        enum Shape { case object, array, other }
        /// The `params` member: missing, an object, or anything else (refused with -32602).
        enum ParamsMember { case missing, object(RequestParams), other }

        var shape = Shape.object
        var id: JSONValue?
        /// The source text of the `id` member's value.
        var idLiteral: String?
        var jsonrpc: JSONValue?
        var method: JSONValue?
        var params = ParamsMember.missing
        /// The names of the other members (read, then left alone).
        var otherNames: Set<String> = []
    }

    static func readRequest(_ line: String) throws(Failure) -> Request {
        try Array(line.utf8).withUnsafeBufferPointer { (bytes) throws(Failure) -> Request in try readRequest(bytes) }
    }

    /// Reads the bytes in place; fails exactly where `read` would.
    static func readRequest(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Request {
        var p = Parser(bytes: bytes)
        p.allLiterals = false
        p.skipSpace()
        var request = Request()
        if p.peek == UInt8(ascii: "{") {
            try p.request(&request)
        } else {
            var none: [String: String] = [:]
            let value = try p.value(depth: 0, literals: &none)
            if case .array = value { request.shape = .array } else { request.shape = .other }
        }
        p.skipSpace()
        guard p.i == bytes.count else { throw .syntax(offset: p.i) }
        return request
    }
}

/// The parameters of a request: the ones methods take have a field each, any other is kept by name.
struct RequestParams {
    var flow: JSONValue?
    var locale: JSONValue?
    var session: JSONValue?
    var snapshot: JSONValue?
    var text: JSONValue?
    var variables: JSONValue?
    var others: [String: JSONValue] = [:]

    /// A known parameter's name; the names in alphabetical order.
    struct Names: OptionSet {
        let rawValue: UInt8
        static let flow = Names(rawValue: 1), locale = Names(rawValue: 2), session = Names(rawValue: 4)
        static let snapshot = Names(rawValue: 8), text = Names(rawValue: 16), variables = Names(rawValue: 32)
        static let all: [(Names, String)] = [(.flow, "flow"), (.locale, "locale"), (.session, "session"),
                                             (.snapshot, "snapshot"), (.text, "text"), (.variables, "variables")]
        /// The names, alphabetically.
        var names: [String] { Self.all.filter { contains($0.0) }.map(\.1) }
    }

    /// The known parameters given.
    var present: Names {
        var n: Names = []
        if flow != nil { n.insert(.flow) }
        if locale != nil { n.insert(.locale) }
        if session != nil { n.insert(.session) }
        if snapshot != nil { n.insert(.snapshot) }
        if text != nil { n.insert(.text) }
        if variables != nil { n.insert(.variables) }
        return n
    }

    /// Every parameter's name, known or not (in no order).
    var names: [String] { present.names + others.keys }

    subscript(key: String) -> JSONValue? {
        switch key {
        case "flow": flow
        case "locale": locale
        case "session": session
        case "snapshot": snapshot
        case "text": text
        case "variables": variables
        default: others[key]
        }
    }

    /// The parameters as one JSON object (for tests, and to compare with `JSONReader.read`).
    var value: JSONValue {
        var o = others
        for (_, name) in Names.all { if let v = self[name] { o[name] = v } }
        return .object(o)
    }
}

extension JSONReader.Parser {
    /// A member's name: its bytes when written without escapes, else its decoded text.
    enum Name {
        case bytes(Int, Int)
        case text(String)
    }

    mutating func name() throws(JSONReader.Failure) -> Name {
        let open = i
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            i += 1
            return .bytes(start, i - 1)
        }
        i = open
        return .text(try string())
    }

    @inline(__always)
    func name(_ n: Name, is word: StaticString) -> Bool {
        switch n {
        case .bytes(let start, let end):
            let count = word.utf8CodeUnitCount
            guard end - start == count else { return false }
            for k in 0..<count where bytes[start + k] != word.utf8Start[k] { return false }
            return true
        case .text(let s):
            return s == word.description
        }
    }

    func text(_ n: Name) -> String {
        switch n {
        case .bytes(let start, let end): String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        case .text(let s): s
        }
    }

    /// An object's members, at `i` (its `{`): reads each name and its colon, then has `member`
    /// read the value, as `value` reads an object's.
    @inline(__always)
    mutating func members(_ member: (inout Self, Name) throws(JSONReader.Failure) -> Void) throws(JSONReader.Failure) {
        i += 1
        skipSpace()
        if peek == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw .syntax(offset: i) }
            let key = try name()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            try member(&self, key)
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// The top-level object, at `i` (its `{`), into `r`.
    mutating func request(_ r: inout JSONReader.Request) throws(JSONReader.Failure) {
        try members { (p, key) throws(JSONReader.Failure) in
            var none: [String: String] = [:]
            let start = p.i
            if p.name(key, is: "params") {
                let params: JSONReader.Request.ParamsMember
                if p.peek == UInt8(ascii: "{") {
                    var object = RequestParams()
                    try p.params(&object)
                    params = .object(object)
                } else {
                    _ = try p.value(depth: 1, literals: &none)
                    params = .other
                }
                guard case .missing = r.params else { throw .duplicateKey }
                r.params = params
                return
            }
            let v = try p.value(depth: 1, literals: &none)
            if p.name(key, is: "id") {
                guard r.id == nil else { throw .duplicateKey }
                r.id = v
                r.idLiteral = String(decoding: UnsafeBufferPointer(rebasing: p.bytes[start..<p.i]), as: UTF8.self)
            } else if p.name(key, is: "method") {
                guard r.method == nil else { throw .duplicateKey }
                r.method = v
            } else if p.name(key, is: "jsonrpc") {
                guard r.jsonrpc == nil else { throw .duplicateKey }
                r.jsonrpc = v
            } else {
                guard r.otherNames.insert(p.text(key)).inserted else { throw .duplicateKey }
            }
        }
    }

    /// The `params` object (depth 1), at `i` (its `{`), into `params`.
    mutating func params(_ params: inout RequestParams) throws(JSONReader.Failure) {
        try members { (p, key) throws(JSONReader.Failure) in
            var none: [String: String] = [:]
            let v = try p.value(depth: 2, literals: &none)
            func set(_ slot: inout JSONValue?) throws(JSONReader.Failure) {
                guard slot == nil else { throw .duplicateKey }
                slot = v
            }
            if p.name(key, is: "session") { try set(&params.session) }
            else if p.name(key, is: "text") { try set(&params.text) }
            else if p.name(key, is: "locale") { try set(&params.locale) }
            else if p.name(key, is: "flow") { try set(&params.flow) }
            else if p.name(key, is: "variables") { try set(&params.variables) }
            else if p.name(key, is: "snapshot") { try set(&params.snapshot) }
            else { guard params.others.updateValue(v, forKey: p.text(key)) == nil else { throw .duplicateKey } }
        }
    }
}
