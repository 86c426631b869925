/// Reads one request line as JSON (RFC 8259), in one pass, with bounded nesting.
///
/// The only reader of untrusted request bytes: its cost is linear in the line's length (no
/// backtracking, no second decoder to fall back on), its recursion is at most `maxDepth` deep, and
/// it keeps the exact text of each top-level member's value so an id is echoed byte for byte.
/// Duplicate keys and numbers beyond a Double's range are refused rather than guessed at.
///
/// The server reads with `readRequest` (JSONReader+Request.swift): the same parser, filling a
/// request's members instead of building a dictionary per object. `read`, the general form, is
/// what tests hold it to (and what `FastJSONTests` holds to Foundation's decoder).
///
///     let request = try JSONReader.read(Array(#"{"jsonrpc":"2.0","id":9007199254740993}"#.utf8))
///     request.literals["id"]  // "9007199254740993"
enum JSONReader {
    /// Arrays and objects may nest this deep (a request needs 3).
    static let maxDepth = 32

    struct Document {
        let value: JSONValue
        /// The source text of each member's value when the value is an object (else empty); only
        /// the `id` member's when read with `allLiterals: false`.
        let literals: [String: String]
        /// The source text of the `id` member's value, when the value is an object that has one.
        let idLiteral: String?
    }

    enum Failure: Error, Equatable {
        /// Not JSON at all, with the byte offset of the problem.
        case syntax(offset: Int)
        case tooDeep
        case duplicateKey
        case numberOutOfRange
    }

    static func read(_ line: [UInt8]) throws(Failure) -> Document {
        try line.withUnsafeBufferPointer { (bytes) throws(Failure) -> Document in try read(bytes) }
    }

    /// Reads the bytes in place (the server hands its socket buffer's bytes, not a copy).
    ///
    /// - allLiterals: keep every top-level member's source text; when false only the `id`'s
    ///   (all a request needs), which saves a string and a dictionary entry for each other member.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, allLiterals: Bool = true) throws(Failure) -> Document {
        var p = Parser(bytes: bytes)
        p.allLiterals = allLiterals
        p.skipSpace()
        var literals: [String: String] = [:]
        let value = try p.value(depth: 0, literals: &literals)
        p.skipSpace()
        guard p.i == bytes.count else { throw .syntax(offset: p.i) }
        return Document(value: value, literals: literals, idLiteral: p.idLiteral)
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var allLiterals = true
        var idLiteral: String?

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ b: UInt8) throws(Failure) {
            guard peek == b else { throw .syntax(offset: i) }
            i += 1
        }

        mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { throw .syntax(offset: i) }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw .syntax(offset: i + k) }
            i += n
            return value
        }

        /// A value; when `literals` is given and the value is an object, its members' source texts.
        mutating func value(depth: Int, literals: inout [String: String]) throws(Failure) -> JSONValue {
            guard let c = peek else { throw .syntax(offset: i) }
            switch c {
            case UInt8(ascii: "{"):
                guard depth < maxDepth else { throw .tooDeep }
                i += 1
                var object: [String: JSONValue] = [:]
                skipSpace()
                if peek == UInt8(ascii: "}") { i += 1; return .object(object) }
                while true {
                    skipSpace()
                    guard peek == UInt8(ascii: "\"") else { throw .syntax(offset: i) }
                    let key = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                    let start = i
                    var none: [String: String] = [:]
                    let v = try value(depth: depth + 1, literals: &none)
                    guard object.updateValue(v, forKey: key) == nil else { throw .duplicateKey }
                    if depth == 0 {
                        let isID = key == "id"
                        if isID || allLiterals {
                            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                            if isID { idLiteral = text }
                            if allLiterals { literals[key] = text }
                        }
                    }
                    skipSpace()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return .object(object)
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else { throw .tooDeep }
                i += 1
                var array: [JSONValue] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { i += 1; return .array(array) }
                while true {
                    skipSpace()
                    var none: [String: String] = [:]
                    array.append(try value(depth: depth + 1, literals: &none))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return .array(array)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        func isDigit(_ k: Int) -> Bool { k < bytes.count && (bytes[k] &- 0x30) < 10 }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, read as the nearest Double.
        mutating func number() throws(Failure) -> JSONValue {
            let start = i
            if peek == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw .syntax(offset: i) }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while isDigit(i) { i += 1 } }
            // An integer of at most 15 digits (an id, a count) is exact as a Double, so it is made
            // from its digits; `Double(String)` (strtod) cost 800 instructions a request.
            let digits = i - start - (bytes[start] == UInt8(ascii: "-") ? 1 : 0)
            if digits <= 15, peek != UInt8(ascii: "."), peek != UInt8(ascii: "e"), peek != UInt8(ascii: "E") {
                var value: Int64 = 0
                for k in (i - digits)..<i { value = value * 10 + Int64(bytes[k] &- 0x30) }
                return .number(bytes[start] == UInt8(ascii: "-") ? -Double(value) : Double(value))
            }
            if peek == UInt8(ascii: ".") {
                i += 1
                guard isDigit(i) else { throw .syntax(offset: i) }
                while isDigit(i) { i += 1 }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                i += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard isDigit(i) else { throw .syntax(offset: i) }
                while isDigit(i) { i += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            guard let n = Double(text), n.isFinite else { throw .numberOutOfRange }
            return .number(n)
        }

        /// A string; `\u` escapes must pair surrogates, raw control characters are refused.
        mutating func string() throws(Failure) -> String {
            i += 1  // the opening quote
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
            guard i < bytes.count else { throw .syntax(offset: i) }
            if bytes[i] == UInt8(ascii: "\"") {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            var out = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                guard b >= 0x20 else { throw .syntax(offset: i) }
                guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
                i += 1
                guard let e = peek else { throw .syntax(offset: i) }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard peek == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") else { throw .syntax(offset: i) }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw .syntax(offset: i - 4) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw .syntax(offset: i - 4)
                    }
                    out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default: throw .syntax(offset: i - 1)
                }
            }
            throw .syntax(offset: i)
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard i + 4 <= bytes.count else { throw .syntax(offset: i) }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
                default: throw .syntax(offset: i)
                }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }
    }
}
