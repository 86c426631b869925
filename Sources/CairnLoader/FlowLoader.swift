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
        /// Every translatable text and the translation files (for `cairn strings`).
        public var strings = Strings()
    }

    /// A path that could not be read.
    public struct IOError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Loads every `.yaml`/`.yml` file under the given files or directories.
    ///
    /// Throws only when a path given does not exist; a file or directory that cannot be used (no
    /// permission, a FIFO or device, too large) is one diagnostic and the rest still loads.
    public static func load(paths: [String]) throws(IOError) -> Result {
        let found = try FlowFiles.read(paths)
        return load(files: found.files, diagnostics: found.diagnostics)
    }

    /// Loads flows from in-memory files (path, content); the paths are only used in diagnostics.
    public static func load(files: [(path: String, data: Data)]) -> Result {
        load(files: files, diagnostics: [])
    }

    static func load(files: [(path: String, data: Data)], diagnostics found: [Diagnostic]) -> Result {
        var diagnostics = found
        var parsed: [(SourceFile, Yams.Node)] = []
        var sources: [String: String] = [:]
        for (path, data) in files {
            if let text = String(data: data, encoding: .utf8) { sources[path] = text }
            if let p = SourceFile.parse(path: path, data: data, into: &diagnostics) { parsed.append(p) }
        }
        let compiler = Compiler()
        let graph = parsed.isEmpty && diagnostics.hasErrors ? nil : compiler.compile(parsed, fingerprint: fingerprint(files))
        diagnostics += compiler.diagnostics
        return Result(graph: diagnostics.hasErrors ? nil : graph, diagnostics: diagnostics.sortedByLocation(), sources: sources,
                      strings: compiler.stringTable)
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
