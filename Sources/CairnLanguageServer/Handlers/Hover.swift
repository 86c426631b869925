import CairnEngine
import CairnLoader
import Foundation

/// Messages as a person sees them: slots filled from their fallbacks and declared defaults, a slot
/// with neither shown as `‹name›`; conditions in the words a writer writes them in.
enum Rendering {
    static func text(_ t: Template, defaults: [String: String]) -> String {
        var out = ""
        for part in t.parts {
            switch part {
            case .text(let s): out += s
            case .variable(let name, let fallback):
                if let f = fallback ?? defaults[name], !f.isEmpty { out += f } else { out += "‹\(name)›" }
            }
        }
        return out
    }

    static func condition(_ c: Condition) -> String {
        switch c {
        case .isSet(let v): return "\(v) is set"
        case .equals(let v, let x): return "\(v) is \(x)"
        case .oneOf(let v, let xs): return "\(v) is one of \(xs.joined(separator: ", "))"
        case .has(let v, let x): return "\(v) has \(x)"
        case .compare(let v, let op, let n): return "\(v) \(op.rawValue) \(n.rounded() == n ? String(Int(n)) : String(n))"
        case .not(let inner): return "not (\(condition(inner)))"
        case .and(let cs): return cs.map { wrap($0) }.joined(separator: " and ")
        case .or(let cs): return cs.map { wrap($0) }.joined(separator: " or ")
        }
    }

    private static func wrap(_ c: Condition) -> String {
        switch c {
        case .and, .or: "(\(condition(c)))"
        default: condition(c)
        }
    }

    /// A node in Markdown: its messages in order, each with its condition, then its choices or question.
    static func node(_ n: SymbolIndex.NodeSummary, defaults: [String: String]) -> String {
        var out = ["**\(n.id)**"]
        if let c = n.condition { out.append("_only when \(condition(c)); otherwise it goes to its `else`_") }
        for m in n.messages {
            // A contact card shows as the entry it is (the directory has its details).
            let shown = m.text.map { Self.text($0.base, defaults: defaults) } ?? "[contact card: \(m.contact ?? "")]"
            let quoted = shown.split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" }.joined(separator: "\n")
            out.append((m.condition.map { "_if \(condition($0)):_\n" } ?? "") + quoted)
        }
        for (i, choice) in n.choices.enumerated() {
            out.append("\(i + 1). \(text(choice.label.base, defaults: defaults))" + (choice.condition.map { " _(if \(condition($0)))_" } ?? ""))
        }
        if let v = n.asks { out.append("_waits for an answer, kept in `\(v)`_") }
        return out.joined(separator: "\n\n")
    }
}

extension LanguageServer {
    func hover(_ params: JSON) throws -> JSON {
        guard let (o, index) = try occurrence(params) else { return .null }
        var text: String
        switch o.kind {
        case .node:
            guard let n = index.node(o.name) else { return .null }
            text = Rendering.node(n, defaults: index.defaults)
        case .flow:
            guard let f = index.flows.first(where: { $0.id == o.name }) else { return .null }
            text = "**flow \(f.id)**: \(f.title), \(f.nodes.count) node\(f.nodes.count == 1 ? "" : "s")"
            if let first = f.nodes.first { text += "\n\n" + Rendering.node(first, defaults: index.defaults) }
        case .variable:
            let all = index.occurrences(of: .variable, o.name)
            let sets = all.filter(\.isDefinition).count
            text = "**\(o.name)**: a variable, set or declared in \(sets) place\(sets == 1 ? "" : "s"), read in \(all.count - sets)"
            if let d = index.defaults[o.name] { text += "; default \"\(d)\"" }
        case .concept:
            let members = index.conceptMembers[o.name] ?? []
            text = "**~\(o.name)**: " + (members.isEmpty ? "a concept" : members.prefix(20).map { "`\($0)`" }.joined(separator: ", ") + (members.count > 20 ? ", …" : ""))
        }
        let lines = workspace.lines(of: o.location.file)
        return ["contents": ["kind": "markdown", "value": JSON(text)],
                "range": lines.range(line: o.location.line, column: o.location.column, length: o.length)]
    }
}
