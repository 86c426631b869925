import CairnEngine
import CairnLoader

extension LanguageServer {
    /// Only node ids can be renamed: the range of the id under the cursor, or null.
    func prepareRename(_ params: JSON) throws -> JSON {
        guard let (o, _) = try occurrence(params), o.kind == .node else { return .null }
        let lines = workspace.lines(of: o.location.file)
        return ["range": lines.range(line: o.location.line, column: o.location.column, length: o.length),
                "placeholder": JSON(String(o.name.split(separator: ".").last ?? ""))]
    }

    /// Renames a node id: its key and every reference to it, in every file of the set
    /// (`node` inside its flow, the node part of `flow.node` elsewhere).
    func rename(_ params: JSON) throws -> JSON {
        guard let newName = params["newName"].string else { throw Failure(.invalidParams, "'newName' is missing") }
        guard let (o, index) = try occurrence(params), o.kind == .node else {
            throw Failure(.requestFailed, "put the cursor on a node id (where it is defined or used) to rename it")
        }
        guard Identifier.isValid(newName) else {
            throw Failure(.requestFailed, "'\(newName.prefix(80))' is not a node id: use letters, digits and _, starting with a letter")
        }
        let flow = String(o.name.split(separator: ".").first ?? "")
        guard index.node("\(flow).\(newName)") == nil else {
            throw Failure(.requestFailed, "flow '\(flow)' already has a node '\(newName)'")
        }
        var changes: [String: [JSON]] = [:]
        for each in index.occurrences(of: .node, o.name) {
            let lines = workspace.lines(of: each.location.file)
            changes[workspace.uri(of: each.location.file), default: []].append(
                ["range": lines.range(line: each.location.line, column: each.location.column, length: each.length),
                 "newText": JSON(newName)])
        }
        return ["changes": .object(changes.mapValues { .array($0) })]
    }
}
