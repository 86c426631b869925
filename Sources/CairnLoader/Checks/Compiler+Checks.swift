import CairnEngine

extension Compiler {
    /// Whole-graph checks, run once every reference resolved.
    func check(_ graph: Graph) {
        surfaceForms = SurfaceForms(graph.lexicon, defaultLocale: defaultLocale) { [unowned self] in try? self.parsedPattern($0).get() }
        checkReachable(graph)
        checkJumpCycles(graph)
        checkCallCycles(graph)
        checkChoices(graph)
        checkTopics(graph)
        checkCaptures()
        checkVariables(graph)
    }

    /// Every node a target can lead to directly.
    static func successors(_ t: Target) -> [Int] {
        switch t {
        case .go(let n): [n]
        case .call(let n, let then): [n, then]
        case .back, .end, .handoff: []
        }
    }

    static func targets(of node: CairnEngine.Node) -> [Target] {
        var out: [Target] = node.otherwise.map { [$0] } ?? []
        switch node.exit {
        case .choices(let choices): out += choices.map(\.target)
        case .ask(let q): out.append(q.then)
        case .target(let t): out.append(t)
        }
        return out
    }

    private func checkReachable(_ graph: Graph) {
        let s = graph.settings
        var roots = [s.start] + s.interrupts.map(\.target) + s.topics.map(\.target) + s.commands.compactMap(\.target)
        if let m = s.menu { roots.append(m) }
        if let e = s.reprompt.escape { roots.append(e) }
        var seen = Set<Int>(), stack = roots
        while let n = stack.popLast() {
            guard seen.insert(n).inserted else { continue }
            stack += Self.targets(of: graph.nodes[n]).flatMap(Self.successors)
        }
        for (i, node) in graph.nodes.enumerated() where !seen.contains(i) {
            diagnostics.append(.init(.warning, .unreachableNode, at: node.location,
                                     "node '\(Self.excerpt(node.id))' cannot be reached from the start, the menu, a command or an interrupt"))
        }
    }

    /// Nodes that move on without waiting and lead back to themselves loop forever.
    private func checkJumpCycles(_ graph: Graph) {
        let next: [[Int]] = graph.nodes.map { node in
            var targets: [Target] = node.otherwise.map { [$0] } ?? []
            if case .target(let t) = node.exit { targets.append(t) }
            return targets.flatMap(Self.successors)
        }
        for (loop, _) in Self.cycles(next) {
            let ids = loop.map { graph.nodes[$0].id } + [graph.nodes[loop[0]].id]
            diagnostics.append(.init(.error, .jumpCycle, at: graph.nodes[loop[0]].location,
                                     "these nodes jump in a circle without asking anything: \(ids.joined(separator: " -> "))"))
        }
    }

    /// Every cycle a depth-first walk finds, in the order found: the path from where it closes,
    /// and the edge that closes it (`next[loop.last][edge] == loop[0]`). A walk with an explicit
    /// stack, so a chain of any length cannot overflow the thread's stack.
    static func cycles(_ next: [[Int]]) -> [(loop: [Int], edge: Int)] {
        var state = [UInt8](repeating: 0, count: next.count)  // 0 new, 1 on path, 2 done
        var found: [(loop: [Int], edge: Int)] = []
        var path: [Int] = []
        var position: [Int: Int] = [:]  // node on the path -> its index in path
        for root in next.indices where state[root] == 0 {
            var stack: [(node: Int, edge: Int)] = [(root, 0)]
            state[root] = 1
            position[root] = 0
            path.append(root)
            while let (n, edge) = stack.last {
                guard edge < next[n].count else {
                    stack.removeLast()
                    path.removeLast()
                    position[n] = nil
                    state[n] = 2
                    continue
                }
                stack[stack.count - 1].edge += 1
                let m = next[n][edge]
                if state[m] == 1 {
                    found.append((Array(path[position[m]!...]), edge))
                } else if state[m] == 0 {
                    state[m] = 1
                    position[m] = path.count
                    path.append(m)
                    stack.append((m, 0))
                }
            }
        }
        return found
    }

    /// A flow that calls itself, directly or through others, would nest calls without end.
    private func checkCallCycles(_ graph: Graph) {
        func flow(_ n: Int) -> String { String(graph.nodes[n].id.split(separator: ".")[0]) }
        let flowIDs = graph.flows.map(\.id)
        var number: [String: Int] = [:]
        for (i, f) in flowIDs.enumerated() { number[f] = i }
        var calls = [[(callee: Int, location: SourceLocation)]](repeating: [], count: flowIDs.count)
        for (n, node) in graph.nodes.enumerated() {
            for case .call(let callee, _) in Self.targets(of: node) {
                guard let caller = number[flow(n)], let target = number[flow(callee)] else { continue }
                calls[caller].append((target, node.location))
            }
        }
        for (loop, edge) in Self.cycles(calls.map { $0.map(\.callee) }) {
            let location = calls[loop[loop.count - 1]][edge].location
            let ids = loop.map { flowIDs[$0] } + [flowIDs[loop[0]]]
            diagnostics.append(.init(.error, .callCycle, at: location,
                                     "flows call each other in a circle: \(ids.joined(separator: " -> ")); use go for one of them"))
        }
    }

    /// Two choices of one prompt must not answer to the same word, stem or concept member; a
    /// command word wins over a choice; a keyword must keep some words after normalization.
    private func checkChoices(_ graph: Graph) {
        var commandWords: [String: Command.Kind] = [:]
        let forms = surfaceForms ?? SurfaceForms(graph.lexicon, defaultLocale: defaultLocale)
        let main = forms.normalizer(defaultLocale)
        for c in graph.settings.commands { for w in c.words { commandWords[main.tokens(w).text] = c.kind } }
        for node in graph.nodes {
            guard case .choices(let choices) = node.exit else { continue }
            var owner: [String: (index: Int, word: String)] = [:]
            var stemOwner: [String: (index: Int, word: String)] = [:]
            for (i, choice) in choices.enumerated() {
                var terms: [(form: String, via: String?, at: SourceLocation)] = []
                let written = choiceWords[choice.id] ?? [:]
                for (locale, label) in [(defaultLocale, choice.label.base)] + choice.label.variants.map({ ($0.key, $0.value) }) {
                    let at = written["label \(locale)"] ?? choice.location
                    if let literal = label.literal { terms += forms.of(literal, locale: locale).map { ($0.form, $0.via, at) } }
                }
                for (locale, words) in [(defaultLocale, choice.keywords.base)] + choice.keywords.variants.map({ ($0.key, $0.value) }) {
                    for k in words {
                        let at = written["\(locale) \(k)"] ?? choice.location
                        terms += forms.of(k, locale: locale).map { ($0.form, $0.via, at) }
                    }
                }
                var seen = Set<String>()
                for (term, via, at) in terms where !term.isEmpty && seen.insert(term).inserted {
                    let through = via.map { " (through ~\($0))" } ?? ""
                    // Quiet where the choice goes the same way as the command (exit, or the menu).
                    if let kind = commandWords[term], !(kind == .exit && choice.target == .end(.quickExit)),
                       !(kind == .menu && graph.settings.menu.map { choice.target == .go($0) } == true) {
                        diagnostics.append(.init(.warning, .shadowedByCommand, at: at,
                                                 "'\(Self.excerpt(term))'\(through) is also the \(kind.rawValue) command, which wins at every prompt"))
                    }
                    let conditional = { (j: Int) in choices[j].condition != nil || choice.condition != nil }
                    if let o = owner[term], o.index != i {
                        diagnostics.append(.init(conditional(o.index) ? .warning : .error, .choiceOverlap, at: at,
                                                 "choices \(o.index + 1) and \(i + 1) of node '\(Self.excerpt(node.id))' both answer to '\(Self.excerpt(term))'\(through)"))
                        continue
                    }
                    owner[term] = (i, term)
                    guard !term.utf8.contains(UInt8(ascii: " ")), let stem = forms.stem(term, locale: defaultLocale) else { continue }
                    if let o = stemOwner[stem], o.index != i, o.word != term {
                        diagnostics.append(.init(.warning, .choiceOverlap, at: at,
                                                 "choices \(o.index + 1) and \(i + 1) of node '\(Self.excerpt(node.id))' both answer to words with the stem '\(Self.excerpt(stem))' ('\(Self.excerpt(o.word))' and '\(Self.excerpt(term))'); a typed '\(Self.excerpt(stem))…' form would be ambiguous"))
                    } else if stemOwner[stem] == nil {
                        stemOwner[stem] = (i, term)
                    }
                }
            }
        }
        // Each keyword text is judged once per language (the same keywords recur on many prompts).
        var unreachable: [String: Bool] = [:]
        for use in keywordUses where !use.source.hasPrefix("~") {
            let key = use.locale + "\u{0}" + use.source
            let empty = unreachable[key] ?? {
                let normalizer = forms.normalizer(use.locale)
                let words = ((try? parsedPattern(use.source).get()) ?? []).compactMap { p -> String? in
                    if case .word(let w, _) = p { return w } else { return nil }
                }
                let empty = !words.isEmpty && words.allSatisfy { normalizer.tokens($0).isEmpty }
                unreachable[key] = empty
                return empty
            }()
            if empty {
                diagnostics.append(.init(.warning, .unreachableKeyword, at: use.location,
                                         "keyword '\(Self.excerpt(use.source))' has no words left after normalization (punctuation, or an emoji the tables don't know), so no answer can match it"))
            }
        }
    }

    /// Topic words that a choice on some prompt answers first, sending the person elsewhere.
    ///
    /// The plain forms of every prompt's choices are indexed once (form -> the choices answering
    /// to it, in node and choice order), so each topic word costs what its forms hit, not a walk
    /// over every choice of every prompt.
    func checkTopics(_ graph: Graph) {
        guard !graph.settings.topics.isEmpty else { return }
        let forms = surfaceForms ?? SurfaceForms(graph.lexicon, defaultLocale: defaultLocale)
        var flowIDs: [Substring: Int] = [:]
        let flowOf: [Int] = graph.nodes.map { node in
            let id = node.id.split(separator: ".").first ?? ""
            if let i = flowIDs[id] { return i }
            flowIDs[id] = flowIDs.count
            return flowIDs.count - 1
        }
        var answering: [String: [(node: Int, choice: Int)]] = [:]
        for (n, node) in graph.nodes.enumerated() {
            guard case .choices(let choices) = node.exit else { continue }
            for (ci, choice) in choices.enumerated() {
                var terms = choice.keywords.base.flatMap { forms.of($0, locale: defaultLocale).map(\.form) }
                if let l = choice.label.base.literal { terms += forms.of(l, locale: defaultLocale).map(\.form) }
                for form in Set(terms) { answering[form, default: []].append((n, ci)) }
            }
        }
        for topic in graph.settings.topics {
            let home = flowOf[topic.target]
            // Plain words only: a concept a choice shares with a topic is shared on purpose.
            for use in topicWordUses where use.topic == topic.id && !use.source.hasPrefix("~") {
                let wanted = Set(forms.of(use.source, locale: defaultLocale).map(\.form))
                // By prompt, the first choice answering to a wanted form that does not go where the topic goes.
                var firstHit: [Int: Int] = [:]
                for form in wanted {
                    for (n, ci) in answering[form] ?? [] where flowOf[n] != home {
                        if let c = firstHit[n], c <= ci { continue }
                        guard case .choices(let choices) = graph.nodes[n].exit, choices[ci].target != .go(topic.target) else { continue }
                        firstHit[n] = ci
                    }
                }
                let prompts: [String] = firstHit.keys.sorted().map { n in
                    guard case .choices(let choices) = graph.nodes[n].exit else { return "" }
                    let hit = choices[firstHit[n]!]
                    return "'\(Self.excerpt(hit.label.base.literal ?? hit.id))' at \(Self.excerpt(graph.nodes[n].id))"
                }
                guard let first = prompts.first else { continue }
                let more = prompts.count > 1 ? " and \(prompts.count - 1) other prompt\(prompts.count > 2 ? "s" : "")" : ""
                diagnostics.append(.init(.warning, .topicShadowsChoice, at: use.location,
                                         "topic '\(Self.excerpt(topic.id))' never takes '\(Self.excerpt(use.source))' where a choice answers to it first: \(first)\(more)"))
            }
        }
    }

    /// Captures into variables that no template, condition or handoff reads.
    func checkCaptures() {
        let read = Set(variableUses.map(\.name)).union(shares.map(\.name))
        var reported = Set<String>()
        for use in captureUses where !read.contains(use.variable) && reported.insert(use.variable).inserted {
            diagnostics.append(.init(.warning, .unusedCapture, at: use.location,
                                     "'\(Self.excerpt(use.variable))' is captured but nothing reads it (no template, condition or handoff uses it)"))
        }
    }

    private func checkVariables(_ graph: Graph) {
        let declared = graph.settings.variables
        var reported = Set<String>()
        var setters: SuggestionIndex?
        for use in variableUses where variableSetters[use.name] == nil {
            let hasDefault = use.hasFallback || declared[use.name]?.defaultValue != nil
            if !use.inCondition && hasDefault { continue }
            guard reported.insert("\(use.location)\(use.name)").inserted else { continue }
            if setters == nil { setters = SuggestionIndex(variableSetters.keys) }
            let hint = setters!.suggestion(for: use.name).map { " (did you mean '\(Self.excerpt($0))'?)" } ?? ""
            diagnostics.append(.init(.error, .unknownVariable, at: use.location,
                                     "nothing sets variable '\(Self.excerpt(use.name))'\(hint)"
                                     + (use.inCondition ? "" : "; set it somewhere or give it a default")))
        }
        let set = SetVariables(graph)
        var nodeIndex: [String: Int] = [:]
        for (i, node) in graph.nodes.enumerated() { nodeIndex[node.id] = i }
        for use in variableUses where variableSetters[use.name] != nil && !use.inCondition && !use.hasFallback
            && declared[use.name]?.defaultValue == nil {
            if let node = use.node, let i = nodeIndex[node] {
                // Set on every path here, or shown only when it is set: no hole.
                guard let state = set.atNode[i] else { continue }  // unreachable: reported as such
                if state.contains(use.name) || use.guardedBy.map({ SetVariables.implied($0).contains(use.name) }) == true { continue }
            }
            guard reported.insert("default \(use.name)").inserted else { continue }
            diagnostics.append(.init(.warning, .noDefault, at: use.location,
                                     "'{{\(Self.excerpt(use.name))}}' shows nothing when it is unset; give a default, like {{\(Self.excerpt(use.name)) or \"...\"}}"))
        }
        for share in shares {
            if let asked = freeTextAsks[share.name] {
                diagnostics.append(.init(.error, .freeTextShared, at: share.location,
                                         "'\(Self.excerpt(share.name))' holds the person's own words (asked at line \(asked.line)) and is never shared"))
            } else if declared[share.name]?.shareable != true {
                diagnostics.append(.init(.error, .notShareable, at: share.location,
                                         "'\(Self.excerpt(share.name))' is not marked 'shareable: true' under settings variables"))
            }
        }
    }
}
