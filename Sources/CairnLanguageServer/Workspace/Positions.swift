import CairnEngine
import Foundation

/// Converts between LSP positions (0-based line, UTF-16 code units) and Cairn's (1-based line and
/// column, the column in Unicode scalars, as YAML marks count). The one place positions change form.
public struct LineTable: Sendable {
    let lines: [Substring]

    public init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    public var count: Int { lines.count }

    public func line(_ line: Int) -> Substring? { line >= 1 && line <= lines.count ? lines[line - 1] : nil }

    /// The LSP position of a 1-based line and scalar column (clamped to the text).
    public func lsp(line: Int, column: Int) -> JSON {
        guard let text = self.line(line) else { return ["line": JSON(max(0, line - 1)), "character": 0] }
        var units = 0, scalars = 0
        for s in text.unicodeScalars {
            if scalars >= column - 1 { break }
            units += s.utf16.count
            scalars += 1
        }
        return ["line": JSON(line - 1), "character": JSON(units)]
    }

    /// The 1-based line and scalar column of an LSP position (clamped to the line).
    public func cairn(_ position: JSON) -> (line: Int, column: Int)? {
        guard let l = position["line"].int, let ch = position["character"].int, l >= 0, ch >= 0 else { return nil }
        guard let text = self.line(l + 1) else { return (l + 1, 1) }
        var units = 0, column = 1
        for s in text.unicodeScalars {
            if units >= ch { break }
            units += s.utf16.count
            column += 1
        }
        return (l + 1, column)
    }

    /// An LSP range from a 1-based position over `length` scalars.
    public func range(line: Int, column: Int, length: Int) -> JSON {
        ["start": lsp(line: line, column: column), "end": lsp(line: line, column: column + length)]
    }

    /// The length of the word at a 1-based position (letters, digits, `_`, `.`, `-`), at least 1.
    public func wordLength(line: Int, column: Int) -> Int {
        guard let text = self.line(line) else { return 1 }
        let scalars = Array(text.unicodeScalars)
        guard column >= 1, column <= scalars.count else { return 1 }
        var n = 0
        while column - 1 + n < scalars.count {
            let c = scalars[column - 1 + n]
            guard c == "_" || c == "." || c == "-" || c.properties.isAlphabetic || ("0"..."9").contains(c) else { break }
            n += 1
        }
        return max(n, 1)
    }

    /// The text of a line before a 1-based column.
    public func prefix(line: Int, column: Int) -> String {
        guard let text = self.line(line) else { return "" }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, column - 1))))
    }
}

/// `file://` URIs and paths.
enum FileURI {
    static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file://"), let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    static func uri(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }
}
