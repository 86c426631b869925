import CairnEngine

extension Compiler {
    /// Notes a name written in a YAML value that starts at `mark`.
    func note(_ kind: SymbolIndex.Kind, _ name: String, at mark: SourceLocation, search: String? = nil, offset: Int = 0,
              length: Int? = nil, definition: Bool = false, inSlot: Bool = false) {
        guard notesSymbols else { return }
        pending.append(PendingOccurrence(kind: kind, name: name, mark: mark, search: search ?? name, offset: offset,
                                         length: length ?? (search ?? name).unicodeScalars.count, isDefinition: definition, inSlot: inSlot))
    }

    /// A resolved reference: to a flow (`menu`), a node of this flow (`ask_name`), or `flow.node`.
    func noteReference(_ ref: Reference, resolvedTo index: Int, from flow: String?) {
        guard notesSymbols else { return }
        let parts = ref.text.split(separator: ".").map(String.init)
        if parts.count == 2 {
            note(.flow, parts[0], at: ref.location, search: ref.text, length: parts[0].unicodeScalars.count)
            note(.node, ref.text, at: ref.location, search: ref.text, offset: parts[0].unicodeScalars.count + 1,
                 length: parts[1].unicodeScalars.count)
        } else if let flow, self.index["\(flow).\(parts[0])"] == index {
            note(.node, "\(flow).\(parts[0])", at: ref.location, search: parts[0])
        } else {
            note(.flow, parts[0], at: ref.location)
        }
    }

    /// The index of what was read: occurrences placed exactly in the sources, and each flow's nodes.
    func symbols(sources: [String: String]) -> SymbolIndex {
        var index = SymbolIndex()
        var all = pending
        for use in patternUses {
            for name in PatternSyntax.concepts(in: use.pieces) {
                all.append(PendingOccurrence(kind: .concept, name: name, mark: use.location, search: "~" + name, offset: 1,
                                             length: name.unicodeScalars.count, isDefinition: false))
            }
        }
        for (key, location) in conceptLocations {
            let name = String(key.split(separator: " ").last ?? "")
            all.append(PendingOccurrence(kind: .concept, name: name, mark: location, search: name, length: name.unicodeScalars.count, isDefinition: true))
        }
        index.locate(all, sources: sources)
        for flow in flows {
            let nodes = flow.nodes.map { raw -> SymbolIndex.NodeSummary in
                var choices: [(label: Localized<Template>, condition: Condition?)] = []
                var asks: String?
                switch raw.exit {
                case .choices(let cs): choices = cs.map { ($0.label, $0.condition) }
                case .ask(let q): asks = q.variable
                default: break
                }
                return SymbolIndex.NodeSummary(id: "\(flow.id).\(raw.id)", location: raw.location, condition: raw.condition,
                                               messages: raw.messages, choices: choices, asks: asks)
            }
            index.flows.append(SymbolIndex.FlowSummary(id: flow.id, title: flow.title, location: flow.location, nodes: nodes))
        }
        for (name, decl) in settings?.variables ?? [:] { if let d = decl.defaultValue { index.defaults[name] = d } }
        for (name, def) in lexicons[defaultLocale]?.concepts ?? [:] { index.conceptMembers[name] = def.members.map(\.source) }
        return index
    }
}
