import Foundation

/// Turns typed text into `Token`s, one language's way: folding, emoji as words, stretched letters,
/// chat-speak rewrites, stems and negation scopes (docs/understanding.md, "Normalization").
///
///     normalizer.tokens("Im NOT goin to the cops!!").map(\.text)   // i am not goin to the cops
///
/// Built once from a `LocaleLexicon`; `tokens` is pure. Answers longer than `maxTokens` words are
/// cut there, so a turn's cost has a bound.
struct Normalizer: Sendable {
    struct Rewrite: Sendable { let from: [String]; let to: [String] }
    struct Trigger: Sendable { let words: [String]; let window: Int }

    static let maxTokens = 1000

    /// What the tables say about one word, found with one lookup per answer word (`entries`,
    /// by `Token.entry`): indexes into the lists below, or -1.
    struct WordInfo: Sendable {
        var rewrites: Int32 = -1
        var triggers: Int32 = -1
        var pseudo: Int32 = -1
        var isBreak = false
        /// For a word the flows use: its stem (into `stems`) and its vocabulary ids.
        var stem: Int32 = -1
        var wordID: Int32 = -1
        var stemID: Int32 = -1
        /// For a word no term uses that `learn` was also given: its stem (into `stems`), and,
        /// with `stemID`, the key `Vocabulary.key` gives it (its typos are
        /// `Vocabulary.learnedTypos[typoStart ..< typoStart + typoCount]`); -1 for other words.
        var learnedStem: Int32 = -1
        var typoStart: Int32 = -1
        var typoCount: Int32 = 0
    }

    /// At most this many words are learned beside the terms' own (`learn`): each costs a stem and
    /// a typo search at load.
    static let maxLearnedWords = 20_000

    let emoji: [String: [String]]
    let numbers: WordMap<Int>
    let stemmer: Stemmer?
    /// Every word some table holds, to its entry.
    private(set) var table = WordMap<Int32>()
    private(set) var entries: [WordInfo] = []
    private let rewriteLists: [[Rewrite]]
    private let triggerLists: [[Trigger]]
    private let pseudoLists: [[[String]]]
    /// The stems of the words the flows use (`learn`): a stretched word (`noooo`) is shortened to
    /// one of these words when it can be, and a known word's stem is looked up, not worked out.
    private var stems: [String] = []

    init(_ lexicon: LocaleLexicon, locale: String) {
        stemmer = Stemmer(locale: locale)
        var emoji: [String: [String]] = [:]
        for (k, v) in lexicon.emoji { emoji[Self.emojiKey(k)] = Self.words(v) }
        self.emoji = emoji
        var rewrites: [String: [Rewrite]] = [:]
        for (k, v) in lexicon.rewrites {
            let from = Self.words(k)
            guard let first = from.first else { continue }
            rewrites[first, default: []].append(Rewrite(from: from, to: Self.words(v)))
        }
        let sortedRewrites = rewrites.mapValues { $0.sorted { ($0.from.count, $0.from.joined()) > ($1.from.count, $1.from.joined()) } }
        var numbers: [String: Int] = [:]
        for (k, v) in lexicon.numbers { numbers[Self.words(k).joined(separator: " ")] = v }
        self.numbers = WordMap(numbers)
        var triggers: [String: [Trigger]] = [:]
        for (k, window) in lexicon.negationTriggers {
            let words = Self.words(k)
            guard let first = words.first else { continue }
            triggers[first, default: []].append(Trigger(words: words, window: max(0, window)))
        }
        var pseudo: [String: [[String]]] = [:]
        for p in lexicon.pseudoTriggers {
            let words = Self.words(p)
            guard let first = words.first else { continue }
            pseudo[first, default: []].append(words)
        }
        var info: [String: WordInfo] = [:]
        var rewriteLists: [[Rewrite]] = [], triggerLists: [[Trigger]] = [], pseudoLists: [[[String]]] = []
        for (word, list) in sortedRewrites.sorted(by: { $0.key < $1.key }) {
            info[word, default: WordInfo()].rewrites = Int32(rewriteLists.count)
            rewriteLists.append(list)
        }
        for (word, list) in triggers.sorted(by: { $0.key < $1.key }) {
            info[word, default: WordInfo()].triggers = Int32(triggerLists.count)
            triggerLists.append(list.sorted { $0.words.count > $1.words.count })
        }
        for (word, list) in pseudo.sorted(by: { $0.key < $1.key }) {
            info[word, default: WordInfo()].pseudo = Int32(pseudoLists.count)
            pseudoLists.append(list.sorted { $0.count > $1.count })
        }
        for word in lexicon.clauseBreaks.flatMap(Self.words) { info[word, default: WordInfo()].isBreak = true }
        self.rewriteLists = rewriteLists
        self.triggerLists = triggerLists
        self.pseudoLists = pseudoLists
        index(info)
    }

    /// Builds `table` and `entries` from words and what is known of them.
    private mutating func index(_ info: [String: WordInfo]) {
        var ids: [String: Int32] = [:]
        entries = []
        entries.reserveCapacity(info.count)
        for (word, i) in info.sorted(by: { $0.key < $1.key }) {
            ids[word] = Int32(entries.count)
            entries.append(i)
        }
        table = WordMap(ids)
    }

    /// Adds the words the flows use, once every term is compiled: each one's stem and its ids in
    /// the vocabulary, so an answer word costs one lookup. `others` are words answers often hold
    /// that no term uses (command words, number words, the words of the flows' own texts): each
    /// one's stem and what the vocabulary makes of it (its stem's id, the term words it is a typo
    /// of) are worked out here, once, not at each answer that holds it. Words that start with a
    /// digit are left out (a number alone is read without tokens: `Engine.numberAlone`).
    mutating func learn(_ vocabulary: inout Vocabulary, others: [String] = []) {
        var info: [String: WordInfo] = [:]
        for (word, e) in table.pairs { info[word] = entries[Int(e)] }
        var stems: [String] = []
        for word in vocabulary.words.keys.sorted() {
            let stem = self.stem(word, lower: word)
            var i = info[word] ?? WordInfo()
            i.stem = Int32(stems.count)
            i.wordID = vocabulary.id(word: word) ?? -1
            i.stemID = vocabulary.id(stem: stem) ?? -1
            stems.append(stem)
            info[word] = i
        }
        var learned = Set<String>()
        for text in others {
            for word in Self.words(text) where vocabulary.id(word: word) == nil && !(0x30...0x39).contains(word.utf8.first!) {
                learned.insert(word)
            }
        }
        for word in learned.sorted().prefix(Self.maxLearnedWords) {
            let stem = self.stem(word, lower: word)
            let key = vocabulary.learn(Token(text: word, stem: stem))
            var i = info[word] ?? WordInfo()
            i.learnedStem = Int32(stems.count)
            i.stemID = key.stemID
            i.typoStart = key.typoStart
            i.typoCount = key.typoCount
            stems.append(stem)
            info[word] = i
        }
        self.stems = stems
        index(info)
    }

    /// The entry of `word`, or -1.
    @inline(__always)
    func entry(_ word: String) -> Int32 { table[word] ?? -1 }

    /// The folded words of a table entry (no rewrites, no stems).
    static func words(_ text: String) -> [String] {
        normalize(text).split(separator: " ").map(String.init)
    }

    /// Emoji are looked up without variation selectors and skin tones.
    static func emojiKey(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\u{FE0F}" && !(0x1F3FB...0x1F3FF).contains($0.value) }))
    }

    /// The answer's tokens, with stems and negation.
    func tokens(_ raw: String) -> [Token] {
        // The scanned words become the tokens in place (one array a turn); only an answer with a
        // rewrite (`im` -> `i am`) builds a second array, from the first rewrite on.
        var words = scan(raw)
        if words.count > Self.maxTokens { words.removeLast(words.count - Self.maxTokens) }
        var rewritten: [Token]?
        var i = 0
        while i < words.count {
            let text = words[i].text, sentence = words[i].sentence, clause = words[i].clause
            let e = entry(text)
            if e >= 0, entries[Int(e)].rewrites >= 0, let r = rewriteLists[Int(entries[Int(e)].rewrites)].first(where: { r in
                i + r.from.count <= words.count && (1..<r.from.count).allSatisfy { words[i + $0].text == r.from[$0] }
            }) {
                if rewritten == nil {
                    rewritten = Array(words[..<i])
                    rewritten!.reserveCapacity(words.count + 2)
                }
                for t in r.to { rewritten!.append(token(t, lower: t, entry: entry(t), sentence: sentence, clause: clause)) }
                i += r.from.count
                continue
            }
            let t = token(text, lower: words[i].stem, entry: e, sentence: sentence, clause: clause)
            if rewritten != nil { rewritten!.append(t) } else { words[i] = t }
            i += 1
        }
        if let r = rewritten.take() { words = r }
        markNegation(&words)  // (words is the only reference to its array: marked in place)
        return words
    }

    /// A token for a word with its entry; a known or learned word's stem is looked up.
    @inline(__always)
    private func token(_ text: String, lower: String, entry e: Int32, sentence: Int32, clause: Int32) -> Token {
        if e >= 0, lower == text, let known = knownStem(e) {
            var t = Token(text: text, stem: stems[known], sentence: sentence, clause: clause)
            t.entry = e
            t.stemIsKnown = true
            return t
        }
        var t = Token(text: text, stem: stem(text, lower: lower, entry: e), sentence: sentence, clause: clause)
        t.entry = e
        return t
    }

    /// The stem `learn` stored for entry `e` (into `stems`), if any.
    @inline(__always)
    private func knownStem(_ e: Int32) -> Int? {
        let info = entries[Int(e)]
        if info.stem >= 0 { return Int(info.stem) }
        if info.learnedStem >= 0 { return Int(info.learnedStem) }
        return nil
    }

    func stem(_ text: String, lower: String) -> String {
        stem(text, lower: lower, entry: lower == text ? entry(text) : -1)
    }

    /// The same, with `text`'s entry already looked up (-1: none, or not looked up).
    private func stem(_ text: String, lower: String, entry e: Int32) -> String {
        guard let stemmer, let first = text.utf8.first, !(0x30...0x39).contains(first) else { return text }
        if lower == text {
            if e >= 0, let known = knownStem(e) { return stems[known] }
            return stemmer.stem(text)
        }
        return normalize(stemmer.stem(lower))
    }

    /// Marks the words each negation trigger speaks against (docs/understanding.md, "Negation").
    func markNegation(_ tokens: inout [Token]) {
        guard !triggerLists.isEmpty else { return }
        var i = 0
        while i < tokens.count {
            let e = Int(tokens[i].entry)
            guard e >= 0 else { i += 1; continue }
            if entries[e].pseudo >= 0, let p = pseudoLists[Int(entries[e].pseudo)].first(where: { starts(tokens, at: i, with: $0) }) {
                // A pseudo-trigger negates only its own words: "not sure" is no "sure" (yes), but
                // the words after it count.
                for k in 1..<max(1, p.count) where tokens[i + k].negatedBy < 0 { tokens[i + k].negatedBy = Int32(i) }
                i += p.count
                continue
            }
            guard entries[e].triggers >= 0, let t = triggerLists[Int(entries[e].triggers)].first(where: { starts(tokens, at: i, with: $0.words) }) else {
                i += 1
                continue
            }
            let last = i + t.words.count - 1
            var j = last + 1
            while j < tokens.count, j <= last + t.window, tokens[j].clause == tokens[last].clause, !isBreak(tokens[j]) {
                if tokens[j].negatedBy < 0 { tokens[j].negatedBy = Int32(last) }
                j += 1
            }
            i = last + 1
        }
    }

    @inline(__always)
    private func isBreak(_ t: Token) -> Bool { t.entry >= 0 && entries[Int(t.entry)].isBreak }

    private func starts(_ tokens: [Token], at i: Int, with words: [String]) -> Bool {
        guard i + words.count <= tokens.count else { return false }
        for k in words.indices where tokens[i + k].text != words[k] { return false }
        return true
    }
}

extension Normalizer {
    /// Splits typed text into folded words, noting sentence and clause breaks and turning emoji
    /// into words. Each is a token to be: its `text` the folded word, its `stem` for now the word
    /// as typed in lower case (what the stemmer reads), until `tokens` finds the stem.
    func scan(_ raw: String) -> [Token] {
        if let words = raw.utf8.withContiguousStorageIfAvailable({ bytes -> [Token]? in
            for b in bytes where b >= 0x80 { return nil }
            return scanASCII(bytes)
        }), let words { return words }
        var out: [Token] = []
        var sentence: Int32 = 0, clause: Int32 = 0
        var pendingBreak: (sentence: Bool, clause: Bool) = (false, false)
        var lower = ""
        var ascii = true
        func flush() {
            guard !lower.isEmpty else { return }
            if pendingBreak.sentence, !out.isEmpty { sentence += 1 }
            if pendingBreak.clause || pendingBreak.sentence, !out.isEmpty { clause += 1 }
            pendingBreak = (false, false)
            let folded = ascii ? lower : normalize(lower).replacingOccurrences(of: " ", with: "")
            if !folded.isEmpty { out.append(Token(text: shorten(folded), stem: lower, sentence: sentence, clause: clause)) }
            lower = ""
            ascii = true
        }
        for ch in raw {
            if ch == "'" || ch == "\u{2019}" || ch == "\u{2018}" || ch == "\u{02BC}" { continue }
            if ch.isASCII {
                let b = ch.asciiValue!
                if (b &- 0x61) < 26 || (b &- 0x30) < 10 { lower.append(ch); continue }
                if (b &- 0x41) < 26 { lower.append(Character(Unicode.Scalar(b | 0x20))); continue }
                flush()
                switch b {
                case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), 0x0A: pendingBreak.sentence = true
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"): pendingBreak.clause = true
                default: break
                }
                continue
            }
            if ch.isLetter || ch.isNumber, !(ch.unicodeScalars.first.map { emoji[String($0)] != nil } ?? false) {
                lower += ch.lowercased()
                ascii = false
                continue
            }
            flush()
            if let words = emoji[Self.emojiKey(String(ch))] {
                for w in words {
                    lower = w
                    flush()
                }
            } else if "…\u{2014}\u{2013}".contains(ch) {
                pendingBreak.clause = true
            } else if "。！？".contains(ch) {
                pendingBreak.sentence = true
            }
        }
        flush()
        return out
    }

    /// `scan` for ASCII text, byte by byte, with the same results.
    private func scanASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(8)
        var sentence: Int32 = 0, clause: Int32 = 0
        var pendingSentence = false, pendingClause = false
        var i = 0
        let n = bytes.count
        while i < n {
            // A word: letters, digits and apostrophes (left out).
            let start = i
            var apostrophes = false
            while i < n {
                let b = bytes[i]
                if (b &- 0x61) < 26 || (b &- 0x30) < 10 || (b &- 0x41) < 26 { i += 1; continue }
                if b == UInt8(ascii: "'") { apostrophes = true; i += 1; continue }
                break
            }
            if i > start {
                let lower = Self.lowerWord(UnsafeBufferPointer(rebasing: bytes[start..<i]), apostrophes: apostrophes)
                if !lower.isEmpty {
                    if pendingSentence, !out.isEmpty { sentence += 1 }
                    if pendingClause || pendingSentence, !out.isEmpty { clause += 1 }
                    pendingSentence = false
                    pendingClause = false
                    out.append(Token(text: shorten(lower), stem: lower, sentence: sentence, clause: clause))
                }
            }
            guard i < n else { break }
            switch bytes[i] {
            case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), 0x0A: pendingSentence = true
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"): pendingClause = true
            default: break
            }
            i += 1
        }
        return out
    }

    /// An ASCII word in lower case, without apostrophes.
    private static func lowerWord(_ word: UnsafeBufferPointer<UInt8>, apostrophes: Bool) -> String {
        if !apostrophes && !word.contains(where: { ($0 &- 0x41) < 26 }) { return String(decoding: word, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: word.count) { out in
            var n = 0
            for b in word where b != UInt8(ascii: "'") {
                out[n] = (b &- 0x41) < 26 ? b | 0x20 : b
                n += 1
            }
            return n
        }
    }

    /// A stretched word (`noooo`, `plssss`, `heeelp`) shortened: runs of three or more letters
    /// become two, or one, whichever gives a word the flows know (else one).
    func shorten(_ word: String) -> String {
        guard hasRun(word) else { return word }
        let two = collapse(word, keep: 2, minRun: 3)
        if isKnownOrRewritten(two) { return two }
        let one = collapse(word, keep: 1, minRun: 3)
        if isKnownOrRewritten(one) { return one }
        let all = collapse(one, keep: 1, minRun: 2)
        if isKnownOrRewritten(all) { return all }
        return one
    }

    private func isKnownOrRewritten(_ word: String) -> Bool {
        let e = entry(word)
        return e >= 0 && (entries[Int(e)].stem >= 0 || entries[Int(e)].rewrites >= 0)
    }

    private func hasRun(_ word: String) -> Bool {
        var ascii = word
        if let found = ascii.withUTF8({ bytes -> Bool? in
            var last: UInt8 = 0, run = 0
            for b in bytes {
                if b >= 0x80 { return nil }
                run = b == last ? run + 1 : 1
                last = b
                if run >= 3 && (b | 0x20) &- 0x61 < 26 { return true }
            }
            return false
        }) { return found }
        var last: Character = " ", run = 0
        for c in word {
            run = c == last ? run + 1 : 1
            last = c
            if run >= 3 && c.isLetter { return true }
        }
        return false
    }

    private func collapse(_ word: String, keep: Int, minRun: Int) -> String {
        var out = ""
        let chars = Array(word)
        var i = 0
        while i < chars.count {
            var j = i
            while j < chars.count && chars[j] == chars[i] { j += 1 }
            let run = j - i
            let n = run >= minRun && chars[i].isLetter ? keep : run
            out += String(repeating: chars[i], count: n)
            i = j
        }
        return out
    }
}

/// Normalizes text the way the engine does for one language (for tools such as `cairn check`).
///
///     TextNormalizer(lexicon.lexicon(for: "en"), locale: "en").tokens("Don't").map(\.text)   // ["do", "not"]
public struct TextNormalizer: Sendable {
    let normalizer: Normalizer

    public init(_ lexicon: LocaleLexicon, locale: String) {
        normalizer = Normalizer(lexicon, locale: locale)
    }

    /// The words of `text` with stems and negation, as the engine sees them.
    public func tokens(_ text: String) -> [Token] { normalizer.tokens(text) }
}
