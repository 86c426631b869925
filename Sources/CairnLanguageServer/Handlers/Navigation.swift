import CairnLoader

extension LanguageServer {
    /// The name under the cursor, from the index of the set the document is in.
    func occurrence(_ params: JSON) throws -> (SymbolIndex.Occurrence, SymbolIndex)? {
        let (path, line, column) = try location(params)
        guard let index = workspace.result(for: path)?.symbols else { return nil }
        return index.occurrence(file: path, line: line, column: column).map { ($0, index) }
    }

    /// Where the flow, node, variable or concept under the cursor is defined (every place, for a
    /// variable set in several).
    func definition(_ params: JSON) throws -> JSON {
        guard let (o, index) = try occurrence(params) else { return .null }
        let defs = index.occurrences(of: o.kind, o.name).filter(\.isDefinition)
        return .array(defs.map(lspLocation))
    }

    func references(_ params: JSON) throws -> JSON {
        guard let (o, index) = try occurrence(params) else { return .null }
        let withDefinition = params["context"]["includeDeclaration"].bool ?? true
        let all = index.occurrences(of: o.kind, o.name).filter { withDefinition || !$0.isDefinition }
        return .array(all.sorted { ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column) }.map(lspLocation))
    }
}
