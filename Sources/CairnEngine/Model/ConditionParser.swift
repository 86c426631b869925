extension Condition {
    /// Why a condition could not be parsed, with the character offset of the problem.
    public struct ParseError: Error, Equatable, Sendable {
        public let message: String
        public let offset: Int
    }

    /// How deep `not` and parentheses may nest; deeper is a parse error, not a stack overflow.
    public static let maxDepth = 32

    /// Parses a condition written in plain words (see `Condition`).
    public static func parse(_ text: String) throws(ParseError) -> Condition {
        var parser = ConditionParser(tokens: try ConditionParser.tokenize(text), end: text.count)
        let c = try parser.parseOr()
        if let t = parser.peek { throw ParseError(message: "unexpected '\(t.text.shortenedForMessage)'", offset: t.offset) }
        return c
    }
}

private struct ConditionParser {
    struct Token {
        var text: String
        var quoted: Bool
        var offset: Int
    }

    let tokens: [Token]
    let end: Int
    var i = 0

    init(tokens: [Token], end: Int) {
        self.tokens = tokens
        self.end = end
    }

    var peek: Token? { i < tokens.count ? tokens[i] : nil }

    func isWord(_ w: String) -> Bool { peek.map { !$0.quoted && $0.text.lowercased() == w } ?? false }

    mutating func next(_ expected: String) throws(Condition.ParseError) -> Token {
        guard let t = peek else { throw Condition.ParseError(message: "expected \(expected) at the end", offset: end) }
        i += 1
        return t
    }

    mutating func parseOr(depth: Int = 0) throws(Condition.ParseError) -> Condition {
        var parts = [try parseAnd(depth: depth)]
        while isWord("or") { i += 1; parts.append(try parseAnd(depth: depth)) }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    mutating func parseAnd(depth: Int) throws(Condition.ParseError) -> Condition {
        var parts = [try parseUnary(depth: depth)]
        while isWord("and") { i += 1; parts.append(try parseUnary(depth: depth)) }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    /// `not x`, `( x )` or an atom; each `not` and `(` is one level deeper.
    mutating func parseUnary(depth: Int) throws(Condition.ParseError) -> Condition {
        if isWord("not") || (peek.map { !$0.quoted && $0.text == "(" } ?? false), depth >= Condition.maxDepth {
            throw Condition.ParseError(message: "'not' and '(' nest more than \(Condition.maxDepth) deep; simplify the condition",
                                       offset: peek!.offset)
        }
        if isWord("not") { i += 1; return .not(try parseUnary(depth: depth + 1)) }
        if let t = peek, !t.quoted, t.text == "(" {
            i += 1
            let inner = try parseOr(depth: depth + 1)
            let close = try next("')'")
            guard close.text == ")" else { throw Condition.ParseError(message: "expected ')' here", offset: close.offset) }
            return inner
        }
        return try parseAtom()
    }

    mutating func parseAtom() throws(Condition.ParseError) -> Condition {
        let name = try next("a variable name")
        guard !name.quoted, Identifier.isValid(name.text) else {
            throw Condition.ParseError(message: "expected a variable name, found '\(name.text.shortenedForMessage)'", offset: name.offset)
        }
        let verb = try next("'is', 'has' or a comparison after '\(name.text.shortenedForMessage)'")
        if let op = Condition.Comparison(rawValue: verb.text), !verb.quoted {
            let n = try next("a number")
            guard let value = Double(n.text) else {
                throw Condition.ParseError(message: "expected a number after '\(op.rawValue)', found '\(n.text.shortenedForMessage)'", offset: n.offset)
            }
            return .compare(name.text, op, value)
        }
        switch verb.text.lowercased() {
        case "has": return .has(name.text, try value())
        case "is":
            var negate = false
            if isWord("not") { i += 1; negate = true }
            let c: Condition
            if isWord("set") { i += 1; c = .isSet(name.text) }
            else if isWord("one") {
                i += 1
                guard isWord("of") else { throw Condition.ParseError(message: "expected 'of' after 'one'", offset: peek?.offset ?? end) }
                i += 1
                var values = [try value()]
                while let t = peek, !t.quoted, t.text == "," { i += 1; values.append(try value()) }
                c = .oneOf(name.text, values)
            } else { c = .equals(name.text, try value()) }
            return negate ? .not(c) : c
        default:
            throw Condition.ParseError(message: "expected 'is', 'has' or a comparison after '\(name.text.shortenedForMessage)', found '\(verb.text.shortenedForMessage)'",
                                       offset: verb.offset)
        }
    }

    mutating func value() throws(Condition.ParseError) -> String {
        let t = try next("a value")
        guard t.quoted || !["(", ")", ","].contains(t.text) else {
            throw Condition.ParseError(message: "expected a value, found '\(t.text.shortenedForMessage)'", offset: t.offset)
        }
        return t.text
    }

    static func tokenize(_ text: String) throws(Condition.ParseError) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if c.isWhitespace { k += 1; continue }
            if c == "\"" || c == "'" {
                guard let close = chars[(k + 1)...].firstIndex(of: c) else {
                    throw Condition.ParseError(message: "quote \(c) is not closed", offset: k)
                }
                tokens.append(Token(text: String(chars[(k + 1)..<close]), quoted: true, offset: k))
                k = close + 1
            } else if "(),".contains(c) {
                tokens.append(Token(text: String(c), quoted: false, offset: k)); k += 1
            } else if "<>=!".contains(c) {
                var op = String(c)
                if k + 1 < chars.count, chars[k + 1] == "=" { op.append("="); }
                guard Condition.Comparison(rawValue: op) != nil else {
                    throw Condition.ParseError(message: "'\(op)' is not a comparison (use <, <=, >, >=, = or !=)", offset: k)
                }
                tokens.append(Token(text: op, quoted: false, offset: k)); k += op.count
            } else {
                let start = k
                while k < chars.count, !chars[k].isWhitespace, !"(),<>=!\"".contains(chars[k]) { k += 1 }
                tokens.append(Token(text: String(chars[start..<k]), quoted: false, offset: start))
            }
        }
        if tokens.isEmpty { throw Condition.ParseError(message: "the condition is empty", offset: 0) }
        return tokens
    }
}
