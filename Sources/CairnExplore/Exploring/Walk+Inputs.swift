import CairnEngine

extension Walk {
    /// What to type at state `i`, and why: each visible choice by number, or answers to the
    /// question (and its skip word); a miss; the back, restart, menu, help and repeat commands; and
    /// each interrupt's first phrase that is not also a command word.
    func inputs(at i: Int) -> [(input: String, kind: StateSpace.Kind)] {
        let session = space[i].session
        var out: [(input: String, kind: StateSpace.Kind)] = []
        switch graph.nodes[space[i].node].exit {
        case .choices:
            out += engine.visibleChoices(at: space[i].node, in: session).map { ("\($0.number)", .choice) }
            out.append((Self.nonsense, .miss))
        case .ask(let q):
            out += Self.answers(to: q.expect).map { ($0, .answer) }
            if q.optional, let skip = graph.settings.skipWords.first { out.append((skip, .skip)) }
            if let miss = Self.miss(for: q.expect) { out.append((miss, .miss)) }
        case .target:
            break
        }
        for kind in [Command.Kind.back, .restart, .menu, .help, .repeat, .delete] {
            if let word = graph.settings.commands.first(where: { $0.kind == kind })?.words.first { out.append((word, .command(kind))) }
        }
        for interrupt in graph.settings.interrupts {
            if let phrase = examples(of: interrupt).first(where: { !commandWords.contains($0) }) { out.append((phrase, .interrupt(interrupt.id))) }
        }
        return out
    }

    /// A word that matches no choice and no expectation but free text.
    static let nonsense = "zzqx"

    /// Valid answers to a question; empty when none can be made up (a `pattern` nothing here fits).
    static func answers(to expect: Expectation) -> [String] {
        switch expect {
        case .text, .nonEmpty: return ["a few words"]
        case .yesNo: return ["yes", "no"]
        case .number(let min, let max):
            let low = min ?? max.map { Swift.min($0, 1) } ?? 1
            return max.map { $0 != low ? [String(low), String($0)] : [String(low)] } ?? [String(low)]
        case .oneOf(let values): return Array(values.prefix(12))
        case .pattern(let p):
            let samples = ["a few words", "yes", "1", "123", "12345", "a", "abc", "someone@example.com", "2024-01-31", "A1B 2C3"]
            return samples.first(where: p.matches).map { [$0] } ?? []
        }
    }

    /// An answer the question does not accept, or nil when it accepts anything.
    static func miss(for expect: Expectation) -> String? {
        switch expect {
        case .text: nil
        case .nonEmpty: ""
        case .pattern(let p): !p.matches(nonsense) ? nonsense : (!p.matches("") ? "" : nil)
        case .yesNo, .number, .oneOf: nonsense
        }
    }
}
