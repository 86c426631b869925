import CairnEngine
import Foundation
import Yams

/// A keyword, interrupt or topic word as written, kept for the checks that need the whole lexicon.
struct PatternUse {
    let source: String
    let locale: String
    let location: SourceLocation
    let pieces: [PatternPiece]
}

extension Compiler {
    /// Reads a lexicon file (`lexicon:` at the top) into the lexicon of its locale.
    func readLexicon(_ root: Yams.Node, _ r: inout Reader) {
        guard let entries = r.entries(root, "a lexicon file", allowed: FlowSchemaKeys.lexicon) else { return }
        let get = { (key: String) in entries.first { $0.key == key } }
        if let name = get("lexicon") { _ = r.identifier(name.value, "the lexicon's name") }
        var locale = defaultLocale
        if let e = get("locale"), let l = r.string(e.value, "locale") {
            if isLocale(l) { locale = l } else { r.error(.badValue, e.value, "'\(Self.excerpt(l))' is not a language code like en or fr") }
        }
        var lex = lexicons[locale] ?? LocaleLexicon()
        for e in entries {
            switch e.key {
            case "concepts": readConcepts(e.value, locale: locale, into: &lex, &r)
            case "rewrite":
                for p in r.entries(e.value, "rewrite") ?? [] {
                    if let to = r.string(p.value, "what '\(Self.excerpt(p.key))' becomes") { lex.rewrites[p.key] = to }
                }
            case "emoji":
                for p in r.entries(e.value, "emoji") ?? [] {
                    if let to = r.string(p.value, "the words for '\(Self.excerpt(p.key))'") { lex.emoji[p.key] = to }
                }
            case "numbers":
                for p in r.entries(e.value, "numbers") ?? [] {
                    if let n = r.int(p.value, "the number of '\(Self.excerpt(p.key))'", range: 1...99) { lex.numbers[p.key] = n }
                }
            case "negation":
                guard let sub = r.entries(e.value, "negation", allowed: FlowSchemaKeys.negation) else { continue }
                for p in sub {
                    switch p.key {
                    case "triggers":
                        if case .mapping = p.value {
                            for t in r.entries(p.value, "triggers") ?? [] {
                                if let w = r.int(t.value, "how many words '\(Self.excerpt(t.key))' negates", range: 0...20) { lex.negationTriggers[t.key] = w }
                            }
                        } else {
                            for t in r.strings(p.value, "a negation trigger") { lex.negationTriggers[t] = Self.defaultNegationWindow }
                        }
                    case "pseudo": lex.pseudoTriggers += r.strings(p.value, "a pseudo-trigger")
                    default: lex.clauseBreaks += r.strings(p.value, "a clause-break word")
                    }
                }
            default: break
            }
        }
        lexicons[locale] = lex
    }

    static let defaultNegationWindow = 8

    private func readConcepts(_ node: Yams.Node, locale: String, into lex: inout LocaleLexicon, _ r: inout Reader) {
        for e in r.entries(node, "concepts") ?? [] {
            guard Identifier.isValid(e.key) else {
                r.error(.badID, e.keyNode, "'\(Self.excerpt(e.key))' is not a concept name: use letters, digits and _, starting with a letter")
                continue
            }
            let key = "\(locale) \(e.key)"
            if let other = conceptLocations[key] {
                r.error(.duplicateID, e.keyNode, "concept '\(Self.excerpt(e.key))' is already defined at \(other)")
                continue
            }
            conceptLocations[key] = r.location(e.keyNode)
            var members: [ConceptMember] = []
            var refs: [String] = []
            func add(_ n: Yams.Node, value: String?, _ r: inout Reader) {
                for item in r.list(n) {
                    guard let source = readPattern(item, "a member of concept '\(Self.excerpt(e.key))'", locale: locale, &r) else { continue }
                    members.append(ConceptMember(source, value: value))
                    refs += PatternSyntax.concepts(in: patternUses[patternUses.count - 1].pieces)
                }
            }
            if case .mapping = e.value {
                for v in r.entries(e.value, "concept '\(Self.excerpt(e.key))'") ?? [] { add(v.value, value: v.key, &r) }
            } else {
                add(e.value, value: nil, &r)
            }
            if members.isEmpty { r.error(.missingKey, e.keyNode, "concept '\(Self.excerpt(e.key))' has no members") }
            lex.concepts[e.key] = ConceptDefinition(members: members, location: r.location(e.keyNode))
            conceptGraph["\(locale) \(e.key)"] = refs
        }
    }

    /// A keyword, member, interrupt or topic word: checked as a pattern, its concepts noted for
    /// `checkConcepts`. Returns the text as written (trimmed), nil when it is not usable.
    func readPattern(_ node: Yams.Node, _ what: String, locale: String, _ r: inout Reader) -> String? {
        guard let s = r.string(node, what) else { return nil }
        let text = Self.trimmed(s)
        guard !text.isEmpty else {
            r.error(.emptyText, node, "\(what) is empty")
            return nil
        }
        switch parsedPattern(text) {
        case .success(let pieces):
            patternUses.append(PatternUse(source: text, locale: locale, location: r.location(node), pieces: pieces))
            return text
        case .failure(let error):
            r.diagnostics.append(.init(.error, .badPattern, at: position(in: node, offset: error.offset, &r), "\(error.message), in '\(Self.excerpt(text))'"))
            return nil
        }
    }

    /// `s.trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation when `s` starts
    /// and ends with an ASCII byte that is not a space or a control character (it is then
    /// unchanged); most keywords and members do.
    static func trimmed(_ s: String) -> String {
        let utf8 = s.utf8
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return s }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `PatternSyntax.parse(text)`, once per text in a load (the same keywords and members recur
    /// on many prompts and in several checks).
    func parsedPattern(_ text: String) -> Result<[PatternPiece], PatternError> {
        if let done = parsedPatterns[text] { return done }
        let result = Result { () throws(PatternError) in try PatternSyntax.parse(text) }
        parsedPatterns[text] = result
        return result
    }

    /// `capture: {variable: ~concept}` on a choice, interrupt, topic or the settings.
    func readCaptures(_ node: Yams.Node, _ r: inout Reader) -> [Capture] {
        var out: [Capture] = []
        for e in r.entries(node, "capture") ?? [] {
            guard Identifier.isValid(e.key) else { r.error(.badID, e.keyNode, "'\(Self.excerpt(e.key))' is not a variable name"); continue }
            guard let s = r.string(e.value, "the concept to capture"), s.hasPrefix("~"), Identifier.isValid(s.dropFirst()) else {
                r.error(.badValue, e.value, "capture takes a concept, like '\(Self.excerpt(e.key)): ~\(Self.excerpt(e.key))'")
                continue
            }
            let name = String(s.dropFirst())
            patternUses.append(PatternUse(source: s, locale: defaultLocale, location: r.location(e.value), pieces: [.concept(name)]))
            captureUses.append((e.key, r.location(e.keyNode)))
            variableSetters[e.key] = variableSetters[e.key] ?? r.location(e.keyNode)
            note(.variable, e.key, at: r.location(e.keyNode), definition: true)
            out.append(Capture(variable: e.key, concept: name))
        }
        return out
    }

    /// The lexicon of every locale, with Cairn's tables under the flow set's, and each locale
    /// falling back to the default locale's concepts.
    func finishLexicon() -> Lexicon {
        var out = lexicons
        let main = out[defaultLocale] ?? LocaleLexicon()
        for (locale, var lex) in out where locale != defaultLocale {
            for (name, def) in main.concepts where lex.concepts[name] == nil { lex.concepts[name] = def }
            out[locale] = lex
        }
        return Lexicon(out)
    }

    /// How deep concepts may hold concepts (`~a` holding `~b` holding `~c` is 3); deeper is a
    /// diagnostic, so expanding them later can never overflow the stack.
    static let maxConceptDepth = 32

    /// Unknown concepts, concepts that contain themselves, and concepts nested too deep. Returns
    /// false when concepts nest deeper than `maxConceptDepth`: nothing may expand them then.
    @discardableResult
    func checkConcepts(_ lexicon: Lexicon) -> Bool {
        for use in patternUses {
            let known = lexicon.lexicon(for: use.locale).concepts
            for name in PatternSyntax.concepts(in: use.pieces) where known[name] == nil {
                diagnostics.append(.init(.error, .unknownConcept, at: use.location,
                                         "unknown concept '~\(Self.excerpt(name))'\(didYouMean(name, known.keys)); define it in a lexicon file under 'concepts:'"))
            }
        }
        // Concepts as numbers, in name order, for the iterative walk: a chain of any depth of
        // concepts inside concepts cannot overflow the stack.
        let keys = conceptGraph.keys.sorted()
        var number: [String: Int] = [:]
        for (i, key) in keys.enumerated() { number[key] = i }
        let next: [[Int]] = keys.map { key in
            let locale = key.split(separator: " ")[0]
            return (conceptGraph[key] ?? []).compactMap { number["\(locale) \($0)"] }
        }
        for (loop, _) in Self.cycles(next) {
            // A long circle is named by its first concepts and its last, so the message stays short.
            let shown = loop.count > 10 ? Array(loop.prefix(8)) + [-1] + [loop[loop.count - 1], loop[0]] : loop + [loop[0]]
            let names = shown.map { $0 < 0 ? "..." : "~" + keys[$0].split(separator: " ")[1] }
            diagnostics.append(.init(.error, .conceptCycle, at: conceptLocations[keys[loop[loop.count - 1]]]!,
                                     "concepts contain each other in a circle: \(names.joined(separator: " -> "))"
                                        + (loop.count > 10 ? " (\(loop.count) concepts)" : "")))
        }
        let depth = Self.depths(next)
        guard let deepest = depth.indices.max(by: { (depth[$0], $1) < (depth[$1], $0) }), depth[deepest] > Self.maxConceptDepth else { return true }
        var chain = [deepest]
        while chain.count < 4, let down = next[chain[chain.count - 1]].first(where: { depth[$0] == depth[chain[chain.count - 1]] - 1 }) {
            chain.append(down)
        }
        let names = chain.map { "~" + keys[$0].split(separator: " ")[1] }.joined(separator: " -> ")
        diagnostics.append(.init(.error, .tooDeep, at: conceptLocations[keys[deepest]]!,
                                 "concepts hold concepts \(depth[deepest]) levels deep (\(names) -> ...), more than \(Self.maxConceptDepth); flatten them"))
        return false
    }
}

extension Compiler {
    /// For each node, the most nodes on a path that starts there (1 for a node without successors),
    /// edges back onto the walk's own path left out. An explicit stack, like `cycles`.
    static func depths(_ next: [[Int]]) -> [Int] {
        var depth = [Int](repeating: 0, count: next.count)  // 0 until done
        var onPath = [Bool](repeating: false, count: next.count)
        for root in next.indices where depth[root] == 0 {
            var stack: [(node: Int, edge: Int)] = [(root, 0)]
            onPath[root] = true
            while let (n, edge) = stack.last {
                if edge < next[n].count {
                    stack[stack.count - 1].edge += 1
                    let m = next[n][edge]
                    if depth[m] == 0, !onPath[m] {
                        onPath[m] = true
                        stack.append((m, 0))
                    }
                } else {
                    depth[n] = 1 + (next[n].lazy.map { onPath[$0] ? 0 : depth[$0] }.max() ?? 0)
                    onPath[n] = false
                    stack.removeLast()
                }
            }
        }
        return depth
    }
}
