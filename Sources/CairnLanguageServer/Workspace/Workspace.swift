import CairnEngine
import CairnLoader
import Foundation

/// The documents an editor has open, and the flow sets they belong to, each checked by the real
/// loader with the open documents' text in place of what is on disk.
///
/// A flow set is a directory: the workspace's `Flows/` when the document is inside it, else the
/// document's own directory (its parent, for a `lexicon/` folder). The set is loaded again after
/// each change; every file of it gets its diagnostics, and files whose problems went away get an
/// empty list.
final class Workspace {
    static let maxOpenDocuments = 256

    struct Document {
        var uri: String
        var path: String
        var text: String
        var version: Int
    }

    final class FlowSet {
        let root: String
        var result: FlowLoader.Result?
        var dirty = true
        /// Loaded since its diagnostics were last published.
        var needsPublish = false
        /// Files that were last published with diagnostics.
        var published: Set<String> = []
        init(root: String) { self.root = root }
    }

    var rootPath: String?
    /// A flows directory named by the client (`initializationOptions.flows`), relative to the root.
    var flowsOption: String?
    var documents: [String: Document] = [:]  // by path
    var sets: [String: FlowSet] = [:]  // by root

    /// The flow set a file belongs to.
    func setRoot(for path: String) -> String {
        if let option = flowsOption {
            let dir = option.hasPrefix("/") ? option : ((rootPath ?? FileManager.default.currentDirectoryPath) + "/" + option)
            let std = URL(fileURLWithPath: dir).standardizedFileURL.path
            if path.hasPrefix(std + "/") { return std }
        }
        if let root = rootPath {
            let flows = URL(fileURLWithPath: root + "/Flows").standardizedFileURL.path
            if path.hasPrefix(flows + "/") { return flows }
        }
        let dir = (path as NSString).deletingLastPathComponent
        return (dir as NSString).lastPathComponent == "lexicon" ? (dir as NSString).deletingLastPathComponent : dir
    }

    func set(for path: String) -> FlowSet {
        let root = setRoot(for: path)
        if let s = sets[root] { return s }
        let s = FlowSet(root: root)
        sets[root] = s
        return s
    }

    /// Loads a set again if a document of it changed; returns whether it was loaded.
    @discardableResult
    func check(_ set: FlowSet) -> Bool {
        guard set.dirty else { return false }
        var overrides: [String: Data] = [:]
        for doc in documents.values where (doc.path.hasSuffix(".yaml") || doc.path.hasSuffix(".yml")) && setRoot(for: doc.path) == set.root {
            overrides[doc.path] = Data(doc.text.utf8)
        }
        set.result = (try? FlowLoader.load(paths: [set.root], overrides: overrides))
            ?? FlowLoader.load(files: overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        set.dirty = false
        set.needsPublish = true
        return true
    }

    /// The current result for the set a file is in, loading it first when needed.
    func result(for path: String) -> FlowLoader.Result? {
        let s = set(for: path)
        check(s)
        return s.result
    }

    /// The text of a file: the open document's, else what the last load read.
    func text(of path: String) -> String? {
        documents[path]?.text ?? set(for: path).result?.sources[path] ?? (try? String(contentsOfFile: path, encoding: .utf8))
    }

    func lines(of path: String) -> LineTable { LineTable(text(of: path) ?? "") }

    /// The URI to name a file by: the client's own for an open document.
    func uri(of path: String) -> String { documents[path]?.uri ?? FileURI.uri(path) }
}
