import CairnLoader
import Foundation

extension LanguageServer {
    func didOpen(_ params: JSON) -> [JSON] {
        let doc = params["textDocument"]
        guard let uri = doc["uri"].string, let path = FileURI.path(uri), let text = doc["text"].string else { return [] }
        if workspace.documents[path] == nil && workspace.documents.count >= Workspace.maxOpenDocuments {
            return [logMessage("cairn lsp keeps at most \(Workspace.maxOpenDocuments) open documents; close some to check this one", type: 2)]
        }
        workspace.documents[path] = .init(uri: uri, path: path, text: text, version: doc["version"].int ?? 0)
        workspace.set(for: path).dirty = true
        return []
    }

    /// Full-text sync: the last content change holds the whole document.
    func didChange(_ params: JSON) -> [JSON] {
        guard let uri = params["textDocument"]["uri"].string, let path = FileURI.path(uri),
              workspace.documents[path] != nil,
              let text = params["contentChanges"].array?.last?["text"].string else { return [] }
        workspace.documents[path]!.text = text
        workspace.documents[path]!.version = params["textDocument"]["version"].int ?? workspace.documents[path]!.version
        workspace.set(for: path).dirty = true
        return []
    }

    func didClose(_ params: JSON) -> [JSON] {
        guard let uri = params["textDocument"]["uri"].string, let path = FileURI.path(uri),
              workspace.documents.removeValue(forKey: path) != nil else { return [] }
        workspace.set(for: path).dirty = true
        return []
    }

    func logMessage(_ message: String, type: Int) -> JSON {
        ["jsonrpc": "2.0", "method": "window/logMessage", "params": ["type": JSON(type), "message": JSON(message)]]
    }

    /// Checks every flow set with changes and publishes its files' diagnostics: each file of the
    /// set that has problems, and an empty list for each that had some last time and has none now.
    public func publishPending() -> [JSON] {
        var out: [JSON] = []
        for set in workspace.sets.values.sorted(by: { $0.root < $1.root }) where set.dirty || set.needsPublish {
            workspace.check(set)
            set.needsPublish = false
            guard let result = set.result else { continue }
            var byFile: [String: [Diagnostic]] = [:]
            for d in result.diagnostics { byFile[d.location.file, default: []].append(d) }
            let hidden = result.hidden.count
            var files = Set(byFile.keys).union(set.published)
            for doc in workspace.documents.values where workspace.setRoot(for: doc.path) == set.root { files.insert(doc.path) }
            for file in files.sorted() {
                let lines = LineTable(workspace.documents[file]?.text ?? result.sources[file] ?? "")
                let items = (byFile[file] ?? []).map { d -> JSON in
                    var message = d.message
                    if d.isSyntaxError && hidden > 0 {
                        message += " (\(hidden) other problem\(hidden == 1 ? "" : "s") that may follow from this \(hidden == 1 ? "is" : "are") hidden until the file reads)"
                    }
                    return ["range": lines.range(line: d.location.line, column: d.location.column,
                                                 length: lines.wordLength(line: d.location.line, column: d.location.column)),
                            "severity": JSON(d.severity == .error ? 1 : 2),
                            "code": JSON(d.code.rawValue), "source": "cairn", "message": JSON(message)]
                }
                var params: [String: JSON] = ["uri": JSON(workspace.uri(of: file)), "diagnostics": .array(items)]
                if let v = workspace.documents[file]?.version { params["version"] = JSON(v) }
                out.append(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": .object(params)])
            }
            set.published = Set(byFile.keys)
        }
        return out
    }
}
