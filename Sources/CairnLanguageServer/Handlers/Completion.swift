import CairnLoader
import Foundation

/// What the cursor is in, read from the line before it and the lines above.
enum CompletionContext: Equatable {
    case key(among: [String])
    case reference
    case variable
    case condition
    case concept
    case values([String])
    case none
}

extension LanguageServer {
    static let referenceKeys: Set<String> = ["go", "call", "then", "else", "start", "menu"]

    func completion(_ params: JSON) throws -> JSON {
        let (path, line, column) = try location(params)
        let lines = workspace.lines(of: path)
        let set = workspace.set(for: path)
        let index = (set.result ?? workspace.result(for: path))?.symbols ?? SymbolIndex()
        let context = Self.context(lines: lines, line: line, column: column)
        var items: [JSON] = []
        func add(_ label: String, kind: Int, detail: String? = nil, insert: String? = nil) {
            var item: [String: JSON] = ["label": JSON(label), "kind": JSON(kind)]
            if let detail { item["detail"] = JSON(detail) }
            if let insert { item["insertText"] = JSON(insert) }
            items.append(.object(item))
        }
        let variables = Set(index.occurrences.filter { $0.kind == .variable }.map(\.name)).sorted()
        switch context {
        case .key(let keys):
            for k in keys { add(k, kind: 10, insert: "\(k): ") }
        case .reference:
            let here = index.flows.first { $0.location.file == path }
            for n in here?.nodes ?? [] {
                add(String(n.id.split(separator: ".").last ?? ""), kind: 3, detail: summary(n))
            }
            for f in index.flows {
                add(f.id, kind: 9, detail: "flow: \(f.title)")
                if f.id != here?.id { for n in f.nodes { add(n.id, kind: 3, detail: summary(n)) } }
            }
        case .variable:
            for v in variables { add(v, kind: 6) }
        case .condition:
            for v in variables { add(v, kind: 6) }
            for w in ["is", "is not", "is set", "is not set", "is one of", "has", "and", "or", "not"] { add(w, kind: 14) }
        case .concept:
            let names = Set(index.conceptMembers.keys).union(index.occurrences.filter { $0.kind == .concept }.map(\.name)).sorted()
            for c in names {
                let members = index.conceptMembers[c] ?? []
                add(c, kind: 21, detail: members.prefix(6).joined(separator: ", ") + (members.count > 6 ? ", …" : ""))
            }
        case .values(let values):
            for v in values { add(v, kind: 12) }
        case .none:
            break
        }
        return ["isIncomplete": false, "items": .array(items)]
    }

    /// Reads the completion context at a 1-based position.
    static func context(lines: LineTable, line: Int, column: Int) -> CompletionContext {
        let before = lines.prefix(line: line, column: column)
        if let open = before.range(of: "{{", options: .backwards),
           before.range(of: "}}", options: .backwards).map({ $0.lowerBound < open.lowerBound }) ?? true {
            let inside = before[open.upperBound...]
            return inside.contains(" or ") ? .none : .variable
        }
        if let tilde = before.lastIndex(of: "~"),
           before[before.index(after: tilde)...].allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) {
            return .concept
        }
        let trimmed = before.drop { $0 == " " }
        let body = trimmed.hasPrefix("- ") ? trimmed.dropFirst(2).drop { $0 == " " } : trimmed
        if let colon = body.firstIndex(of: ":") {
            let key = String(body[..<colon])
            let value = body[body.index(after: colon)...].drop { $0 == " " }
            guard !value.contains(" ") || key == "if" else { return .none }
            switch key {
            case _ where referenceKeys.contains(key): return .reference
            case "if": return .condition
            case "ask", "clear", "share": return .variable
            case "expect": return .values(FlowSchemaKeys.expect)
            case "optional", "return", "shareable", "preset": return .values(["true", "false"])
            case "end": return .values(["completed"])
            default:
                return .none
            }
        }
        guard body.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else { return .none }
        return .key(among: keys(lines: lines, line: line, keyColumn: before.count - body.count + 1, isItem: trimmed.hasPrefix("- ")))
    }

    /// The keys allowed where a key starts at `keyColumn` on `line`, from the keys above it.
    static func keys(lines: LineTable, line: Int, keyColumn: Int, isItem: Bool) -> [String] {
        var column = keyColumn
        var inItem = isItem
        var parents: [String] = []
        var l = line - 1
        if isItem { column = keyColumn - 2 }
        while l >= 1, parents.count < 2 {
            guard let text = lines.line(l) else { break }
            let indent = text.prefix { $0 == " " }.count + 1
            let rest = text.dropFirst(indent - 1)
            l -= 1
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            let dash = rest.hasPrefix("- ")
            let content = dash ? indent + 2 + rest.dropFirst(2).prefix { $0 == " " }.count : indent
            if dash && content == column && parents.isEmpty {
                inItem = true  // a key of the same list item: the list is the context
                column = indent
                continue
            }
            guard indent < column else { continue }
            let keyText = (dash ? rest.dropFirst(2).drop { $0 == " " } : rest).prefix { $0 != ":" }
            parents.append(String(keyText))
            column = indent
        }
        let (p, g) = (parents.first, parents.count > 1 ? parents[1] : nil)
        let top = (1...max(1, lines.count)).compactMap { lines.line($0) }.first { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix(" ") }
        guard let p else {
            if top?.hasPrefix("settings:") == true { return ["settings"] }
            if top?.hasPrefix("lexicon:") == true { return FlowSchemaKeys.lexicon }
            return FlowSchemaKeys.flow
        }
        if inItem {
            switch p {
            case "choices": return FlowSchemaKeys.choice
            case "say": return FlowSchemaKeys.message
            default: return []
            }
        }
        switch (p, g) {
        case ("nodes", _): return []
        case (_, "nodes"?): return FlowSchemaKeys.node
        case ("settings", _): return FlowSchemaKeys.settings
        case ("commands", _): return FlowSchemaKeys.commands
        case (_, "commands"?): return FlowSchemaKeys.command
        case (_, "interrupts"?): return FlowSchemaKeys.interrupt
        case (_, "topics"?): return FlowSchemaKeys.topic
        case (_, "variables"?): return FlowSchemaKeys.variable
        case ("reprompt", _): return FlowSchemaKeys.reprompt
        case ("texts", _): return FlowSchemaKeys.texts
        case ("handoff", _): return FlowSchemaKeys.handoff
        case ("negation", _): return FlowSchemaKeys.negation
        default: return []
        }
    }
}
