import CairnEngine

extension Walk {
    /// At state `i` (the walk calls it at the first state of each node): every quick exit word must
    /// end the session at once, with nothing said, and every interrupt phrase, alone or inside a
    /// sentence, must divert. Each problem is noted once, with the number of prompts it shows at.
    mutating func checkSafety(at i: Int) {
        let node = space[i].node
        let session = space[i].session
        let place = SafetyProblem.Place(location: graph.nodes[node].location,
                                        text: "'\(graph.nodes[node].id)' (\(Self.describe(space.path(to: i))))")
        for word in graph.settings.commands.filter({ $0.kind == .exit }).flatMap(\.words) {
            let events = probe(session, word)
            if events != [.end(reason: .quickExit)] {
                noteSafety(.quickExit, "typing '\(word)' does not leave at once", detail: "instead it " + Self.summarize(events), at: place)
            }
        }
        for interrupt in graph.settings.interrupts {
            var broken: [String] = []
            var firstEvents: [Event] = []
            for (k, phrase) in examples(of: interrupt).enumerated() {
                var tries = [phrase]
                if k == 0 { tries.append("honestly \(phrase) right now") }
                // An interrupt listed earlier may take the phrase first (crisis before the check-in).
                let earlier = graph.settings.interrupts.prefix { $0.id != interrupt.id }.map(\.id) + [interrupt.id]
                for text in tries {
                    let events = probe(session, text)
                    guard !earlier.contains(where: { Self.diverts(events, to: $0) }) else { continue }
                    if broken.isEmpty { firstEvents = events }
                    broken.append(text)
                }
            }
            if !broken.isEmpty {
                let phrases = broken.map { "'\($0)'" }.joined(separator: ", ")
                noteSafety(.interrupt, "the \(interrupt.id) interrupt does not divert for \(phrases)",
                           detail: "instead '\(broken[0])' " + Self.summarize(firstEvents), at: place)
            }
        }
    }

    /// Phrases each interrupt must divert for: every word, and for concepts and patterns the
    /// phrases they match (a bounded number of each).
    func examples(of interrupt: Interrupt) -> [String] {
        let lexicon = graph.lexicon.lexicon(for: graph.settings.defaultLocale)
        var out: [String] = []
        for word in interrupt.words {
            for e in PatternSyntax.examples(word, in: lexicon, limit: 40) where !out.contains(e) { out.append(e) }
        }
        return out
    }

    /// A safety word that failed: where first, and at how many prompts in all.
    struct SafetyProblem {
        struct Place {
            var location: SourceLocation
            var text: String
        }

        var code: Finding.Code
        var what: String
        var detail: String
        var first: Place
        var count = 1
    }

    mutating func noteSafety(_ code: Finding.Code, _ what: String, detail: String, at place: SafetyProblem.Place) {
        let key = "\(code.rawValue) \(what)"
        if safety[key] == nil {
            safetyOrder.append(key)
            safety[key] = SafetyProblem(code: code, what: what, detail: detail, first: place)
        } else {
            safety[key]!.count += 1
        }
    }

    /// The safety problems as findings, at the first prompt each showed at.
    mutating func reportSafety() {
        for key in safetyOrder {
            let p = safety[key]!
            let more = p.count > 1 ? " and \(p.count - 1) other prompt\(p.count > 2 ? "s" : "")" : ""
            note(p.code, at: p.first.location, key: key, "\(p.what) at \(p.first.text)\(more): \(p.detail)")
        }
    }

    /// The events of one step on a copy of `session`; the walk itself is not changed.
    func probe(_ session: Session, _ text: String) -> [Event] {
        var copy = session
        return (try? engine.step(&copy, .text(text))) ?? []
    }

    static func diverts(_ events: [Event], to id: String) -> Bool {
        events.first == .interrupt(id: id) && !events.contains { if case .failure = $0 { true } else { false } }
    }

    /// A short account of what a step did, for messages.
    static func summarize(_ events: [Event]) -> String {
        guard !events.isEmpty else { return "nothing happened" }
        return events.prefix(3).map { e -> String in
            switch e {
            case .say(let s): "said '\(s.prefix(40))\(s.count > 40 ? "..." : "")'"
            case .contact(let c): "showed contact \(c.id)"
            case .choices: "showed choices"
            case .ask(let v, _, _): "asked for \(v)"
            case .interrupt(let id): "interrupt \(id)"
            case .handoff: "handed off"
            case .end(let r): "ended (\(r))"
            case .failure(let m): "failed (\(m))"
            }
        }.joined(separator: ", ")
    }

    /// Reports messages and labels that were shown with an empty slot: the template rendered with the
    /// session's variables equals what was shown, and some slot of it had no value, fallback or default.
    mutating func checkHoles(_ events: [Event], nodes: Set<Int>, variables: [String: String], locale: String, path: [String]) {
        var shown: Set<String> = []
        for e in events {
            switch e {
            case .say(let s): shown.insert(s)
            case .choices(let cs): shown.formUnion(cs.map(\.label))
            default: break
            }
        }
        guard !shown.isEmpty else { return }
        let defaults = graph.settings.defaults
        for n in nodes.sorted() {
            let node = graph.nodes[n]
            var templates = node.messages.compactMap { $0.text.map { ($0.value(for: locale), node.location) } }
            if case .choices(let choices) = node.exit { templates += choices.map { ($0.label.value(for: locale), $0.location) } }
            for (template, location) in templates where !template.variables.isEmpty {
                let missing = template.missingVariables(variables, defaults: defaults)
                guard !missing.isEmpty, shown.contains(template.render(variables, defaults: defaults)) else { continue }
                for name in missing {
                    note(.unsetVariable, at: location, key: "\(location) \(name)",
                         "'{{\(name)}}' was shown as nothing at '\(node.id)' (\(Self.describe(path))); "
                         + "give it a default, like {{\(name) or \"...\"}}, or set it on every path")
                }
            }
        }
    }
}
