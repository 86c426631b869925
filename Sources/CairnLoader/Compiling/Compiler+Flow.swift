import CairnEngine
import Yams

extension Compiler {
    static let flowKeys = FlowSchemaKeys.flow
    static let targetKeys = FlowSchemaKeys.target
    static let actionKeys = FlowSchemaKeys.action
    static let nodeKeys = FlowSchemaKeys.node
    static let choiceKeys = FlowSchemaKeys.choice

    func readFlow(_ root: Yams.Node, _ r: inout Reader) -> RawFlow? {
        guard let entries = r.entries(root, "a flow file", allowed: Self.flowKeys) else { return nil }
        let get = { (key: String) in entries.first { $0.key == key } }
        guard let idEntry = get("flow") else { return nil }
        guard let id = r.identifier(idEntry.value, "the flow id") else { return nil }
        var title = id
        if let t = get("title") { title = r.string(t.value, "title") ?? id } else {
            r.error(.missingKey, root, "flow '\(Self.excerpt(id))' needs a 'title:', a short name for people")
        }
        let start = get("start").flatMap { r.reference($0.value, "start") }
        if get("start") == nil { r.error(.missingKey, root, "flow '\(Self.excerpt(id))' needs 'start:', the node it begins at") }
        var flow = RawFlow(id: id, title: title, start: start, location: r.location(idEntry.value), nodes: [])
        note(.flow, id, at: r.location(idEntry.value), definition: true)
        guard let nodesEntry = get("nodes") else {
            r.error(.missingKey, root, "flow '\(Self.excerpt(id))' needs 'nodes:'")
            return flow
        }
        guard let nodeEntries = r.entries(nodesEntry.value, "nodes") else { return flow }
        if nodeEntries.isEmpty { r.error(.missingKey, nodesEntry.value, "flow '\(Self.excerpt(id))' has no nodes") }
        var seen: [String: SourceLocation] = [:]
        for e in nodeEntries {
            guard let nodeID = r.identifier(e.keyNode, "the node id") else { continue }
            if let other = seen[nodeID] {
                r.error(.duplicateID, e.keyNode, "node '\(Self.excerpt(nodeID))' is already defined at line \(other.line)")
                continue
            }
            seen[nodeID] = r.location(e.keyNode)
            note(.node, "\(id).\(nodeID)", at: r.location(e.keyNode), search: nodeID, definition: true)
            if let node = readNode(nodeID, flow: id, e, &r) { flow.nodes.append(node) }
        }
        if let start, !start.text.contains("."), seen[start.text] == nil, !nodeEntries.isEmpty {
            r.diagnostics.append(.init(.error, .unknownNode, at: start.location,
                                       "start node '\(Self.excerpt(start.text))' is not in flow '\(Self.excerpt(id))'\(didYouMean(start.text, seen.keys))"))
        }
        return flow
    }

    private func readNode(_ id: String, flow: String, _ entry: Entry, _ r: inout Reader) -> RawNode? {
        let location = r.location(entry.keyNode)
        guard let entries = r.entries(entry.value, "node '\(Self.excerpt(id))'", allowed: Self.nodeKeys) else { return nil }
        let get = { (key: String) in entries.first { $0.key == key }?.value }
        var node = RawNode(id: id, location: location, exit: .none)
        currentNode = "\(flow).\(id)"
        defer { currentNode = nil }
        if let say = get("say") { node.messages = readMessages(say, id: "\(flow).\(id).say", &r) }
        node.actions = readActions(entries, &r)
        if let c = get("if") {
            node.condition = readCondition(c, &r)
            if let e = get("else") {
                node.otherwise = readRefTarget(e, &r)
            } else {
                r.error(.missingKey, c, "node '\(Self.excerpt(id))' has 'if:' but no 'else:' (where to go when the condition is false)")
            }
        } else if let e = get("else") {
            r.error(.badValue, e, "'else:' only makes sense with 'if:'")
        }
        let askKeys = FlowSchemaKeys.question
        let targetCount = Self.targetKeys.filter { $0 != "then" && get($0) != nil }.count
        if let choices = get("choices") {
            if targetCount > 0 || get("ask") != nil {
                r.error(.severalWaysOut, entry.keyNode, "node '\(Self.excerpt(id))' has choices and also \(wayOutNames(entries)); each choice says where it goes")
            }
            node.exit = .choices(readChoices(choices, nodeID: "\(flow).\(id)", &r))
        } else if let ask = get("ask") {
            if let q = readQuestion(ask, entries, flow: flow, nodeID: id, &r) { node.exit = .ask(q) }
        } else {
            if let k = askKeys.first(where: { get($0) != nil }) {
                r.error(.badValue, get(k)!, "'\(k):' only makes sense with 'ask:'")
            }
            if let t = readTarget(entries, owner: "node '\(Self.excerpt(id))'", at: entry.keyNode, &r) { node.exit = .target(t) }
        }
        return node
    }

    private func wayOutNames(_ entries: [Entry]) -> String {
        entries.filter { Self.targetKeys.contains($0.key) || $0.key == "ask" }.map { "'\($0.key):'" }.joined(separator: ", ")
    }

    private func readQuestion(_ ask: Yams.Node, _ entries: [Entry], flow: String, nodeID: String, _ r: inout Reader) -> RawQuestion? {
        let get = { (key: String) in entries.first { $0.key == key }?.value }
        guard let variable = r.identifier(ask, "the variable to store the answer in") else { return nil }
        var expect = Expectation.text
        if let e = get("expect"), let name = r.string(e, "expect") {
            switch name {
            case "text": expect = .text
            case "non_empty": expect = .nonEmpty
            case "yes_no": expect = .yesNo
            case "number":
                expect = .number(min: get("min").flatMap { r.int($0, "min") }, max: get("max").flatMap { r.int($0, "max") })
            case "one_of":
                let values = get("values").map { r.strings($0, "a value") } ?? []
                if values.isEmpty { r.error(.missingKey, e, "'expect: one_of' needs 'values:', the words to accept") }
                expect = .oneOf(values)
            case "pattern":
                if let p = get("pattern"), let source = r.string(p, "pattern") {
                    do { expect = .pattern(try Pattern(source)) } catch {
                        r.error(.badValue, p, "'\(Self.excerpt(source))' is not a valid regular expression")
                    }
                } else {
                    r.error(.missingKey, e, "'expect: pattern' needs 'pattern:', a regular expression")
                }
            default:
                let kinds = FlowSchemaKeys.expect
                r.error(.badValue, e, "unknown expect '\(Self.excerpt(name))'\(didYouMean(name, kinds)); use one of \(kinds.joined(separator: ", "))")
            }
        }
        for (key, kind) in [("min", "number"), ("max", "number"), ("values", "one_of"), ("pattern", "pattern")]
        where get(key) != nil && expect.name != kind {
            r.warning(.badValue, get(key)!, "'\(key):' is ignored unless 'expect: \(kind)'")
        }
        let optional = get("optional").flatMap { r.bool($0, "optional") } ?? false
        let retry = get("retry").flatMap { readText($0, "retry", id: "\(flow).\(nodeID).retry", &r) }
        if expect.isFreeText { freeTextAsks[variable] = freeTextAsks[variable] ?? r.location(ask) }
        variableSetters[variable] = variableSetters[variable] ?? r.location(ask)
        note(.variable, variable, at: r.location(ask), definition: true)
        guard let then = readTarget(entries, owner: "node '\(Self.excerpt(nodeID))'", at: ask, &r) else { return nil }
        return RawQuestion(variable: variable, expect: expect, optional: optional, retry: retry, then: then)
    }

    private func readChoices(_ node: Yams.Node, nodeID: String, _ r: inout Reader) -> [RawChoice] {
        guard case .sequence(let seq) = node else {
            r.error(.wrongType, node, "choices should be a list, each starting with '- label:'")
            return []
        }
        if seq.isEmpty { r.error(.missingKey, node, "node '\(Self.excerpt(nodeID))' has an empty choices list") }
        var out: [RawChoice] = []
        for (i, item) in seq.enumerated() {
            guard let entries = r.entries(item, "a choice", allowed: Self.choiceKeys) else { continue }
            let get = { (key: String) in entries.first { $0.key == key }?.value }
            guard let labelNode = get("label") else {
                r.error(.missingKey, item, "each choice needs a 'label:', the words shown to the person")
                continue
            }
            let id = get("id").flatMap { r.identifier($0, "choice id") } ?? "\(i + 1)"
            let note = get("if").flatMap(Self.conditionNote)
            let usesBefore = variableUses.count
            guard let label = readText(labelNode, "label", id: "\(nodeID).choice.\(id)", note: note, &r) else { continue }
            let labelUses = usesBefore..<variableUses.count
            let keywordsBefore = keywordUses.count
            let keywords = get("keywords").map { readKeywords($0, &r) } ?? Localized([])
            var words: [String: SourceLocation] = [:]
            for use in keywordUses[keywordsBefore...] { words["\(use.locale) \(use.source)"] = words["\(use.locale) \(use.source)"] ?? use.location }
            if case .mapping = labelNode, let entries = r.entries(labelNode, "label") {
                for e in entries { words["label \(e.key)"] = r.location(e.value) }
            } else {
                words["label \(defaultLocale)"] = r.location(labelNode)
            }
            choiceWords["\(nodeID)#\(id)"] = words
            let captures = get("capture").map { readCaptures($0, &r) } ?? []
            let condition = get("if").flatMap { readCondition($0, &r) }
            for i in labelUses { variableUses[i].guardedBy = condition }
            let actions = readActions(entries, &r)
            guard let target = readTarget(entries, owner: "choice '\(Self.excerpt(id))'", at: item, &r) else { continue }
            out.append(RawChoice(id: "\(nodeID)#\(id)", label: label, keywords: keywords, condition: condition,
                                 actions: actions, target: target, location: r.location(item), captures: captures))
        }
        return out
    }

    /// Reads the one way out among go / call+then / return / end / handoff.
    func readTarget(_ entries: [Entry], owner: String, at anchor: Yams.Node, _ r: inout Reader) -> RawTarget? {
        let found = entries.filter { Self.targetKeys.contains($0.key) && $0.key != "then" }
        let then = entries.first { $0.key == "then" }
        if let then, !found.contains(where: { $0.key == "call" }) {
            r.error(.thenWithoutCall, then.keyNode, "'then:' only makes sense with 'call:'")
        }
        guard let e = found.first else {
            r.error(.noWayOut, anchor, "\(owner) has no way out: add go, call with then, return, end or handoff\(owner.hasPrefix("node") ? " (or choices or ask)" : "")")
            return nil
        }
        if found.count > 1 {
            r.error(.severalWaysOut, found[1].keyNode, "\(owner) has several ways out (\(found.map { "'\($0.key):'" }.joined(separator: ", "))); keep one")
        }
        switch e.key {
        case "go": return r.reference(e.value, "go").map(RawTarget.go)
        case "call":
            guard let then else {
                r.error(.callWithoutThen, e.keyNode, "'call:' needs 'then:', the node to continue at when the called flow returns")
                return nil
            }
            guard let a = r.reference(e.value, "call"), let b = r.reference(then.value, "then") else { return nil }
            return .call(a, then: b)
        case "return":
            guard r.bool(e.value, "return") == true else {
                r.error(.badValue, e.value, "write 'return: true' to go back to the caller")
                return nil
            }
            return .back
        case "end":
            guard let word = r.string(e.value, "end") else { return nil }
            if ["true", "yes"].contains(word.lowercased()) { return .end(.completed) }
            guard Identifier.isValid(word) else {
                r.error(.badValue, e.value, "'end:' takes a reason word, like 'end: completed'")
                return nil
            }
            return .end(EndReason(rawValue: word))
        default:
            var share: [String] = []
            if case .mapping = e.value, let sub = r.entries(e.value, "handoff", allowed: FlowSchemaKeys.handoff) {
                if let s = sub.first(where: { $0.key == "share" }) {
                    share = r.list(s.value).compactMap { item in
                        let v = r.identifier(item, "a variable to share")
                        if let v { note(.variable, v, at: r.location(item)) }
                        return v
                    }
                }
            } else if case .scalar = e.value, r.bool(e.value, "handoff") != true {
                return nil
            }
            return .handoff(share, r.location(e.value))
        }
    }

    func readRefTarget(_ node: Yams.Node, _ r: inout Reader) -> RawTarget? {
        r.reference(node, "else").map(RawTarget.go)
    }

    func readActions(_ entries: [Entry], _ r: inout Reader) -> [Action] {
        var actions: [Action] = []
        for e in entries {
            switch e.key {
            case "set", "add":
                guard let pairs = r.entries(e.value, "'\(Self.excerpt(e.key)):'") else { continue }
                for p in pairs {
                    guard Identifier.isValid(p.key) else { r.error(.badID, p.keyNode, "'\(Self.excerpt(p.key))' is not a variable name"); continue }
                    guard let value = r.string(p.value, "the value of '\(Self.excerpt(p.key))'") else { continue }
                    actions.append(e.key == "set" ? .set(p.key, value) : .add(p.key, value))
                    variableSetters[p.key] = variableSetters[p.key] ?? r.location(p.keyNode)
                    note(.variable, p.key, at: r.location(p.keyNode), definition: true)
                }
            case "clear":
                for n in r.list(e.value) {
                    if let v = r.identifier(n, "a variable to clear") { actions.append(.clear(v)); note(.variable, v, at: r.location(n)) }
                }
            default: break
            }
        }
        return actions
    }
}
