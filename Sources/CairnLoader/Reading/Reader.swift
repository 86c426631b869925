import CairnEngine
import Yams

/// A key and value of a YAML mapping, with the key's position.
struct Entry {
    let key: String
    let keyNode: Yams.Node
    let value: Yams.Node
}

/// Walks Yams nodes of one file, reading values as the schema expects and collecting diagnostics.
///
/// Strings are always read from the scalar's text, so YAML 1.1 surprises (`no` read as false) never
/// reach texts; booleans are read only where the schema expects one.
struct Reader {
    let file: String
    var diagnostics: [Diagnostic] = []
    /// The file's lines, when known, for warnings about how a value was written.
    var lines: [Substring] = []

    init(file: String) { self.file = file }

    init(_ source: SourceFile) {
        file = source.path
        lines = Self.lines(source.text)
    }

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)`, found in the UTF-8 bytes:
    /// a line feed is a character of its own except after a carriage return ("\r\n" is one
    /// character, which that split does not break), so the lines are the same.
    static func lines(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        let fast = utf8.withContiguousStorageIfAvailable { bytes -> [Substring] in
            var out: [Substring] = []
            var start = utf8.startIndex, from = 0
            for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") && (i == 0 || bytes[i - 1] != UInt8(ascii: "\r")) {
                let end = utf8.index(start, offsetBy: i - from)
                out.append(text[start..<end])
                start = utf8.index(after: end)
                from = i + 1
            }
            out.append(text[start..<utf8.endIndex])
            return out
        }
        if let fast { return fast }
        var out: [Substring] = []
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") {
                out.append(text[start..<i])
                start = utf8.index(after: i)
            }
            previous = b
            i = utf8.index(after: i)
        }
        out.append(text[start..<utf8.endIndex])
        return out
    }

    func location(_ node: Yams.Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ code: DiagnosticCode, _ node: Yams.Node, _ message: String) {
        diagnostics.append(.init(.error, code, at: location(node), message))
    }

    mutating func warning(_ code: DiagnosticCode, _ node: Yams.Node, _ message: String) {
        diagnostics.append(.init(.warning, code, at: location(node), message))
    }

    /// The entries of a mapping, reporting keys not in `allowed` (with a suggestion).
    mutating func entries(_ node: Yams.Node, _ what: String, allowed: [String]? = nil) -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            error(.wrongType, node, "\(what) should be a mapping of 'key: value' lines, not \(kind(node))")
            return nil
        }
        var out: [Entry] = []
        for (k, v) in mapping {
            guard case .scalar(let s) = k else { error(.wrongType, k, "keys must be plain words"); continue }
            if let allowed, !allowed.contains(s.string) {
                error(.unknownKey, k, "unknown key '\(Compiler.excerpt(s.string))' in \(what)\(didYouMean(s.string, allowed))")
                continue
            }
            out.append(Entry(key: s.string, keyNode: k, value: v))
        }
        return out
    }

    /// A scalar's text, exactly as written.
    mutating func string(_ node: Yams.Node, _ what: String) -> String? {
        if case .scalar(let s) = node { return s.string }
        error(.wrongType, node, "\(what) should be a single value, not \(kind(node))")
        return nil
    }

    /// A non-empty identifier (flow, node, variable or choice id).
    mutating func identifier(_ node: Yams.Node, _ what: String) -> String? {
        guard let s = string(node, what) else { return nil }
        guard Identifier.isValid(s) else {
            error(.badID, node, "\(what) '\(Compiler.excerpt(s))' should use only letters, digits and _, starting with a letter")
            return nil
        }
        return s
    }

    /// A reference to a node: `node`, `flow` or `flow.node`.
    mutating func reference(_ node: Yams.Node, _ what: String) -> Reference? {
        guard let s = string(node, what) else { return nil }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ Identifier.isValid($0) }) else {
            error(.badID, node, "\(what) '\(Compiler.excerpt(s))' should be a node, a flow, or flow.node")
            return nil
        }
        return Reference(text: s, location: location(node))
    }

    mutating func bool(_ node: Yams.Node, _ what: String) -> Bool? {
        guard let s = string(node, what) else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(.badValue, node, "\(what) should be true or false, not '\(Compiler.excerpt(s))'")
            return nil
        }
    }

    mutating func int(_ node: Yams.Node, _ what: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard let s = string(node, what) else { return nil }
        guard let n = Int(s), range?.contains(n) ?? true else {
            error(.badValue, node, "\(what) should be a whole number\(range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? ""), not '\(Compiler.excerpt(s))'")
            return nil
        }
        return n
    }

    /// A list of nodes; a single value counts as a list of one.
    func list(_ node: Yams.Node) -> [Yams.Node] {
        if case .sequence(let seq) = node { return Array(seq) }
        return [node]
    }

    mutating func strings(_ node: Yams.Node, _ what: String) -> [String] {
        list(node).compactMap { string($0, what) }
    }

    func kind(_ node: Yams.Node) -> String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// A written reference to a node, resolved after every file is read.
struct Reference {
    let text: String
    let location: SourceLocation
}
