import CairnEngine
import Foundation
import Yams

/// A flow file read from disk: its path as shown in diagnostics, and its text.
struct SourceFile {
    static let maxBytes = 1 << 20
    static let maxDepth = 64

    let path: String
    let text: String

    /// Reads and parses a file into a YAML node, reporting (not throwing) problems with its content.
    /// Returns nil when the file cannot be used.
    static func parse(path: String, data: Data, into diagnostics: inout [Diagnostic]) -> (SourceFile, Yams.Node)? {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard data.count <= maxBytes else {
            diagnostics.append(tooLarge(path: path, bytes: "\(data.count)"))
            return nil
        }
        // (Through the bytes: `Data`'s own iterator costs some twenty instructions a byte.)
        guard !data.withUnsafeBytes({ $0.contains(0) }), let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(.init(.error, .notText, at: start, "not a UTF-8 text file"))
            return nil
        }
        if let deep = tooDeep(text) {
            diagnostics.append(.init(.error, .tooDeep, at: SourceLocation(file: path, line: deep.line, column: deep.column),
                                     "nesting is deeper than \(maxDepth) levels"))
            return nil
        }
        if let excess = AliasBudget.firstExcess(text) {
            diagnostics.append(.init(.error, .tooManyAliases, at: SourceLocation(file: path, line: excess.line, column: excess.column),
                                     "aliases (*name) in this file stand for more than \(AliasBudget.maxAliasNodes) YAML nodes; write the values out instead"))
            return nil
        }
        let file = SourceFile(path: path, text: text)
        do {
            // `Resolver.basic`: Cairn reads every scalar as text (Reader.string, .bool, .int), so
            // YAML's implicit types (bool, int, float, null, timestamp) are never asked for. Yams
            // would still resolve them, with a regular expression per rule, to compare mapping keys
            // when it looks for duplicates: a fifth of a load. With no rules, two keys are the same
            // key when their text is, which is also how Cairn reads them (`1:` and `"1":` clash).
            guard let node = try compose(text) else {
                diagnostics.append(.init(.warning, .emptyFile, at: start, "the file is empty"))
                return nil
            }
            return (file, node)
        } catch let error as YamlError {
            diagnostics.append(file.diagnostic(for: error))
        } catch {
            diagnostics.append(.init(.error, .yamlSyntax, at: start, "\(error)"))
        }
        return nil
    }

    /// Yams' composer as Cairn asks for it: `Resolver.basic` (above), UTF-8 (what Swift's strings
    /// hold; Yams' default encoding reads the whole environment at each call, about 200,000
    /// instructions), and a constructor without tables (composing constructs no values; Yams'
    /// default builds its tables at each call).
    static func compose(_ text: String) throws -> Yams.Node? {
        try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
    }

    static func tooLarge(path: String, bytes: String, limit: Int = maxBytes) -> Diagnostic {
        .init(.error, .fileTooLarge, at: SourceLocation(file: path, line: 1, column: 1),
              limit == maxBytes ? "file is \(bytes) bytes; flow files may be at most \(maxBytes) bytes (split it into several flows)"
                                : "file is \(bytes) bytes; it may be at most \(limit) bytes")
    }

    /// Finds nesting that could exhaust the parser's stack: flow brackets or indentation too deep.
    private static func tooDeep(_ text: String) -> (line: Int, column: Int)? {
        switch tooDeepASCII(text) {
        case .fine: return nil
        case .deep(let line, let column): return (line, column)
        case .notASCII: if plainAroundStructure(text) { return nil }
        }
        var depth = 0, line = 1, column = 0, quote: Character? = nil
        for c in text {
            column += 1
            if c == "\n" { line += 1; column = 0; quote = nil; continue }
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": if depth > 0 { quote = c }
            case "[", "{": depth += 1; if depth > maxDepth { return (line, column) }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = l.prefix { $0 == " " || $0 == "-" }.count
            if indent > maxDepth * 4 { return (i + 1, indent) }
        }
        return nil
    }

    private enum Scan { case fine, deep(Int, Int), notASCII }

    /// `tooDeep` in one pass over the bytes, for ASCII text without carriage returns, where every
    /// byte is one character (so lines and columns are the same); `.notASCII` for other text.
    private static func tooDeepASCII(_ text: String) -> Scan {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Scan in
            var depth = 0, line = 1, column = 0, quote: UInt8 = 0
            var indent = 0, inIndent = true
            var firstIndented: (Int, Int)?
            for b in bytes {
                if b >= 0x80 || b == UInt8(ascii: "\r") { return .notASCII }
                column += 1
                if inIndent {
                    if b == UInt8(ascii: " ") || b == UInt8(ascii: "-") { indent += 1 } else {
                        inIndent = false
                        if firstIndented == nil && indent > maxDepth * 4 { firstIndented = (line, indent) }
                    }
                }
                if b == UInt8(ascii: "\n") {
                    line += 1; column = 0; quote = 0; indent = 0; inIndent = true
                    continue
                }
                if quote != 0 { if b == quote { quote = 0 }; continue }
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): if depth > 0 { quote = b }
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; if depth > maxDepth { return .deep(line, column) }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
                default: break
                }
            }
            if inIndent && firstIndented == nil && indent > maxDepth * 4 { firstIndented = (line, indent) }
            return firstIndented.map { .deep($0.0, $0.1) } ?? .fine
        } ?? .notASCII
    }

    /// For text that is not plain ASCII: whether nothing is nested too deep, found over Unicode
    /// scalars instead of characters. The two agree when every character the scan looks for
    /// (quotes, brackets, line feeds, spaces and dashes of indentation) is a scalar of its own:
    /// no carriage return (`\r\n` is one character), and no scalar beside one of them that could
    /// join it into a larger character (combining marks, joiners, format characters, modifiers:
    /// only letters with case, digits, punctuation, symbols and spaces are taken as safe). False
    /// means "not sure, or too deep": the character scan decides, and places the problem.
    private static func plainAroundStructure(_ text: String) -> Bool {
        var depth = 0, quote: Unicode.Scalar? = nil
        var indent = 0, inIndent = true
        var previous: Unicode.Scalar = "\n"
        func structural(_ s: Unicode.Scalar) -> Bool {
            switch s { case "\"", "'", "[", "{", "]", "}", "\n", " ", "-": true; default: false }
        }
        func safe(_ s: Unicode.Scalar) -> Bool {
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .decimalNumber, .letterNumber, .otherNumber,
                 .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                 .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .otherSymbol, .spaceSeparator: true
            default: false
            }
        }
        for s in text.unicodeScalars {
            if s == "\r" { return false }
            if !s.isASCII {
                if structural(previous) && !safe(s) { return false }
            } else if !previous.isASCII && structural(s) && !safe(previous) {
                return false
            }
            previous = s
            if inIndent {
                if s == " " || s == "-" { indent += 1 } else {
                    inIndent = false
                    if indent > maxDepth * 4 { return false }
                }
            }
            if s == "\n" {
                quote = nil; indent = 0; inIndent = true
                continue
            }
            if let q = quote { if s == q { quote = nil }; continue }
            switch s {
            case "\"", "'": if depth > 0 { quote = s }
            case "[", "{": depth += 1; if depth > maxDepth { return false }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return !(inIndent && indent > maxDepth * 4)
    }

    func diagnostic(for error: YamlError) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let e = SyntaxExplainer(text: text).explain(problem: problem, line: mark.line, column: mark.column,
                                                        contextText: context?.text, contextLine: context?.mark.line,
                                                        contextColumn: context?.mark.column)
            return .init(.error, e.code, at: SourceLocation(file: path, line: e.line, column: e.column), e.message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the first of the duplicated keys as it sorts them. Its order is not
            // total when a key that is not text (`? - a`, which Yams names "<uncovertable>") is
            // among them, and the key it picks then changes from one load to the next (it sorts
            // a dictionary's keys, whose order varies): the mapping's first line is given instead.
            let place = duplicates.contains("<uncovertable>")
                ? SourceLocation(file: path, line: SyntaxExplainer(text: text).mappingStart(line: context.mark.line, column: context.mark.column), column: 1)
                : at(context.mark)
            return .init(.error, .duplicateID, at: place,
                         "the key \(duplicates.sorted().prefix(5).map { "'\(Compiler.excerpt($0))'" }.joined(separator: ", "))\(duplicates.count > 5 ? ", ..." : "") appears twice in this mapping")
        case .reader(let problem, let offset, _, _):
            var line = 1, column = 1
            if let offset {
                for c in text.unicodeScalars.prefix(offset) { if c == "\n" { line += 1; column = 1 } else { column += 1 } }
            }
            return .init(.error, .notText, at: SourceLocation(file: path, line: line, column: column), problem)
        default:
            return .init(.error, .yamlSyntax, at: SourceLocation(file: path, line: 1, column: 1), "\(error)")
        }
    }
}
