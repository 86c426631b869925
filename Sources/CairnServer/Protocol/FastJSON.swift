import CairnEngine

/// Hand-written JSON for the server's hot path: reading ordinary request lines and writing step
/// results, byte for byte as `JSONDecoder`/`JSONEncoder` (sorted keys, slashes unescaped) would.
///
/// Each function handles a plain subset and returns nil for anything else (a `\u` escape, a
/// non-integer number, a duplicate key, deep nesting, a non-integer id), and the caller then uses
/// Foundation's coders, so results never differ; only the common case is faster. The equivalence
/// is tested against Foundation in `FastJSONTests`.
enum FastJSON {
    // MARK: Reading

    /// The request object in `line`, or nil to let `JSONDecoder` decide.
    static func parseObject(_ line: [UInt8]) -> JSONValue? {
        line.withUnsafeBufferPointer { bytes in
            var p = Parser(bytes: bytes)
            p.skipSpace()
            guard p.peek == UInt8(ascii: "{"), let value = p.value(depth: 0) else { return nil }
            p.skipSpace()
            return p.i == bytes.count ? value : nil
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return nil }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return nil }
            i += n
            return value
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth < 16, let c = peek else { return nil }
            switch c {
            case UInt8(ascii: "{"):
                i += 1
                var object: [String: JSONValue] = [:]
                object.reserveCapacity(4)
                skipSpace()
                if peek == UInt8(ascii: "}") { i += 1; return .object(object) }
                while true {
                    skipSpace()
                    guard peek == UInt8(ascii: "\""), let key = string() else { return nil }
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { return nil }
                    i += 1
                    skipSpace()
                    guard let v = value(depth: depth + 1), object.updateValue(v, forKey: key) == nil else { return nil }
                    skipSpace()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    if peek == UInt8(ascii: "}") { i += 1; return .object(object) }
                    return nil
                }
            case UInt8(ascii: "["):
                i += 1
                var array: [JSONValue] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { i += 1; return .array(array) }
                while true {
                    skipSpace()
                    guard let v = value(depth: depth + 1) else { return nil }
                    array.append(v)
                    skipSpace()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    if peek == UInt8(ascii: "]") { i += 1; return .array(array) }
                    return nil
                }
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return integer()
            }
        }

        /// A plain integer of at most 15 digits (exact as a Double); nil for any other number.
        mutating func integer() -> JSONValue? {
            var k = i
            let negative = peek == UInt8(ascii: "-")
            if negative { k += 1 }
            let start = k
            var n: Int64 = 0
            while k < bytes.count, (bytes[k] &- 0x30) < 10 { n = n * 10 + Int64(bytes[k] &- 0x30); k += 1; if k - start > 15 { return nil } }
            guard k > start, !(bytes[start] == 0x30 && k - start > 1) else { return nil }
            if k < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[k]) { return nil }
            i = k
            return .number(Double(negative ? -n : n))
        }

        /// A string with only simple escapes; nil for `\u`, a raw control character or no end.
        mutating func string() -> String? {
            i += 1  // the opening quote
            let start = i
            var simple = true
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    if simple { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self) }
                    return unescape(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                }
                if b < 0x20 { return nil }
                if b == UInt8(ascii: "\\") {
                    simple = false
                    i += 1
                    guard i < bytes.count else { return nil }
                }
                i += 1
            }
            return nil
        }

        func unescape(_ s: UnsafeBufferPointer<UInt8>) -> String? {
            var out: [UInt8] = []
            out.reserveCapacity(s.count)
            var k = 0
            while k < s.count {
                var b = s[k]
                if b == UInt8(ascii: "\\") {
                    k += 1
                    switch s[k] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): b = s[k]
                    case UInt8(ascii: "n"): b = 0x0A
                    case UInt8(ascii: "t"): b = 0x09
                    case UInt8(ascii: "r"): b = 0x0D
                    case UInt8(ascii: "b"): b = 0x08
                    case UInt8(ascii: "f"): b = 0x0C
                    default: return nil  // \u and anything else: Foundation decides
                    }
                }
                out.append(b)
                k += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: Writing

    /// The response line for a step result, or nil to let `JSONEncoder` write it.
    static func response(_ result: StepResult, id: JSONValue) -> String? {
        // Several handed-off variables: JSONEncoder's key order for writers' names is its own.
        for case .handoff(let variables) in result.events where variables.count > 1 { return nil }
        var w = Writer()
        w.raw("{\"id\":")
        guard w.id(id) else { return nil }
        w.raw(",\"jsonrpc\":\"2.0\",\"result\":{\"ended\":")
        w.raw(result.ended ? "true" : "false")
        w.raw(",\"events\":[")
        for (n, event) in result.events.enumerated() {
            if n > 0 { w.raw(",") }
            w.event(event)
        }
        w.raw("]")
        if let input = result.input {
            w.raw(",\"input\":")
            w.hint(input)
        }
        w.raw(",\"session\":")
        w.string(result.session)
        w.raw("}}")
        return String(decoding: w.out, as: UTF8.self)
    }

    private struct Writer {
        var out: [UInt8] = []

        init() { out.reserveCapacity(1024) }

        mutating func raw(_ s: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }

        mutating func int(_ n: Int) { out.append(contentsOf: String(n).utf8) }

        /// A JSON-RPC id: a string, an integer or null (other numbers: nil).
        mutating func id(_ id: JSONValue) -> Bool {
            switch id {
            case .null: raw("null")
            case .string(let s): string(s)
            case .number(let n):
                guard n.rounded() == n, abs(n) < 1e15 else { return false }
                int(Int(n))
            default: return false
            }
            return true
        }

        mutating func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            var s = s
            s.withUTF8 { bytes in
                // Runs that need no escaping are copied whole.
                var start = 0
                for (k, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<k]))
                    escape(b)
                    start = k + 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            }
            out.append(UInt8(ascii: "\""))
        }

        mutating func escape(_ b: UInt8) {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                raw("\\u00")
                out.append(hex(b >> 4))
                out.append(hex(b & 0xF))
            default: out.append(b)
            }
        }

        func hex(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x61 + d - 10 }

        mutating func option(_ o: ChoiceOption) {
            raw("{\"id\":"); string(o.id)
            raw(",\"label\":"); string(o.label)
            raw(",\"number\":"); int(o.number)
            raw("}")
        }

        /// The last options written and where their bytes are: the prompt's choices are usually
        /// the very array of the `choices` event (equal at once, same storage), so they are copied.
        var lastOptions: (options: [ChoiceOption], range: Range<Int>)?

        mutating func options(_ os: [ChoiceOption]) {
            if let last = lastOptions, last.options == os {
                let copy = Array(out[last.range])
                out.append(contentsOf: copy)
                return
            }
            let start = out.count
            raw("[")
            for (n, o) in os.enumerated() {
                if n > 0 { raw(",") }
                option(o)
            }
            raw("]")
            lastOptions = (os, start..<out.count)
        }

        mutating func event(_ e: Event) {
            switch e {
            case .say(let text):
                raw("{\"text\":"); string(text); raw(",\"type\":\"say\"}")
            case .choices(let os):
                raw("{\"choices\":"); options(os); raw(",\"type\":\"choices\"}")
            case .ask(let variable, let expect, let optional):
                raw("{\"expect\":"); string(expect)
                raw(",\"optional\":"); raw(optional ? "true" : "false")
                raw(",\"type\":\"ask\",\"variable\":"); string(variable); raw("}")
            case .interrupt(let id):
                raw("{\"id\":"); string(id); raw(",\"type\":\"interrupt\"}")
            case .handoff(let variables):
                raw("{\"type\":\"handoff\",\"variables\":{")
                if let (key, value) = variables.first { string(key); raw(":"); string(value) }
                raw("}}")
            case .end(let reason):
                raw("{\"reason\":"); string(reason.rawValue); raw(",\"type\":\"end\"}")
            case .failure(let message):
                raw("{\"message\":"); string(message); raw(",\"type\":\"failure\"}")
            }
        }

        mutating func hint(_ h: InputHint) {
            var first = true
            func key(_ k: StaticString, _ w: inout Writer) {
                w.raw(first ? "{" : ",")
                first = false
                w.raw(k)
            }
            if let cs = h.choices { key("\"choices\":", &self); options(cs) }
            if let e = h.expect { key("\"expect\":", &self); string(e) }
            if let o = h.optional { key("\"optional\":", &self); raw(o ? "true" : "false") }
            key("\"type\":", &self); string(h.type)
            if let v = h.variable { key("\"variable\":", &self); string(v) }
            raw("}")
        }
    }
}
