import CairnEngine

extension DOTWriter {
    /// Every edge out of node `n`, with its DOT attributes.
    func exits(of n: Int) -> [(EdgeTarget, String)] {
        let node = graph.nodes[n]
        var out: [(EdgeTarget, String)] = []
        if let otherwise = node.otherwise {
            let label = node.condition.map { "else (not: \(Self.clip($0.description, 40)))" } ?? "else"
            out += edges(for: otherwise, from: n, label: label, style: "dotted")
        }
        switch node.exit {
        case .choices(let choices):
            for (k, choice) in choices.enumerated() {
                var label = "\(k + 1). " + Self.firstWords(choice.label.base, limit: 5)
                if let c = choice.condition { label += "\n[if \(Self.clip(c.description, 40))]" }
                out += edges(for: choice.target, from: n, label: label, style: nil)
            }
        case .ask(let q):
            out += edges(for: q.then, from: n, label: "ask: \(q.variable) (\(q.expect.name))", style: nil)
        case .target(let t):
            out += edges(for: t, from: n, label: nil, style: nil)
        }
        return out
    }

    private func edges(for target: Target, from n: Int, label: String?, style: String?) -> [(EdgeTarget, String)] {
        func attrs(_ label: String?, _ style: String?) -> String {
            [label.map { "label=\(quote($0))" }, style.map { "style=\($0)" }].compactMap { $0 }.joined(separator: ", ")
        }
        let flow = flowID(of: n)
        switch target {
        case .go(let m):
            return [(.node(m), attrs(label, style))]
        case .call(let m, let then):
            return [(.node(m), attrs([label, "call"].compactMap { $0 }.joined(separator: ": "), "dashed")),
                    (.node(then), attrs("after the call returns", "dotted"))]
        case .back:
            return [(.terminal("\(flow).@return", "shape=invhouse, style=\"\", label=\"return\""), attrs(label, style))]
        case .end(let reason):
            let id = "\(flow).@end:\(reason)"
            return [(.terminal(id, "shape=doublecircle, style=\"\", label=\(quote("end\n\(reason)"))"), attrs(label, style))]
        case .handoff(let share):
            let shared = share.isEmpty ? "nothing shared" : share.joined(separator: ", ")
            let id = "\(flow).@handoff:\(shared)"
            return [(.terminal(id, "shape=house, style=\"\", label=\(quote("handoff\n\(shared)"))"), attrs(label, style))]
        }
    }

    /// The `start` circle and the `any prompt` octagon with their edges, when their targets are
    /// drawn; `compact`, the octagon lists where each goes instead of drawing edges across the set.
    func entries(_ included: Set<Int>, marks: [Mark], compact: Bool = false) -> [String] {
        let s = graph.settings
        var out: [String] = []
        if included.contains(s.start) {
            out.append("  \"@start\" [shape=circle, style=\"\", label=\"start\"];")
            out.append("  \"@start\" -> \(quote(graph.nodes[s.start].id));")
        }
        var any: [(Int, String)] = []
        for i in s.interrupts {
            let words = i.words.prefix(3).joined(separator: ", ") + (i.words.count > 3 ? ", ..." : "")
            any.append((i.target, "label=\(quote("interrupt: \(i.id)\n\(words)")), color=red, fontcolor=red"))
        }
        for c in s.commands {
            if let t = c.target ?? (c.kind == .menu ? s.menu : nil) {
                any.append((t, "label=\(quote("\(c.kind.rawValue): \(c.words.prefix(2).joined(separator: ", "))")), style=dashed"))
            }
        }
        if let e = s.reprompt.escape { any.append((e, "label=\"third miss (reprompt)\", style=dashed")) }
        any = any.filter { included.contains($0.0) }
        if !any.isEmpty || !marks.isEmpty {
            var label = "any prompt"
            if compact {
                for (target, attributes) in any {
                    let what = attributes.split(separator: "\"").dropFirst().first.map { $0.replacingOccurrences(of: "\\n", with: " (") } ?? ""
                    label += "\n" + what + (what.contains("(") ? ")" : "") + " → " + graph.nodes[target].id
                }
            }
            var attributes = "shape=octagon, style=\"\", label=\(quote(label))"
            if !marks.isEmpty {
                attributes += ", color=\(marks.contains { $0.isError } ? "red" : "orange"), penwidth=2"
                attributes += ", tooltip=\(quote(marks.map(\.message).joined(separator: "\n")))"
            }
            out.append("  \"@any\" [\(attributes)];")
        }
        if !compact { out += any.map { "  \"@any\" -> \(quote(graph.nodes[$0.0].id)) [\($0.1)];" } }
        return out
    }

    /// The first `limit` words of a template's default text, `{{name}}` slots shown as written.
    static func firstWords(_ template: Template, limit: Int = 6) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let s): text += s
            case .variable(let name, _): text += "{{\(name)}}"
            }
        }
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.prefix(limit).joined(separator: " ") + (words.count > limit ? " ..." : "")
    }

    /// A DOT quoted string: backslashes and quotes escaped, newlines as centred line breaks.
    func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
