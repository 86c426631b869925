import CairnEngine

/// Where the names of a flow set are defined and used, for editors (go to definition, find
/// references, rename, hover, outline).
///
/// Built by the same compiler as `cairn check`, from the same reading of the files, so it never
/// disagrees with the diagnostics. Positions are exact: line and column (both from 1, columns in
/// Unicode scalars) of the first character of the name itself, not of the YAML value around it
/// (after an opening quote, inside a `{{slot}}`, the node part of `flow.node`).
public struct SymbolIndex: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case flow, node, variable, concept
    }

    /// One place a name is written.
    public struct Occurrence: Sendable, Hashable {
        public var kind: Kind
        /// The flow id; `flow.node` for a node; the variable; the concept without its `~`.
        public var name: String
        public var location: SourceLocation
        /// The name's length as written, in Unicode scalars.
        public var length: Int
        public var isDefinition: Bool

        /// Whether `line`/`column` (1-based) fall on this name, its last character included, or just after it.
        public func contains(file: String, line: Int, column: Int) -> Bool {
            location.file == file && location.line == line && column >= location.column && column <= location.column + length
        }
    }

    /// A node as the writer wrote it: what it says and what it offers, for hover and outline.
    public struct NodeSummary: Sendable {
        /// `flow.node`.
        public var id: String
        public var location: SourceLocation
        public var condition: Condition?
        public var messages: [Message]
        public var choices: [(label: Localized<Template>, condition: Condition?)]
        /// The variable an `ask:` fills.
        public var asks: String?
    }

    public struct FlowSummary: Sendable {
        public var id: String
        public var title: String
        public var location: SourceLocation
        public var nodes: [NodeSummary]
    }

    public var occurrences: [Occurrence] = []
    public var flows: [FlowSummary] = []
    /// Declared defaults under `settings.variables`, for rendering messages as a person sees them.
    public var defaults: [String: String] = [:]
    /// The members of each concept (default locale), as written.
    public var conceptMembers: [String: [String]] = [:]

    public init() {}

    /// The occurrence at a position, if a name is written there.
    public func occurrence(file: String, line: Int, column: Int) -> Occurrence? {
        occurrences.first { $0.contains(file: file, line: line, column: column) }
    }

    /// Every occurrence of a name (the definitions first).
    public func occurrences(of kind: Kind, _ name: String) -> [Occurrence] {
        occurrences.filter { $0.kind == kind && $0.name == name }.sorted { ($0.isDefinition ? 0 : 1) < ($1.isDefinition ? 0 : 1) }
    }

    public func node(_ id: String) -> NodeSummary? {
        for flow in flows { if let n = flow.nodes.first(where: { $0.id == id }) { return n } }
        return nil
    }
}

/// An occurrence found while reading, located by searching the source from the value's mark.
struct PendingOccurrence {
    var kind: SymbolIndex.Kind
    var name: String
    /// Where the YAML value holding the name starts.
    var mark: SourceLocation
    /// What to search for from the mark: the written text (`flow.node`, `name`), as a whole word.
    var search: String
    /// The name's start within `search`, and its length.
    var offset: Int = 0
    var length: Int
    var isDefinition: Bool
    /// The name is inside a `{{slot}}`: only a match right after `{{` (and spaces) counts.
    var inSlot = false
}

extension SymbolIndex {
    /// Places each pending occurrence at the first whole-word match of its text at or after its mark
    /// (within 200 lines); occurrences whose text can't be found there are left out.
    mutating func locate(_ pending: [PendingOccurrence], sources: [String: String]) {
        var lines: [String: [Substring]] = [:]
        /// Each line's scalars, made once (many names are written on one line, and each is
        /// searched for from its value's line on).
        var scalarLines: [String: [[Unicode.Scalar]?]] = [:]
        var seen = Set<Occurrence>()
        for p in pending {
            if lines[p.mark.file] == nil, let text = sources[p.mark.file] {
                lines[p.mark.file] = Reader.lines(text)
            }
            guard let fileLines = lines[p.mark.file] else { continue }
            func scalarsOf(_ line: Int) -> [Unicode.Scalar] {
                if let done = scalarLines[p.mark.file]?[line - 1] { return done }
                if scalarLines[p.mark.file] == nil { scalarLines[p.mark.file] = Array(repeating: nil, count: fileLines.count) }
                let scalars = Array(fileLines[line - 1].unicodeScalars)
                scalarLines[p.mark.file]![line - 1] = scalars
                return scalars
            }
            var start = p.mark.column
            var found: SourceLocation?
            var line = p.mark.line
            while line >= 1, line <= fileLines.count, line < p.mark.line + 200, found == nil {
                let scalars = scalarsOf(line)
                if let c = Self.find(p.search, in: scalars, from: max(0, start - 1), inSlot: p.inSlot) {
                    found = SourceLocation(file: p.mark.file, line: line, column: c + 1 + p.offset)
                    var o = Occurrence(kind: p.kind, name: p.name, location: found!, length: p.length, isDefinition: p.isDefinition)
                    // The same name twice in one value: the next match is the next use.
                    while seen.contains(o), let next = Self.find(p.search, in: scalars, from: o.location.column - p.offset, inSlot: p.inSlot) {
                        o.location.column = next + 1 + p.offset
                    }
                    if seen.insert(o).inserted { occurrences.append(o) }
                }
                line += 1
                start = 1
            }
        }
    }

    /// The first index at or after `from` where `word` occurs, not inside a longer identifier.
    static func find(_ word: String, in line: [Unicode.Scalar], from: Int, inSlot: Bool = false) -> Int? {
        let w = Array(word.unicodeScalars)
        guard !w.isEmpty, line.count >= w.count else { return nil }
        func isName(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))) }
        var i = from
        while i + w.count <= line.count {
            if line[i] == w[0], Array(line[i..<(i + w.count)]) == w,
               i == 0 || !isName(line[i - 1]), i + w.count == line.count || !isName(line[i + w.count]) {
                var j = i - 1
                while j >= 0 && line[j] == " " { j -= 1 }
                if !inSlot || (j >= 1 && line[j] == "{" && line[j - 1] == "{") { return i }
            }
            i += 1
        }
        return nil
    }
}
