/// One word of an answer after normalization, with what matching needs to know about it.
///
/// `i dont want the cops` gives `i`, `do`, `not`, `want`, `the`, `cops`; `want`, `the` and `cops`
/// are negated by `not` (index 2).
public struct Token: Sendable, Equatable {
    /// The normalized word: lower case, no accents, chat-speak rewritten.
    public var text: String
    /// Its Snowball stem in the answer's language (the word itself when there is no stemmer).
    public var stem: String
    /// Which sentence (from 0) and which clause (from 0, counted across the whole answer) it is in.
    public var sentence: Int32
    public var clause: Int32
    /// The index of the negation trigger whose scope holds this word, or -1.
    public var negatedBy: Int32 = -1
    /// The word's entry in the normalizer's table (-1: none), and whether `stem` is the one the
    /// table holds: what later stages read instead of looking the word up again.
    var entry: Int32 = -1
    var stemIsKnown = false
    /// What matching reads of it (`LocaleUnderstanding.answer` sets it): kept here, so that an
    /// answer needs no array of keys beside its tokens.
    var key = TokenKey(id: -1, stemID: -1, sentence: 0, negatedBy: -1, typoStart: 0, typoCount: 0)

    public init(text: String, stem: String, sentence: Int32 = 0, clause: Int32 = 0) {
        self.text = text
        self.stem = stem
        self.sentence = sentence
        self.clause = clause
    }

    public var isNegated: Bool { negatedBy >= 0 }

    /// Tokens are equal when their words, stems, places and negation are (the table entry is a
    /// cache of the word).
    public static func == (a: Token, b: Token) -> Bool {
        a.text == b.text && a.stem == b.stem && a.sentence == b.sentence && a.clause == b.clause && a.negatedBy == b.negatedBy
    }
}

extension Array where Element == Token {
    /// The words joined by single spaces: the answer as matching sees it.
    public var text: String {
        if count <= 1 { return first?.text ?? "" }
        // One allocation, the words' bytes copied in (appending word by word grew the string
        // several times, and was a fifth of a long answer's turn).
        var length = count - 1
        for t in self { length += t.text.utf8.count }
        return String(unsafeUninitializedCapacity: length) { out in
            var n = 0
            for (i, t) in enumerated() {
                if i > 0 { out[n] = 0x20; n += 1 }
                var word = t.text
                n += word.withUTF8 { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: out[n...]).initialize(from: bytes)
                    return bytes.count
                }
            }
            return n
        }
    }
}
