import Foundation
import CairnLoader

extension LanguageServer {
    /// The outline: each flow of the document, with its nodes.
    func documentSymbols(_ params: JSON) throws -> JSON {
        let path = try documentPath(params)
        guard let result = workspace.result(for: path) else { return [] }
        let lines = workspace.lines(of: path)
        let lastLine = max(1, lines.count)
        var out: [JSON] = []
        for flow in result.symbols.flows where flow.location.file == path {
            let nodes = flow.nodes.sorted { $0.location.line < $1.location.line }
            var children: [JSON] = []
            for (i, node) in nodes.enumerated() {
                let local = String(node.id.split(separator: ".").last ?? "")
                let end = i + 1 < nodes.count ? max(node.location.line, nodes[i + 1].location.line - 1) : lastLine
                let endColumn = (lines.line(end)?.unicodeScalars.count ?? 0) + 1
                children.append([
                    "name": JSON(local), "kind": 12,
                    "detail": JSON(summary(node)),
                    "range": ["start": lines.lsp(line: node.location.line, column: 1), "end": lines.lsp(line: end, column: endColumn)],
                    "selectionRange": lines.range(line: node.location.line, column: node.location.column, length: local.unicodeScalars.count),
                ])
            }
            let idRange = lines.range(line: flow.location.line, column: flow.location.column, length: flow.id.unicodeScalars.count)
            out.append([
                "name": JSON(flow.id), "detail": JSON(flow.title), "kind": 2,
                "range": ["start": lines.lsp(line: 1, column: 1), "end": lines.lsp(line: lastLine, column: (lines.line(lastLine)?.unicodeScalars.count ?? 0) + 1)],
                "selectionRange": idRange,
                "children": .array(children),
            ])
        }
        return .array(out)
    }

    /// A node's first message, cut short, for the outline.
    func summary(_ node: SymbolIndex.NodeSummary) -> String {
        guard let first = node.messages.first else { return node.asks.map { "asks \($0)" } ?? "" }
        let text = (first.text.map { Rendering.text($0.base, defaults: [:]) } ?? "[contact: \(first.contact ?? "")]")
            .replacingOccurrences(of: "\n", with: " ")
        return text.count > 60 ? String(text.prefix(59)) + "…" : text
    }
}
