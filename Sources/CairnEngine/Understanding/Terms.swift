/// A compiled word of a term: its interned form and stem, and how loosely it may match.
struct WordRef: Sendable {
    let id: Int32
    let stemID: Int32
    /// Written `=word`: only the exact form counts.
    let exact: Bool
    /// Typos tolerated (from the word's length); 0 for short words.
    let typo: Int8

    /// How this word matches a token: 0 exactly, 1 by stem, 2 with a typo, nil not at all.
    @inline(__always)
    func level(_ t: TokenKey, _ typos: UnsafeBufferPointer<Int32>) -> UInt8? {
        if t.id == id { return 0 }
        if exact { return nil }
        if stemID >= 0 && t.stemID == stemID { return 1 }
        if typo > 0 && t.typoCount > 0 {
            for k in Int(t.typoStart)..<Int(t.typoStart + t.typoCount) where typos[k] == id { return 2 }
        }
        return nil
    }
}

/// A compiled piece: a word, alternatives (each a run of pieces: a concept's members), or a gap.
indirect enum CompiledPiece: Sendable {
    case word(WordRef)
    case anyOf([[CompiledPiece]])
    case gap(Int)
}

/// One thing an answer can match: a choice's label or keyword, an interrupt's or topic's word, a
/// concept member for a capture.
struct Term: Sendable {
    enum Kind: UInt8, Sendable { case label, keyword, concept, pattern }
    let pieces: [CompiledPiece]
    let kind: Kind
    /// What the term belongs to: a choice, interrupt or topic index, or a capture value index.
    let owner: Int32
    /// As written, for explanations.
    let source: String
}

/// Where a term matched an answer.
struct Hit: Sendable {
    let term: Int32
    let owner: Int32
    let start: Int32
    let end: Int32
    /// Words matched (gaps not counted).
    let length: Int32
    /// 0 exact, 1 by stem, 2 with a typo: the loosest of its words.
    let level: UInt8
    /// For a negated match, the trigger's token index.
    let negatedBy: Int32
}

/// What matching needs of one answer word, as plain numbers (no strings, no reference counting).
struct TokenKey: Sendable {
    var id: Int32
    var stemID: Int32
    var sentence: Int32
    var negatedBy: Int32
    /// The term words it is a small typo of: `Answer.typos[typoStart ..< typoStart + typoCount]`.
    var typoStart: Int32
    var typoCount: Int32
}

/// An answer as matching sees it: its tokens (for explanations and captures) and their keys.
struct Answer: Sendable {
    var tokens: [Token]
    var keys: [TokenKey]
    var typos: [Int32]

    var count: Int { tokens.count }
}

/// A set of terms compiled to flat arrays: each term's pieces are a run of `pieces`; a piece of
/// alternatives lists runs (`alternatives`), each a run of pieces. An index from first words and
/// first stems to terms means an answer is matched by looking up each of its words once instead
/// of trying every term, and the backtracking match reads only plain numbers.
struct TermSet: Sendable {
    /// One piece of the flat program.
    struct Piece: Sendable {
        enum Kind: UInt8, Sendable { case word, anyOf, gap }
        let kind: Kind
        let word: WordRef
        /// `anyOf`: the first index into `alternatives` and how many; `gap`: `a` is the gap's size.
        let a: Int32
        let b: Int32
    }

    /// A run of pieces: `pieces[start ..< end]`.
    struct Run: Sendable {
        let start: Int32
        let end: Int32
    }

    let terms: [Term]
    private let pieces: [Piece]
    private let runs: [Run]
    private let alternatives: [Int32]
    /// By term: its run.
    private let roots: [Int32]
    private let byWord: IntIndex
    private let byStem: IntIndex

    init(_ terms: [Term]) {
        self.terms = terms
        var pieces: [Piece] = [], runs: [Run] = [], alternatives: [Int32] = []
        // Runs are laid out depth first; a run's pieces are contiguous.
        func flatten(_ list: [CompiledPiece]) -> Int32 {
            // Children first (their runs), then this run's own pieces in one block.
            var own: [Piece] = []
            for p in list {
                switch p {
                case .word(let w): own.append(Piece(kind: .word, word: w, a: 0, b: 0))
                case .gap(let n): own.append(Piece(kind: .gap, word: Self.noWord, a: Int32(n), b: 0))
                case .anyOf(let alts):
                    let ids = alts.map(flatten)
                    let first = Int32(alternatives.count)
                    alternatives += ids
                    own.append(Piece(kind: .anyOf, word: Self.noWord, a: first, b: Int32(ids.count)))
                }
            }
            let start = Int32(pieces.count)
            pieces += own
            runs.append(Run(start: start, end: Int32(pieces.count)))
            return Int32(runs.count - 1)
        }
        var roots: [Int32] = []
        var byWord: [Int32: [Int32]] = [:], byStem: [Int32: [Int32]] = [:]
        for (i, term) in terms.enumerated() {
            roots.append(flatten(term.pieces))
            for ref in Self.firstWords(term.pieces) {
                if !(byWord[ref.id]?.contains(Int32(i)) ?? false) { byWord[ref.id, default: []].append(Int32(i)) }
                if !ref.exact, ref.stemID >= 0, !(byStem[ref.stemID]?.contains(Int32(i)) ?? false) { byStem[ref.stemID, default: []].append(Int32(i)) }
            }
        }
        self.pieces = pieces
        self.runs = runs
        self.alternatives = alternatives
        self.roots = roots
        self.byWord = IntIndex(byWord)
        self.byStem = IntIndex(byStem)
    }

    private static let noWord = WordRef(id: -1, stemID: -1, exact: true, typo: 0)

    var isEmpty: Bool { terms.isEmpty }

    static func firstWords(_ pieces: [CompiledPiece]) -> [WordRef] {
        guard let first = pieces.first else { return [] }
        switch first {
        case .word(let w): return [w]
        case .anyOf(let alternatives): return alternatives.flatMap(firstWords)
        case .gap: return []
        }
    }

    /// Every term found in the answer. With `negation`, a match that negation speaks against is
    /// passed over for another, and reported in `negated`. With `widest`, each term's match is the
    /// one covering the most words (then the most exact), wherever it starts; without, the first.
    func hits(in answer: Answer, negation: Bool, widest: Bool = false, negated: inout [Hit]) -> [Hit] {
        var out: [Hit] = []
        guard !terms.isEmpty, !answer.keys.isEmpty else { return out }
        pieces.withUnsafeBufferPointer { pieces in
            runs.withUnsafeBufferPointer { runs in
                alternatives.withUnsafeBufferPointer { alternatives in
                    answer.keys.withUnsafeBufferPointer { keys in
                        answer.typos.withUnsafeBufferPointer { typos in
                            var m = Matcher(pieces: pieces, runs: runs, alternatives: alternatives, keys: keys, typos: typos,
                                            negation: negation, widest: widest)
                            byWord.withLists { wordLists in
                                byStem.withLists { stemLists in
                                    var tried: [Int32] = []
                                    for ti in keys.indices {
                                        let k = keys[ti]
                                        tried.removeAll(keepingCapacity: true)
                                        if k.id >= 0 { tryTerms(wordLists, byWord.range(k.id), ti, &m, &tried, &out, &negated) }
                                        if k.stemID >= 0 { tryTerms(stemLists, byStem.range(k.stemID), ti, &m, &tried, &out, &negated) }
                                        for t in Int(k.typoStart)..<Int(k.typoStart + k.typoCount) {
                                            tryTerms(wordLists, byWord.range(typos[t]), ti, &m, &tried, &out, &negated)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    private func tryTerms(_ lists: UnsafeBufferPointer<Int32>, _ range: Range<Int>, _ ti: Int, _ m: inout Matcher,
                          _ tried: inout [Int32], _ out: inout [Hit], _ negated: inout [Hit]) {
        for k in range {
            let index = lists[k]
            if tried.contains(index) { continue }
            tried.append(index)
            let previous = out.firstIndex { $0.term == index }
            if previous != nil && !m.widest { continue }
            let term = terms[Int(index)]
            guard let hit = m.find(root: roots[Int(index)], term: index, owner: term.owner, at: ti, &negated) else { continue }
            if let p = previous {
                if Self.wider(hit, than: out[p]) { out[p] = hit }
            } else {
                out.append(hit)
            }
        }
    }

    /// Whether `a` covers more words than `b`, or as many more exactly.
    static func wider(_ a: Hit, than b: Hit) -> Bool {
        (a.end - a.start, b.level) > (b.end - b.start, a.level)
    }

    /// One backtracking match at a time over the flat program; holds no references.
    private struct Matcher {
        let pieces: UnsafeBufferPointer<Piece>
        let runs: UnsafeBufferPointer<Run>
        let alternatives: UnsafeBufferPointer<Int32>
        let keys: UnsafeBufferPointer<TokenKey>
        let typos: UnsafeBufferPointer<Int32>
        let negation: Bool
        let widest: Bool
        /// The tokens matched so far, the loosest level, and where to go on when a run ends.
        var matched: [Int32] = []
        var level: UInt8 = 0
        var resume: [Run] = []
        // The match under way.
        var term: Int32 = 0
        var owner: Int32 = 0
        var start = 0
        var found: Hit?
        var negatedHit: Hit?

        init(pieces: UnsafeBufferPointer<Piece>, runs: UnsafeBufferPointer<Run>, alternatives: UnsafeBufferPointer<Int32>,
             keys: UnsafeBufferPointer<TokenKey>, typos: UnsafeBufferPointer<Int32>, negation: Bool, widest: Bool) {
            self.pieces = pieces
            self.runs = runs
            self.alternatives = alternatives
            self.keys = keys
            self.typos = typos
            self.negation = negation
            self.widest = widest
            matched.reserveCapacity(16)
            resume.reserveCapacity(8)
        }

        /// The first (or with `widest`, the widest) way the term matches starting at token `ti`.
        mutating func find(root: Int32, term: Int32, owner: Int32, at ti: Int, _ negated: inout [Hit]) -> Hit? {
            matched.removeAll(keepingCapacity: true)
            resume.removeAll(keepingCapacity: true)
            level = 0
            self.term = term
            self.owner = owner
            start = ti
            found = nil
            negatedHit = nil
            let run = runs[Int(root)]
            _ = match(run.start, run.end, ti)
            if let n = negatedHit, !negated.contains(where: { $0.term == term }) { negated.append(n) }
            return found
        }

        /// A complete match ending before token `end`; says whether to stop looking.
        private mutating func complete(_ end: Int) -> Bool {
            var by: Int32 = -1
            for m in matched {
                let n = keys[Int(m)].negatedBy
                if n >= 0 && !matched.contains(n) { by = n; break }
            }
            let hit = Hit(term: term, owner: owner, start: Int32(start), end: Int32(end),
                          length: Int32(matched.count), level: level, negatedBy: by)
            if by >= 0 && negation {
                if negatedHit == nil { negatedHit = hit }
                return false
            }
            guard widest else {
                found = hit
                return true
            }
            if found.map({ TermSet.wider(hit, than: $0) }) ?? true { found = hit }
            return false
        }

        /// Backtracking match of `pieces[p ..< end]` (then of the runs waiting in `resume`) from token `ti`.
        private mutating func match(_ p: Int32, _ end: Int32, _ ti: Int) -> Bool {
            if p == end {
                guard let next = resume.popLast() else { return complete(ti) }
                let stop = match(next.start, next.end, ti)
                resume.append(next)
                return stop
            }
            let piece = pieces[Int(p)]
            switch piece.kind {
            case .word:
                guard ti < keys.count, let l = piece.word.level(keys[ti], typos) else { return false }
                let saved = level
                level = max(saved, l)
                matched.append(Int32(ti))
                if match(p + 1, end, ti + 1) { return true }
                matched.removeLast()
                level = saved
                return false
            case .gap:
                guard ti > 0 else { return false }
                let sentence = keys[ti - 1].sentence
                var skip = 0
                while skip <= Int(piece.a), ti + skip < keys.count, keys[ti + skip].sentence == sentence {
                    if match(p + 1, end, ti + skip) { return true }
                    skip += 1
                }
                return false
            case .anyOf:
                resume.append(Run(start: p + 1, end: end))
                defer { resume.removeLast() }
                for k in Int(piece.a)..<Int(piece.a + piece.b) {
                    let run = runs[Int(alternatives[k])]
                    // Most alternatives fail on their first word: check it before going in.
                    if run.start < run.end {
                        let first = pieces[Int(run.start)]
                        if first.kind == .word && (ti >= keys.count || first.word.level(keys[ti], typos) == nil) { continue }
                    }
                    if match(run.start, run.end, ti) { return true }
                }
                return false
            }
        }
    }
}

/// A map from small integers to lists of small integers, by open addressing with a multiplicative
/// hash: a lookup costs a multiply and a compare or two, and nothing is hashed with SipHash.
struct IntIndex: Sendable {
    private let keys: [Int32]
    private let slots: [TermSet.Run]
    let flat: [Int32]
    private let shift: UInt64

    init(_ map: [Int32: [Int32]]) {
        var bits = 3
        while (1 << bits) < map.count * 2 { bits += 1 }
        var keys = [Int32](repeating: -1, count: 1 << bits)
        var slots = [TermSet.Run](repeating: TermSet.Run(start: 0, end: 0), count: 1 << bits)
        var flat: [Int32] = []
        let shift = UInt64(64 - bits)
        for key in map.keys.sorted() {
            var i = Int(Self.hash(key) >> shift)
            while keys[i] >= 0 { i = (i + 1) & (keys.count - 1) }
            keys[i] = key
            let start = Int32(flat.count)
            flat += map[key]!
            slots[i] = TermSet.Run(start: start, end: Int32(flat.count))
        }
        self.keys = keys
        self.slots = slots
        self.flat = flat
        self.shift = shift
    }

    @inline(__always)
    private static func hash(_ key: Int32) -> UInt64 { UInt64(UInt32(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15 }

    /// Where the list for `key` is in `flat` (empty when there is none).
    @inline(__always)
    func range(_ key: Int32) -> Range<Int> {
        var i = Int(Self.hash(key) >> shift)
        while true {
            let k = keys[i]
            if k == key { let s = slots[i]; return Int(s.start)..<Int(s.end) }
            if k < 0 { return 0..<0 }
            i = (i + 1) & (keys.count - 1)
        }
    }

    /// Calls `body` with the lists, for reading the ranges `range` gives.
    func withLists<R>(_ body: (UnsafeBufferPointer<Int32>) -> R) -> R { flat.withUnsafeBufferPointer(body) }
}
