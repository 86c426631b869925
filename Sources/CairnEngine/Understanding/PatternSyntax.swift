/// One piece of a written pattern (a keyword, a concept member, an interrupt or topic word).
///
/// `[want wish] * =die` reads as `.oneOf([.word("want"), .word("wish")]), .gap(3), .word("die", exact: true)`.
public enum PatternPiece: Equatable, Sendable {
    /// A word as written (normalized when compiled; one written word may become several, `dont` -> `do not`).
    case word(String, exact: Bool)
    /// Any member of a concept: `~parent`.
    case concept(String)
    /// One of these words or concepts: `[want wish ~desire]`.
    case oneOf([PatternPiece])
    /// Up to this many other words: `*` (3) or `*N` (N from 1 to 9).
    case gap(Int)
}

/// A mistake in a written pattern, at a character offset (from 0) into its text.
public struct PatternError: Error, Equatable, Sendable {
    public var message: String
    public var offset: Int
}

/// Reads the small pattern language of docs/understanding.md: words in order, `*` gaps,
/// `[a b]` alternatives, `~concept` and `=exact` words.
public enum PatternSyntax {
    /// The gap `*` stands for when written without a number.
    public static let defaultGap = 3

    /// The concept names a pattern refers to, in order (duplicates kept).
    public static func concepts(in pieces: [PatternPiece]) -> [String] {
        pieces.flatMap { piece -> [String] in
            switch piece {
            case .concept(let name): [name]
            case .oneOf(let alternatives): concepts(in: alternatives)
            case .word, .gap: []
            }
        }
    }

    /// Whether the pattern is more than words in a row (it has gaps, alternatives or concepts).
    public static func isPattern(_ pieces: [PatternPiece]) -> Bool {
        pieces.contains { if case .word = $0 { false } else { true } }
    }

    public static func parse(_ source: String) throws(PatternError) -> [PatternPiece] {
        var pieces: [PatternPiece] = []
        var group: [PatternPiece]?
        var groupStart = 0
        for (text, offset) in lex(source) {
            switch text {
            case "[":
                if group != nil { throw PatternError(message: "'[' inside '[...]': alternatives don't nest", offset: offset) }
                group = []
                groupStart = offset
            case "]":
                guard let g = group else { throw PatternError(message: "']' without a '[' before it", offset: offset) }
                if g.isEmpty { throw PatternError(message: "'[]' has no words to choose from", offset: groupStart) }
                pieces.append(g.count == 1 ? g[0] : .oneOf(g))
                group = nil
            default:
                if text.hasPrefix("*") {
                    guard group == nil else { throw PatternError(message: "a '*' gap can't be one of the alternatives in '[...]'", offset: offset) }
                    let digits = text.dropFirst()
                    var size = defaultGap
                    if !digits.isEmpty {
                        guard let n = Int(digits), (1...9).contains(n) else {
                            throw PatternError(message: "'\(text.shortenedForMessage)' is not a gap: write '*' or '*N' with N from 1 to 9", offset: offset)
                        }
                        size = n
                    }
                    if pieces.isEmpty { throw PatternError(message: "a pattern can't start with a '*' gap: words are found anywhere already", offset: offset) }
                    if case .gap = pieces.last { throw PatternError(message: "two '*' gaps in a row: write one, like '*6'", offset: offset) }
                    pieces.append(.gap(size))
                    continue
                }
                let piece = try word(text, offset)
                if group != nil { group!.append(piece) } else { pieces.append(piece) }
            }
        }
        if group != nil { throw PatternError(message: "'[' is never closed with ']'", offset: groupStart) }
        if case .gap = pieces.last { throw PatternError(message: "a pattern can't end with a '*' gap", offset: max(0, source.count - 1)) }
        if pieces.isEmpty { throw PatternError(message: "the pattern has no words", offset: 0) }
        return pieces
    }

    private static func word(_ text: String, _ offset: Int) throws(PatternError) -> PatternPiece {
        if text.hasPrefix("~") {
            let name = String(text.dropFirst())
            guard Identifier.isValid(name) else {
                throw PatternError(message: "'\(text.shortenedForMessage)' is not a concept name: write '~' then letters, digits and _", offset: offset)
            }
            return .concept(name)
        }
        if text.hasPrefix("="), text.count > 1 { return .word(String(text.dropFirst()), exact: true) }
        return .word(text, exact: false)
    }

    /// The pattern's tokens with their character offsets: `[` and `]` stand alone, the rest split at spaces.
    private static func lex(_ source: String) -> [(String, Int)] {
        if let ascii = lexASCII(source) { return ascii }
        var out: [(String, Int)] = []
        var current = ""
        var start = 0
        for (i, ch) in source.enumerated() {
            if ch == "[" || ch == "]" || ch.isWhitespace {
                if !current.isEmpty { out.append((current, start)); current = "" }
                if !ch.isWhitespace { out.append((String(ch), i)) }
            } else {
                if current.isEmpty { start = i }
                current.append(ch)
            }
        }
        if !current.isEmpty { out.append((current, start)) }
        return out
    }

    /// `lex` over the bytes of ASCII text without carriage returns, where each byte is one
    /// character (so offsets are the same) and the whitespace characters are tab to form feed and
    /// space; nil for other text.
    private static func lexASCII(_ source: String) -> [(String, Int)]? {
        source.utf8.withContiguousStorageIfAvailable { bytes -> [(String, Int)]? in
            var out: [(String, Int)] = []
            var start = -1
            for i in bytes.indices {
                let b = bytes[i]
                if b >= 0x80 || b == 0x0D { return nil }
                let bracket = b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
                if bracket || b == 0x20 || (0x09...0x0C).contains(b) {
                    if start >= 0 {
                        out.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self), start))
                        start = -1
                    }
                    if bracket { out.append((b == UInt8(ascii: "[") ? "[" : "]", i)) }
                } else if start < 0 {
                    start = i
                }
            }
            if start >= 0 { out.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self), start)) }
            return out
        } ?? nil
    }
}

extension PatternSyntax {
    /// Phrases a pattern matches, for tools that must type them (`cairn explore`): each
    /// alternative and concept member in turn, gaps left empty, at most `limit` of them.
    ///
    ///     PatternSyntax.examples("[want wish] * die", in: LocaleLexicon())   // ["want die", "wish die"]
    public static func examples(_ source: String, in lexicon: LocaleLexicon, limit: Int = 20) -> [String] {
        var expanding: Set<String> = []
        return examples(source, lexicon, limit, &expanding)
    }

    private static func examples(_ source: String, _ lexicon: LocaleLexicon, _ limit: Int, _ expanding: inout Set<String>) -> [String] {
        guard let pieces = try? parse(source) else { return [] }
        var phrases = [""]
        for piece in pieces {
            var options: [String] = []
            switch piece {
            case .word(let w, _): options = [w]
            case .gap: continue
            case .concept(let name): options = members(name, lexicon, limit, &expanding)
            case .oneOf(let alternatives):
                for a in alternatives {
                    switch a {
                    case .word(let w, _): options.append(w)
                    case .concept(let name): options += members(name, lexicon, limit, &expanding)
                    default: break
                    }
                }
            }
            if options.isEmpty { return [] }
            var next: [String] = []
            for p in phrases { for o in options where next.count < limit { next.append(p.isEmpty ? o : p + " " + o) } }
            phrases = next
        }
        return phrases.filter { !$0.isEmpty }
    }

    private static func members(_ name: String, _ lexicon: LocaleLexicon, _ limit: Int, _ expanding: inout Set<String>) -> [String] {
        guard let def = lexicon.concepts[name], expanding.insert(name).inserted else { return [] }
        defer { expanding.remove(name) }
        var out: [String] = []
        for m in def.members where out.count < limit { out += examples(m.source, lexicon, limit - out.count, &expanding) }
        return out
    }
}
