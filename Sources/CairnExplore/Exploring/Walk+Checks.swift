import CairnEngine

extension Walk {
    /// At state `i` (the walk calls it at the first state of each node): every quick exit word must end the session at once,
    /// with nothing said, and every interrupt phrase, alone or inside a sentence, must divert.
    mutating func checkSafety(at i: Int) {
        let node = space[i].node
        let session = space[i].session
        let where_ = "'\(graph.nodes[node].id)' (\(Self.describe(space.path(to: i))))"
        let location = graph.nodes[node].location
        let exitWords = graph.settings.commands.filter { $0.kind == .exit }.flatMap(\.words)
        for word in exitWords {
            let events = probe(session, word)
            if events != [.end(reason: .quickExit)] {
                note(.quickExit, at: location, key: "\(node) \(word)",
                     "typing '\(word)' at \(where_) does not leave at once: \(Self.summarize(events))")
            }
        }
        for interrupt in graph.settings.interrupts {
            var broken: [String] = []
            for (k, phrase) in interrupt.words.enumerated() {
                var tries = [phrase]
                if k == 0 { tries.append("honestly \(phrase) right now") }
                for text in tries where !Self.diverts(probe(session, text), to: interrupt.id) { broken.append(text) }
            }
            if !broken.isEmpty {
                note(.interrupt, at: location, key: "\(node) \(interrupt.id)",
                     "the \(interrupt.id) interrupt does not work at \(where_) for: "
                     + broken.map { "'\($0)'" }.joined(separator: ", "))
            }
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
            var templates = node.messages.map { ($0.text.value(for: locale), node.location) }
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
