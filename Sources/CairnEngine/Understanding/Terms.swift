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

/// The keys of an answer's tokens, read in place.
struct TokenKeys {
    let tokens: UnsafeBufferPointer<Token>
    var count: Int { tokens.count }
    var indices: Range<Int> { tokens.indices }
    subscript(i: Int) -> TokenKey { tokens[i].key }
}

/// An answer as matching sees it: its tokens (for explanations and captures), their keys, and
/// the summary of the words and stems they hold.
struct Answer: Sendable {
    /// The tokens, each with its key (`Token.key`).
    var tokens: [Token]
    var typos: [Int32]
    var signature: Signature

    var count: Int { tokens.count }
}

/// A set of terms compiled to flat arrays: each term's pieces are a run of `pieces`; a piece of
/// alternatives lists runs (`alternatives`), each a run of pieces. An index from first words and
/// first stems to terms means an answer is matched by looking up each of its words once instead
/// of trying every term; a term is tried only when the answer has, for each of its pieces, a word
/// that could match it (`Signature`); and the backtracking match reads only plain numbers.
final class TermSet: Sendable {
    /// One piece of the flat program.
    struct Piece: Sendable {
        enum Kind: UInt8, Sendable { case word, anyOf, gap }
        let kind: Kind
        let word: WordRef
        /// `anyOf`: the first index into `alternatives` and how many; `gap`: `a` is the gap's size.
        let a: Int32
        let b: Int32
        /// `anyOf` with many alternatives: its index in `choosers`, else -1.
        var chooser: Int32 = -1
    }

    /// For alternatives many enough (a big concept's members), which to try at a token: those
    /// that can start with the token's word, stem or typo, and those that start otherwise, in
    /// their written order (so the match found is the one trying them all would find).
    final class Chooser: Sendable {
        let byWord: IntIndex<Int32>
        let byStem: IntIndex<Int32>
        /// The alternatives that start otherwise, as bits (bit k: the piece's alternative k), in
        /// 64-bit words: the start of the set of alternatives to try at a token.
        let others: [UInt64]

        init(byWord: IntIndex<Int32>, byStem: IntIndex<Int32>, others: [Int32], first: Int32, count: Int) {
            self.byWord = byWord
            self.byStem = byStem
            var bits = [UInt64](repeating: 0, count: (count + 63) >> 6)
            for o in others { let k = Int(o - first); bits[k >> 6] |= 1 << UInt64(k & 63) }
            self.others = bits
        }
    }

    /// Alternatives of more than this many get a `Chooser`.
    static let chooserThreshold = 8

    /// A run of pieces: `pieces[start ..< end]`.
    struct Run: Sendable {
        let start: Int32
        let end: Int32
    }

    let terms: [Term]
    private let pieces: [Piece]
    private let runs: [Run]
    private let alternatives: [Int32]
    /// By term: its run. By run: its requirements (`requirements[need.start ..< need.end]`),
    /// one for each piece but gaps.
    private let roots: [Int32]
    private let needs: [Run]
    private let requirements: [Signature]
    private let byWord: IntIndex<Int32>
    private let byStem: IntIndex<Int32>
    private let choosers: [Chooser]
    /// The deepest nesting of alternatives, which bounds the match's stack of runs to resume.
    private let depth: Int

    /// - chooserThreshold: alternatives of more than this many get a `Chooser` (tests compare
    ///   with none: `Int.max`).
    init(_ terms: [Term], chooserThreshold: Int = TermSet.chooserThreshold) {
        self.terms = terms
        var pieces: [Piece] = [], runs: [Run] = [], alternatives: [Int32] = []
        var needs: [Run] = [], requirements: [Signature] = []
        var choosers: [Chooser] = []
        var depth = 0
        // A run's own pieces are contiguous; the runs of its alternatives come before it.
        func flatten(_ list: [CompiledPiece], _ level: Int) -> Int32 {
            depth = max(depth, level)
            var own: [Piece] = []
            for p in list {
                switch p {
                case .word(let w): own.append(Piece(kind: .word, word: w, a: 0, b: 0))
                case .gap(let n): own.append(Piece(kind: .gap, word: Self.noWord, a: Int32(n), b: 0))
                case .anyOf(let alts):
                    let ids = alts.map { flatten($0, level + 1) }
                    let first = Int32(alternatives.count)
                    alternatives += ids
                    var piece = Piece(kind: .anyOf, word: Self.noWord, a: first, b: Int32(ids.count))
                    if alts.count > chooserThreshold {
                        let index = Self.firstWordIndex(alts.enumerated().map { (first + Int32($0.offset), $0.element) })
                        piece.chooser = Int32(choosers.count)
                        choosers.append(Chooser(byWord: index.byWord, byStem: index.byStem, others: index.others, first: first, count: alts.count))
                    }
                    own.append(piece)
                }
            }
            let start = Int32(pieces.count)
            pieces += own
            runs.append(Run(start: start, end: Int32(pieces.count)))
            // Last piece first: a run is tried because its first word is in the answer (it is
            // looked up by it), and a later word ("die" of "i want to die") is the one that fails.
            let first = Int32(requirements.count)
            for piece in list.reversed() { if let s = Signature.of(piece), !s.isFull { requirements.append(s) } }
            needs.append(Run(start: first, end: Int32(requirements.count)))
            return Int32(runs.count - 1)
        }
        let roots = terms.map { flatten($0.pieces, 1) }
        let index = Self.firstWordIndex(terms.enumerated().map { (Int32($0.offset), $0.element.pieces) })
        self.pieces = pieces
        self.runs = runs
        self.alternatives = alternatives
        self.roots = roots
        self.needs = needs
        self.requirements = requirements
        self.byWord = index.byWord
        self.byStem = index.byStem
        self.choosers = choosers
        self.depth = depth
    }

    private static let noWord = WordRef(id: -1, stemID: -1, exact: true, typo: 0)

    var isEmpty: Bool { terms.isEmpty }

    /// Items (in ascending order) by every word and stem they can start with, each listed once
    /// per word; items that start with no word are `others`.
    static func firstWordIndex(_ items: [(Int32, [CompiledPiece])]) -> (byWord: IntIndex<Int32>, byStem: IntIndex<Int32>, others: [Int32]) {
        var byWord: [Int32: [Int32]] = [:], byStem: [Int32: [Int32]] = [:], others: [Int32] = []
        for (item, pieces) in items {
            let heads = firstWords(pieces)
            if heads.isEmpty { others.append(item) }
            for w in heads {
                if byWord[w.id]?.last != item { byWord[w.id, default: []].append(item) }
                if !w.exact && w.stemID >= 0 && byStem[w.stemID]?.last != item { byStem[w.stemID, default: []].append(item) }
            }
        }
        return (IntIndex(byWord), IntIndex(byStem), others)
    }

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
        guard !terms.isEmpty, !answer.tokens.isEmpty else { return out }
        let n = answer.tokens.count
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: n + 16) { matched in
        withUnsafeTemporaryAllocation(of: Run.self, capacity: depth + 1) { resume in
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: terms.count) { triedItems in
        pieces.withUnsafeBufferPointer { pieces in
        runs.withUnsafeBufferPointer { runs in
        alternatives.withUnsafeBufferPointer { alternatives in
        answer.tokens.withUnsafeBufferPointer { tokens in
        answer.typos.withUnsafeBufferPointer { typos in
        byWord.withLists { wordLists in
        byStem.withLists { stemLists in
        choosers.withUnsafeBufferPointer { choosers in
        needs.withUnsafeBufferPointer { needs in
        requirements.withUnsafeBufferPointer { requirements in
            let keys = TokenKeys(tokens: tokens)
            var m = Matcher(pieces: pieces, runs: runs, alternatives: alternatives, choosers: choosers,
                            needs: needs, requirements: requirements, signature: answer.signature, keys: keys, typos: typos,
                            matched: matched, resume: resume, negation: negation, widest: widest)
            var tried = Tried(items: triedItems)
            for ti in keys.indices {
                let k = keys[ti]
                tried.count = 0
                if k.id >= 0 { tryTerms(wordLists, byWord.range(k.id), ti, answer.signature, &m, &tried, &out, &negated) }
                if k.stemID >= 0 { tryTerms(stemLists, byStem.range(k.stemID), ti, answer.signature, &m, &tried, &out, &negated) }
                for t in Int(k.typoStart)..<Int(k.typoStart + k.typoCount) {
                    tryTerms(wordLists, byWord.range(typos[t]), ti, answer.signature, &m, &tried, &out, &negated)
                }
            }
        }}}}}}}}}}}}}
        return out
    }

    /// The terms already tried at one token (a term can be listed under a word, its stem and a typo).
    private struct Tried {
        let items: UnsafeMutableBufferPointer<Int32>
        var count = 0

        mutating func insert(_ x: Int32) -> Bool {
            if UnsafeBufferPointer(rebasing: items[0..<count]).contains(x) { return false }
            items[count] = x
            count += 1
            return true
        }
    }

    private func tryTerms(_ lists: UnsafeBufferPointer<Int32>, _ range: Range<Int>, _ ti: Int, _ signature: Signature,
                          _ m: inout Matcher, _ tried: inout Tried, _ out: inout [Hit], _ negated: inout [Hit]) {
        for k in range {
            let index = lists[k]
            guard Self.possible(needs[Int(roots[Int(index)])], requirements, signature), tried.insert(index) else { continue }
            let previous = out.firstIndex { $0.term == index }
            if previous != nil && !m.widest { continue }
            guard let hit = m.find(root: roots[Int(index)], term: index, owner: terms[Int(index)].owner, at: ti, &negated) else { continue }
            if let p = previous {
                if Self.wider(hit, than: out[p]) { out[p] = hit }
            } else {
                out.append(hit)
            }
        }
    }

    /// Whether the answer (by its signature) has a word for each requirement of a run.
    @inline(__always)
    static func possible<R: RandomAccessCollection<Signature>>(_ need: Run, _ requirements: R, _ signature: Signature) -> Bool
        where R.Index == Int {
        for r in Int(need.start)..<Int(need.end) where !requirements[r].meets(signature) { return false }
        return true
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
        let choosers: UnsafeBufferPointer<Chooser>
        let needs: UnsafeBufferPointer<Run>
        let requirements: UnsafeBufferPointer<Signature>
        let signature: Signature
        let keys: TokenKeys
        let typos: UnsafeBufferPointer<Int32>
        /// The tokens matched so far (a stack of `count` items), and the runs to go on with when
        /// a run ends (a stack of `waiting` items).
        let matched: UnsafeMutableBufferPointer<Int32>
        let resume: UnsafeMutableBufferPointer<Run>
        let negation: Bool
        let widest: Bool
        var count = 0
        var waiting = 0
        var level: UInt8 = 0
        // The match under way.
        var term: Int32 = 0
        var owner: Int32 = 0
        var start = 0
        var found: Hit?
        var negatedHit: Hit?

        init(pieces: UnsafeBufferPointer<Piece>, runs: UnsafeBufferPointer<Run>, alternatives: UnsafeBufferPointer<Int32>,
             choosers: UnsafeBufferPointer<Chooser>, needs: UnsafeBufferPointer<Run>, requirements: UnsafeBufferPointer<Signature>, signature: Signature, keys: TokenKeys, typos: UnsafeBufferPointer<Int32>, matched: UnsafeMutableBufferPointer<Int32>,
             resume: UnsafeMutableBufferPointer<Run>, negation: Bool, widest: Bool) {
            self.pieces = pieces
            self.runs = runs
            self.alternatives = alternatives
            self.choosers = choosers
            self.needs = needs
            self.requirements = requirements
            self.signature = signature
            self.keys = keys
            self.typos = typos
            self.matched = matched
            self.resume = resume
            self.negation = negation
            self.widest = widest
        }

        /// The first (or with `widest`, the widest) way the term matches starting at token `ti`.
        mutating func find(root: Int32, term: Int32, owner: Int32, at ti: Int, _ negated: inout [Hit]) -> Hit? {
            count = 0
            waiting = 0
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
            let words = UnsafeBufferPointer(rebasing: matched[0..<count])
            for m in words {
                let n = keys[Int(m)].negatedBy
                if n >= 0 && !words.contains(n) { by = n; break }
            }
            let hit = Hit(term: term, owner: owner, start: Int32(start), end: Int32(end),
                          length: Int32(count), level: level, negatedBy: by)
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

        /// Marks in `bits` (bit k: the piece's alternative `first + k`) the alternatives starting
        /// with the token's word, stem or a typo of it, beside those that start otherwise (already
        /// set): reading the bits in order tries them in their written order, each once.
        private func choose(_ c: Chooser, _ ti: Int, first: Int, into bits: UnsafeMutableBufferPointer<UInt64>) {
            guard ti < keys.count else { return }
            let key = keys[ti]
            // Plain loops, no nested function: captured variables would be boxed and checked
            // for exclusive access on every use.
            c.byWord.withLists { words in
                c.byStem.withLists { stems in
                    if key.id >= 0 {
                        for k in c.byWord.range(key.id) { let i = Int(words[k]) - first; bits[i >> 6] |= 1 << UInt64(i & 63) }
                    }
                    if key.stemID >= 0 {
                        for k in c.byStem.range(key.stemID) { let i = Int(stems[k]) - first; bits[i >> 6] |= 1 << UInt64(i & 63) }
                    }
                    for t in Int(key.typoStart)..<Int(key.typoStart + key.typoCount) {
                        for k in c.byWord.range(typos[t]) { let i = Int(words[k]) - first; bits[i >> 6] |= 1 << UInt64(i & 63) }
                    }
                }
            }
        }

        /// Tries the alternative `alternatives[k]` at token `ti` (then what waits in `resume`).
        @inline(__always)
        private mutating func tryAlternative(_ k: Int, _ ti: Int) -> Bool {
            let alt = Int(alternatives[k])
            let run = runs[alt]
            // Most alternatives fail on their first word: check it before going in.
            if run.start < run.end {
                let first = pieces[Int(run.start)]
                if first.kind == .word && (ti >= keys.count || first.word.level(keys[ti], typos) == nil) { return false }
            }
            guard TermSet.possible(needs[alt], requirements, signature) else { return false }
            return match(run.start, run.end, ti)
        }

        /// Backtracking match of `pieces[p ..< end]` (then of the runs waiting in `resume`) from token `ti`.
        private mutating func match(_ p: Int32, _ end: Int32, _ ti: Int) -> Bool {
            if p == end {
                guard waiting > 0 else { return complete(ti) }
                waiting -= 1
                let next = resume[waiting]
                let stop = match(next.start, next.end, ti)
                resume[waiting] = next
                waiting += 1
                return stop
            }
            let piece = pieces[Int(p)]
            switch piece.kind {
            case .word:
                guard ti < keys.count, let l = piece.word.level(keys[ti], typos) else { return false }
                let saved = level
                level = max(saved, l)
                matched[count] = Int32(ti)
                count += 1
                if match(p + 1, end, ti + 1) { return true }
                count -= 1
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
                resume[waiting] = Run(start: p + 1, end: end)
                waiting += 1
                defer { waiting -= 1 }
                if piece.chooser >= 0 {
                    let chooser = choosers[Int(piece.chooser)]
                    let first = Int(piece.a)
                    return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: chooser.others.count) { bits in
                        _ = bits.initialize(from: chooser.others)
                        choose(chooser, ti, first: first, into: bits)
                        for w in bits.indices {
                            var word = bits[w]
                            while word != 0 {
                                if tryAlternative(first + (w << 6) + word.trailingZeroBitCount, ti) { return true }
                                word &= word &- 1
                            }
                        }
                        return false
                    }
                }
                for k in Int(piece.a)..<Int(piece.a + piece.b) where tryAlternative(k, ti) { return true }
                return false
            }
        }
    }
}

/// A 512-bit summary of a set of word and stem ids (a Bloom filter with one hash): an answer's
/// says which words it may hold; a term piece's says which words could match the piece. A piece
/// whose summary shares no bit with the answer's cannot match, so its term is not tried.
struct Signature: Sendable {
    var bits: SIMD8<UInt64> = .zero

    static let full = Signature(bits: SIMD8(repeating: ~0))
    var isFull: Bool { bits == SIMD8(repeating: ~0) }

    mutating func insert(word id: Int32) { insert(UInt64(UInt32(bitPattern: id)) << 1) }
    mutating func insert(stem id: Int32) { insert(UInt64(UInt32(bitPattern: id)) << 1 | 1) }

    private mutating func insert(_ x: UInt64) {
        let bit = (x &* 0x9E37_79B9_7F4A_7C15) >> 55
        bits[Int(bit >> 6)] |= 1 << (bit & 63)
    }

    func meets(_ other: Signature) -> Bool { (bits & other.bits) != .zero }

    mutating func formUnion(_ other: Signature) { bits |= other.bits }

    /// What could match `piece` at its first word: a word by its id (and by its stem, unless it
    /// is exact), alternatives by any of theirs. Nil for a gap, which needs no word.
    static func of(_ piece: CompiledPiece) -> Signature? {
        switch piece {
        case .word(let w):
            var s = Signature()
            s.insert(word: w.id)
            if !w.exact && w.stemID >= 0 { s.insert(stem: w.stemID) }
            return s
        case .gap:
            return nil
        case .anyOf(let alternatives):
            var s = Signature()
            for alt in alternatives {
                guard let first = alt.first, let f = of(first) else { return .full }
                s.formUnion(f)
            }
            return s
        }
    }
}

/// A map from integers to lists of small integers, by open addressing with a multiplicative
/// hash: a lookup costs a multiply and a compare or two, and nothing is hashed with SipHash.
/// (Term sets index first words and stems by id; the typo index, deletion hashes.)
struct IntIndex<Key: FixedWidthInteger & Sendable>: Sendable {
    private let keys: [Key]
    private let used: [Bool]
    private let slots: [TermSet.Run]
    private let flat: [Int32]
    private let shift: UInt64
    let isEmpty: Bool

    init(_ map: [Key: [Int32]]) {
        var bits = 3
        while (1 << bits) < map.count * 2 { bits += 1 }
        var keys = [Key](repeating: 0, count: 1 << bits)
        var used = [Bool](repeating: false, count: 1 << bits)
        var slots = [TermSet.Run](repeating: TermSet.Run(start: 0, end: 0), count: 1 << bits)
        var flat: [Int32] = []
        let shift = UInt64(64 - bits)
        for key in map.keys.sorted() {
            var i = Int(Self.hash(key) >> shift)
            while used[i] { i = (i + 1) & (keys.count - 1) }
            keys[i] = key
            used[i] = true
            let start = Int32(flat.count)
            flat += map[key]!
            slots[i] = TermSet.Run(start: start, end: Int32(flat.count))
        }
        self.keys = keys
        self.used = used
        self.slots = slots
        self.flat = flat
        self.shift = shift
        isEmpty = map.isEmpty
    }

    @inline(__always)
    private static func hash(_ key: Key) -> UInt64 { UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15 }

    /// Where the list for `key` is in the lists `withLists` gives (empty when there is none).
    @inline(__always)
    func range(_ key: Key) -> Range<Int> {
        var i = Int(Self.hash(key) >> shift)
        while used[i] {
            if keys[i] == key { let s = slots[i]; return Int(s.start)..<Int(s.end) }
            i = (i + 1) & (keys.count - 1)
        }
        return 0..<0
    }

    /// Calls `body` with the lists, for reading the ranges `range` gives.
    func withLists<R>(_ body: (UnsafeBufferPointer<Int32>) -> R) -> R { flat.withUnsafeBufferPointer(body) }
}
