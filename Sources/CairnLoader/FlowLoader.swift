import CairnEngine
import Foundation
import Yams

/// Loads flow files into a compiled `Graph`, reporting every problem found.
///
/// Load, validate and run are separate: `load` returns the graph (nil when there are errors) and
/// all diagnostics, sorted by position; it throws only when a path cannot be read.
///
///     let result = try FlowLoader.load(paths: ["Flows"])
///     if let graph = result.graph { let engine = Engine(graph: graph) }
public enum FlowLoader {
    public struct Result: Sendable {
        public let graph: Graph?
        public let diagnostics: [Diagnostic]
        /// Each file's text, for diagnostic snippets.
        public let sources: [String: String]
    }

    /// A path that could not be read.
    public struct IOError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Loads every `.yaml`/`.yml` file under the given files or directories.
    public static func load(paths: [String]) throws(IOError) -> Result {
        var files: [(String, Data)] = []
        for path in paths {
            for file in try yamlFiles(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw IOError(path: file, reason: "cannot be read")
                }
                files.append((file, data))
            }
        }
        return load(files: files)
    }

    /// Loads flows from in-memory files (path, content); the paths are only used in diagnostics.
    public static func load(files: [(path: String, data: Data)]) -> Result {
        var diagnostics: [Diagnostic] = []
        var parsed: [(SourceFile, Yams.Node)] = []
        var sources: [String: String] = [:]
        for (path, data) in files {
            if let text = String(data: data, encoding: .utf8) { sources[path] = text }
            if let p = SourceFile.parse(path: path, data: data, into: &diagnostics) { parsed.append(p) }
        }
        let compiler = Compiler()
        let graph = parsed.isEmpty && diagnostics.hasErrors ? nil : compiler.compile(parsed, fingerprint: fingerprint(files))
        diagnostics += compiler.diagnostics
        return Result(graph: diagnostics.hasErrors ? nil : graph, diagnostics: diagnostics.sortedByLocation(), sources: sources)
    }

    static func yamlFiles(at path: String) throws(IOError) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw IOError(path: path, reason: "no such file or directory")
        }
        guard isDir.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw IOError(path: path, reason: "cannot list the directory")
        }
        var out: [String] = []
        while let rel = walker.nextObject() as? String {
            if rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") {
                out.append(path.hasSuffix("/") ? path + rel : path + "/" + rel)
            }
        }
        return out.sorted()
    }

    /// FNV-1a over the files' names and contents: equal sources give equal fingerprints.
    static func fingerprint(_ files: [(path: String, data: Data)]) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        func mix(_ bytes: some Sequence<UInt8>) { for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 } }
        for (path, data) in files.sorted(by: { $0.path < $1.path }) {
            mix((path as NSString).lastPathComponent.utf8)
            mix([0])
            mix(data)
            mix([0])
        }
        return String(h, radix: 16)
    }
}
