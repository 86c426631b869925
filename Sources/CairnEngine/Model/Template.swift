/// Text with `{{variable}}` slots, parsed once when flows are compiled.
///
/// `{{name}}` shows the variable; `{{name or "fallback"}}` shows the fallback when it is unset. With no
/// inline fallback the declared default in settings is used, else nothing: rendering never fails and
/// never shows raw braces.
public struct Template: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case variable(String, fallback: String?)
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// A template of literal text only.
    public init(literal: String) { self.parts = literal.isEmpty ? [] : [.text(literal)] }

    /// The variables this template reads.
    public var variables: [String] {
        parts.compactMap { if case .variable(let name, _) = $0 { name } else { nil } }
    }

    /// The literal text when the template has no variables.
    public var literal: String? {
        var out = ""
        for part in parts {
            guard case .text(let s) = part else { return nil }
            out += s
        }
        return out
    }

    /// Fills the slots from `values`, then inline fallbacks, then `defaults`.
    public func render(_ values: [String: String], defaults: [String: String] = [:]) -> String {
        if parts.count == 1, case .text(let s) = parts[0] { return s }
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .variable(let name, let fallback):
                if let v = values[name], !v.isEmpty { out += v } else { out += fallback ?? defaults[name] ?? "" }
            }
        }
        return out
    }

    /// Why a template could not be parsed, with the offset (in characters) of the problem.
    public struct ParseError: Error, Equatable, Sendable {
        public let message: String
        public let offset: Int
    }

    /// Parses `text`. Errors: an unclosed `{{`, an empty slot, a bad variable name, a bad fallback.
    public static func parse(_ text: String) throws(ParseError) -> Template {
        var parts: [Part] = []
        var rest = Substring(text)
        var offset = 0  // characters before `rest`, counted as we go (counting from the start each time was quadratic)
        while let open = Self.find("{{", in: rest) {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            offset += rest.distance(from: rest.startIndex, to: open.lowerBound)
            guard let close = Self.find("}}", in: rest[open.upperBound...]) else {
                throw ParseError(message: "'{{' is not closed with '}}'", offset: offset)
            }
            let inner = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            parts.append(try parseSlot(inner, offset: offset))
            offset += rest.distance(from: open.lowerBound, to: close.upperBound)
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return Template(parts: parts)
    }

    /// Where `pair` (two ASCII characters) first occurs in `text`, searching its UTF-8 bytes.
    /// (Foundation's `range(of:)` on a substring costs time in the whole string, quadratic here.)
    private static func find(_ pair: StaticString, in text: Substring) -> Range<Substring.Index>? {
        let a = pair.utf8Start[0], b = pair.utf8Start[1]
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            if utf8[i] == a {
                let j = utf8.index(after: i)
                if j < utf8.endIndex, utf8[j] == b { return i..<utf8.index(after: j) }
            }
            i = utf8.index(after: i)
        }
        return nil
    }

    private static func parseSlot(_ inner: Substring, offset: Int) throws(ParseError) -> Part {
        var name = inner
        var fallback: String?
        if let or = inner.range(of: " or ") {
            name = inner[..<or.lowerBound].trimmingWhitespace()
            let raw = inner[or.upperBound...].trimmingWhitespace()
            guard raw.count >= 2, let q = raw.first, q == "\"" || q == "'", raw.last == q else {
                throw ParseError(message: "the fallback after 'or' must be in quotes, like {{\(name.shortenedForMessage) or \"the image\"}}", offset: offset)
            }
            fallback = String(raw.dropFirst().dropLast())
        }
        guard !name.isEmpty else { throw ParseError(message: "empty '{{}}': put a variable name inside", offset: offset) }
        guard Identifier.isValid(name) else {
            throw ParseError(message: "'\(name.shortenedForMessage)' is not a variable name (use letters, digits and _)", offset: offset)
        }
        return .variable(String(name), fallback: fallback)
    }
}

/// Rules for writer-chosen names: flow ids, node ids, variable names.
public enum Identifier {
    /// Lower or upper case ASCII letters, digits and `_`, starting with a letter or `_`.
    /// (Byte by byte: every allowed character is one ASCII byte, and any other byte, a part of a
    /// non-ASCII character included, makes the name invalid.)
    public static func isValid<S: StringProtocol>(_ s: S) -> Bool {
        var first = true
        for b in s.utf8 {
            let letter = ((b | 0x20) &- 0x61) < 26  // A-Z or a-z
            guard letter || b == UInt8(ascii: "_") || (!first && (b &- 0x30) < 10) else { return false }
            first = false
        }
        return !first
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> Substring {
        let s = Substring(self)
        guard let start = s.firstIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
        let end = s.lastIndex(where: { !$0.isWhitespace })!
        return s[start...end]
    }
}
