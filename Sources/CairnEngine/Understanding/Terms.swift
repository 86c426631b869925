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
    func level(_ t: Token) -> UInt8? {
        if t.id == id { return 0 }
        if exact { return nil }
        if stemID >= 0 && t.stemID == stemID { return 1 }
        if typo > 0 && !t.typos.isEmpty && t.typos.contains(id) { return 2 }
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

/// A set of terms with an index from first words to terms, so an answer is matched by looking up
/// each of its words once instead of trying every term.
struct TermSet: Sendable {
    let terms: [Term]
    private let byWord: [Int32: [Int32]]
    private let byStem: [Int32: [Int32]]

    init(_ terms: [Term]) {
        self.terms = terms
        var byWord: [Int32: [Int32]] = [:], byStem: [Int32: [Int32]] = [:]
        for (i, term) in terms.enumerated() {
            for ref in Self.firstWords(term.pieces) {
                if !(byWord[ref.id]?.contains(Int32(i)) ?? false) { byWord[ref.id, default: []].append(Int32(i)) }
                if !ref.exact, ref.stemID >= 0, !(byStem[ref.stemID]?.contains(Int32(i)) ?? false) { byStem[ref.stemID, default: []].append(Int32(i)) }
            }
        }
        self.byWord = byWord
        self.byStem = byStem
    }

    var isEmpty: Bool { terms.isEmpty }

    static func firstWords(_ pieces: [CompiledPiece]) -> [WordRef] {
        guard let first = pieces.first else { return [] }
        switch first {
        case .word(let w): return [w]
        case .anyOf(let alternatives): return alternatives.flatMap(firstWords)
        case .gap: return []
        }
    }

    /// Every term found in `tokens`. With `negation`, a match that negation speaks against is
    /// passed over for another, and reported in `negated`. With `widest`, each term's match is the
    /// one covering the most words (then the most exact), wherever it starts; without, the first.
    func hits(in tokens: [Token], negation: Bool, widest: Bool = false, negated: inout [Hit]) -> [Hit] {
        var out: [Hit] = []
        guard !terms.isEmpty, !tokens.isEmpty else { return out }
        var state = MatchState()
        var tried: [Int32] = []
        for ti in tokens.indices {
            let t = tokens[ti]
            tried.removeAll(keepingCapacity: true)
            if t.id >= 0, let list = byWord[t.id] { tryTerms(list, ti, tokens, negation, widest, &state, &tried, &out, &negated) }
            if t.stemID >= 0, let list = byStem[t.stemID] { tryTerms(list, ti, tokens, negation, widest, &state, &tried, &out, &negated) }
            for typo in t.typos { if let list = byWord[typo] { tryTerms(list, ti, tokens, negation, widest, &state, &tried, &out, &negated) } }
        }
        return out
    }

    private func tryTerms(_ list: [Int32], _ ti: Int, _ tokens: [Token], _ negation: Bool, _ widest: Bool, _ state: inout MatchState,
                          _ tried: inout [Int32], _ out: inout [Hit], _ negated: inout [Hit]) {
        for index in list where !tried.contains(index) {
            tried.append(index)
            let previous = out.firstIndex { $0.term == index }
            if previous != nil && !widest { continue }
            let term = terms[Int(index)]
            guard let hit = Self.find(term, index, at: ti, tokens, negation: negation, widest: widest, &state, &negated) else { continue }
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

    struct MatchState {
        var matched: [Int32] = []
        var level: UInt8 = 0
        init() { matched.reserveCapacity(16) }
    }

    /// The first (or with `widest`, the widest) way `term` matches starting at token `ti`.
    static func find(_ term: Term, _ index: Int32, at ti: Int, _ tokens: [Token], negation: Bool, widest: Bool = false,
                     _ state: inout MatchState, _ negated: inout [Hit]) -> Hit? {
        state.matched.removeAll(keepingCapacity: true)
        state.level = 0
        var found: Hit?
        _ = match(term.pieces, 0, ti, tokens, &state) { end, st in
            var by: Int32 = -1
            for m in st.matched {
                let n = tokens[Int(m)].negatedBy
                if n >= 0 && !st.matched.contains(n) { by = n; break }
            }
            let hit = Hit(term: index, owner: term.owner, start: Int32(ti), end: Int32(end),
                          length: Int32(st.matched.count), level: st.level, negatedBy: by)
            if by >= 0 && negation {
                if !negated.contains(where: { $0.term == index }) { negated.append(hit) }
                return false
            }
            guard widest else {
                found = hit
                return true
            }
            if found.map({ wider(hit, than: $0) }) ?? true { found = hit }
            return false
        }
        return found
    }

    /// Backtracking match of `pieces[pi...]` from token `ti`; `k` is called with the end of each
    /// complete match and says whether to stop.
    static func match(_ pieces: [CompiledPiece], _ pi: Int, _ ti: Int, _ tokens: [Token], _ st: inout MatchState,
                      _ k: (Int, inout MatchState) -> Bool) -> Bool {
        if pi == pieces.count { return k(ti, &st) }
        switch pieces[pi] {
        case .word(let w):
            guard ti < tokens.count, let l = w.level(tokens[ti]) else { return false }
            let saved = st.level
            st.level = max(saved, l)
            st.matched.append(Int32(ti))
            if match(pieces, pi + 1, ti + 1, tokens, &st, k) { return true }
            st.matched.removeLast()
            st.level = saved
            return false
        case .gap(let n):
            guard ti > 0 else { return false }
            let sentence = tokens[ti - 1].sentence
            var skip = 0
            while skip <= n, ti + skip < tokens.count, tokens[ti + skip].sentence == sentence {
                if match(pieces, pi + 1, ti + skip, tokens, &st, k) { return true }
                skip += 1
            }
            return false
        case .anyOf(let alternatives):
            for alt in alternatives {
                if match(alt, 0, ti, tokens, &st, { end, st2 in match(pieces, pi + 1, end, tokens, &st2, k) }) { return true }
            }
            return false
        }
    }
}
