/// Compiles written terms (keywords, concept members, interrupt and topic words) of one language
/// into `Term`s: normalizes their words the way answers are normalized, stems and interns them,
/// and expands concepts (each once, cached; a concept that refers back to itself matches nothing
/// through the loop — the loader reports such cycles).
struct TermCompiler {
    let lexicon: LocaleLexicon
    var normalizer: Normalizer
    var vocabulary = Vocabulary()
    private var concepts: [String: [[CompiledPiece]]] = [:]
    private var expanding: Set<String> = []
    /// Each written term parsed once (the same keywords and concepts recur on many prompts).
    private var parsed: [String: [PatternPiece]?] = [:]

    init(lexicon: LocaleLexicon, locale: String) {
        self.lexicon = lexicon
        self.normalizer = Normalizer(lexicon, locale: locale)
    }

    /// A term for `source`, or nil when it is not a valid pattern or normalizes to nothing.
    mutating func term(_ source: String, kind: Term.Kind? = nil, owner: Int32) -> Term? {
        guard let parsed = parse(source) else { return nil }
        let pieces = compile(parsed)
        guard !pieces.isEmpty else { return nil }
        let k: Term.Kind
        if let kind { k = kind } else if parsed.count == 1, case .concept = parsed[0] { k = .concept } else {
            k = PatternSyntax.isPattern(parsed) ? .pattern : .keyword
        }
        return Term(pieces: pieces, kind: k, owner: owner, source: source)
    }

    /// A label: its words in a row, exactly as shown (no pattern signs).
    mutating func label(_ text: String, owner: Int32) -> Term? {
        let pieces = words(text, exact: false)
        return pieces.isEmpty ? nil : Term(pieces: pieces, kind: .label, owner: owner, source: text)
    }

    /// One term per member of a concept, owned by the member's index (for captures).
    mutating func members(of name: String) -> [Term] {
        guard let def = lexicon.concepts[name] else { return [] }
        var out: [Term] = []
        for (i, m) in def.members.enumerated() {
            if let t = term(m.source, kind: .concept, owner: Int32(i)) { out.append(t) }
        }
        return out
    }

    private mutating func parse(_ source: String) -> [PatternPiece]? {
        if let done = parsed[source] { return done }
        let pieces = try? PatternSyntax.parse(source)
        parsed[source] = pieces
        return pieces
    }

    private mutating func compile(_ parsed: [PatternPiece]) -> [CompiledPiece] {
        var out: [CompiledPiece] = []
        var run: [String] = []
        func flushRun(_ c: inout TermCompiler) {
            if !run.isEmpty { out += c.words(run.joined(separator: " "), exact: false); run = [] }
        }
        for piece in parsed {
            switch piece {
            case .word(let w, exact: false):
                run.append(w)
            case .word(let w, exact: true):
                flushRun(&self)
                out += words(w, exact: true)
            case .concept(let name):
                flushRun(&self)
                let alternatives = concept(name)
                if alternatives.isEmpty { return [] }  // an unknown or empty concept matches nothing
                out.append(.anyOf(alternatives))
            case .oneOf(let options):
                flushRun(&self)
                var alternatives: [[CompiledPiece]] = []
                for option in options {
                    switch option {
                    case .concept(let name): alternatives += concept(name)
                    case .word(let w, let exact):
                        let ws = words(w, exact: exact)
                        if !ws.isEmpty { alternatives.append(ws) }
                    default: break
                    }
                }
                if alternatives.isEmpty { return [] }
                out.append(alternatives.count == 1 && alternatives[0].count == 1 ? alternatives[0][0] : .anyOf(alternatives))
            case .gap(let n):
                flushRun(&self)
                if !out.isEmpty { out.append(.gap(n)) }
            }
        }
        flushRun(&self)
        while case .gap = out.last { out.removeLast() }
        return out
    }

    /// The alternatives of a concept: one per member.
    private mutating func concept(_ name: String) -> [[CompiledPiece]] {
        if let done = concepts[name] { return done }
        guard let def = lexicon.concepts[name], !expanding.contains(name) else { return [] }
        expanding.insert(name)
        var alternatives: [[CompiledPiece]] = []
        for m in def.members {
            guard let parsed = parse(m.source) else { continue }
            let pieces = compile(parsed)
            if !pieces.isEmpty { alternatives.append(pieces) }
        }
        expanding.remove(name)
        concepts[name] = alternatives
        return alternatives
    }

    /// Normalized words of `text` as word pieces.
    mutating func words(_ text: String, exact: Bool) -> [CompiledPiece] {
        normalizer.tokens(text).map { t in
            .word(WordRef(id: vocabulary.intern(word: t.text), stemID: vocabulary.intern(stem: t.stem), exact: exact,
                          typo: Int8(typoAllowance(t.text.unicodeScalars.count))))
        }
    }
}
