import CairnEngine
import Foundation

/// Turns a YAML parser error into the writer's words: what the common mistake is and how to fix it,
/// with the caret on the character that caused it (the tab, the opening quote, the misaligned key).
///
/// The parser says where it gave up (`did not find expected key`, `found character that cannot start
/// any token`); the cause is usually on that line or the one above. The explainer looks at the text
/// for the mistakes writers make (a tab used to indent, a line indented less or more than its
/// siblings, text that needs quotes, a quote never closed, a slot's quotes ending the text early) and
/// falls back to the parser's own words, prefixed with plain ones, for anything else.
///
/// Lines and columns start at 1; columns count Unicode scalars, as the parser's marks do.
struct SyntaxExplainer {
    let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    struct Explanation: Equatable {
        var code: DiagnosticCode
        var line: Int
        var column: Int
        var message: String
    }

    /// The parser's error: where it stopped, what it said, and where the construct it was in began.
    func explain(problem: String, line: Int, column: Int, contextText: String?, contextLine: Int?, contextColumn: Int?) -> Explanation {
        if let tab = tabIndent(upTo: line) { return tab }
        if let quote = unclosedQuote(problem: problem, contextText: contextText, contextLine: contextLine, contextColumn: contextColumn) {
            return quote
        }
        let candidates = [line, line - 1, contextLine].compactMap { $0 }.filter { $0 >= 1 && $0 <= lines.count }
        for l in candidates {
            if let slot = slotQuotes(at: l) { return slot }
        }
        for l in candidates {
            if let text = textAfterQuote(at: l, errorLine: line) { return text }
        }
        if problem.hasPrefix("mapping values are not allowed"), let e = colonInText(line: line, column: column) { return e }
        for l in candidates {
            if let start = specialStart(at: l) { return start }
        }
        if let indent = indentation(problem: problem, line: line, contextLine: contextLine, contextColumn: contextColumn) {
            return indent
        }
        if problem.contains("found another document") {
            return Explanation(code: .yamlSyntax, line: line, column: column,
                               message: "a second YAML document starts here (after '---'), and a flow file holds one: remove this part or move it to a file of its own")
        }
        let context = contextText.map { " (the parser: \($0)" + (contextLine.map { " at line \($0)" } ?? "") + ")" } ?? ""
        return Explanation(code: .yamlSyntax, line: line, column: column,
                           message: "YAML cannot read the file from here: \(problem)\(context); check the quotes, brackets and indentation of this line and the one above")
    }

    // MARK: - The mistakes

    /// A tab in the indentation of a line at or before where the parser stopped.
    func tabIndent(upTo line: Int) -> Explanation? {
        for (i, text) in lines.prefix(min(line, lines.count)).enumerated() {
            let indent = text.prefix { $0 == " " || $0 == "\t" }
            guard indent.contains("\t") else { continue }
            if text.dropFirst(indent.count).first == "#" || indent.count == text.count { continue }  // a comment or blank line
            let column = indent.prefix { $0 != "\t" }.count + 1
            var hint = ""
            if let above = previousContentLine(before: i + 1) {
                hint = " (the line above, line \(above), starts at column \(indentColumn(above)))"
            }
            return Explanation(code: .yamlTab, line: i + 1, column: column,
                               message: "a tab is used to indent this line; YAML indents with spaces only: replace the tab with spaces\(hint)")
        }
        return nil
    }

    /// A quoted text that never ends: the parser reached the end of the file (or of the document)
    /// inside it.
    func unclosedQuote(problem: String, contextText: String?, contextLine: Int?, contextColumn: Int?) -> Explanation? {
        guard contextText == "while scanning a quoted scalar", let l = contextLine, let c = contextColumn,
              problem.contains("end of stream") || problem.contains("document indicator") else { return nil }
        let quote = character(line: l, column: c) ?? "\""
        let other = quote == "\"" ? "'" : "\""
        return Explanation(code: .yamlUnclosedQuote, line: l, column: c,
                           message: "this \(quote) is never closed, so the rest of the file became part of the text; add the closing \(quote) at the end of the text (for a \(quote) inside the text, put the text in \(other) quotes instead)")
    }

    /// `say: "Hello {{name or "friend"}}"`: the fallback's quotes end the double-quoted text.
    func slotQuotes(at line: Int) -> Explanation? {
        let text = lines[line - 1]
        guard let value = valueStart(text), let q = value.quote else { return nil }
        let chars = Array(text.unicodeScalars)
        var i = value.column  // 0-based index just after the opening quote
        while i + 1 < chars.count {
            if chars[i] == "{" && chars[i + 1] == "{" {
                guard let close = (i + 2..<max(i + 2, chars.count - 1)).first(where: { chars[$0] == "}" && chars[$0 + 1] == "}" }) else { return nil }
                if let inner = (i + 2..<close).first(where: { chars[$0] == q }) {
                    let other: Character = q == "\"" ? "'" : "\""
                    return Explanation(code: .yamlSlotQuotes, line: line, column: inner + 1,
                                       message: "this \(q) inside the {{...}} slot ends the \(q)-quoted text early; quote the fallback with \(other) instead, like {{name or \(other)friend\(other)}}")
                }
                i = close + 2
                continue
            }
            if chars[i] == q { return nil }  // the text ended before any slot
            if q == "\"" && chars[i] == "\\" { i += 1 }
            i += 1
        }
        return nil
    }

    /// `say: "Hi" she said`: text goes on after the closing quote.
    func textAfterQuote(at line: Int, errorLine: Int) -> Explanation? {
        let text = lines[line - 1]
        guard let value = valueStart(text), let q = value.quote else { return nil }
        let chars = Array(text.unicodeScalars)
        var i = value.column
        while i < chars.count {
            if q == "\"" && chars[i] == "\\" { i += 2; continue }
            if chars[i] == q {
                if q == "'" && i + 1 < chars.count && chars[i + 1] == "'" { i += 2; continue }  // '' is a quote inside
                break
            }
            i += 1
        }
        guard i < chars.count else { return nil }  // closes on a later line, or never (unclosedQuote)
        let rest = chars[(i + 1)...].drop { $0 == " " }
        guard let first = rest.first, first != "#", first != ",", first != "]", first != "}" else { return nil }
        let column = chars.count - rest.count + 1
        let other: Character = q == "\"" ? "'" : "\""
        return Explanation(code: .yamlNeedsQuotes, line: line, column: column,
                           message: "the text goes on after its closing \(q), which YAML cannot read; put the whole text in \(other) quotes, or write a quote inside the text as \(q == "\"" ? "\\\"" : "''")")
    }

    /// `say: Note: keep a copy`: a `: ` inside unquoted text reads as a new key.
    func colonInText(line: Int, column: Int) -> Explanation? {
        guard line >= 1, line <= lines.count else { return nil }
        let text = lines[line - 1]
        guard let value = valueStart(text), value.quote == nil else {
            // The colon is on a line of its own: a continuation line indented too far.
            return nil
        }
        let chars = Array(text.unicodeScalars)
        // The first ': ' after the value starts.
        var colon: Int?
        var i = value.column
        while i < chars.count {
            if chars[i] == ":" && (i + 1 == chars.count || chars[i + 1] == " ") { colon = i; break }
            i += 1
        }
        guard let colon else { return nil }
        let key = String(String.UnicodeScalarView(chars[0..<value.column])).trimmingCharacters(in: .whitespaces)
        return Explanation(code: .yamlNeedsQuotes, line: line, column: colon + 1,
                           message: "text with ': ' in it needs quotes, or YAML reads it as another key: write \(key) \"\(String(String.UnicodeScalarView(chars[value.column...])).replacingOccurrences(of: "\"", with: "\\\""))\"")
    }

    /// A value starting with a character YAML reads as syntax: `{`, `[`, `*`, `&`, `!`, `%`, `@`, `` ` ``.
    func specialStart(at line: Int) -> Explanation? {
        let text = lines[line - 1]
        guard let value = valueStart(text), value.quote == nil else { return nil }
        let chars = Array(text.unicodeScalars)
        guard value.column < chars.count else { return nil }
        let c = chars[value.column]
        let meaning: String
        switch c {
        case "{": meaning = "the start of a mapping"
        case "[": meaning = "the start of a list"
        case "*": meaning = "an alias (a copy of an &anchor)"
        case "&": meaning = "an anchor name"
        case "!": meaning = "a type tag"
        case "%", "@", "`": meaning = "a character reserved by YAML"
        default: return nil
        }
        let key = String(String.UnicodeScalarView(chars[0..<value.column])).trimmingCharacters(in: .whitespaces)
        let rest = String(String.UnicodeScalarView(chars[value.column...]))
        return Explanation(code: .yamlNeedsQuotes, line: line, column: value.column + 1,
                           message: "text starting with '\(c)' needs quotes: YAML reads '\(c)' there as \(meaning); write \(Compiler.excerpt(key)) \"\(Compiler.excerpt(rest.replacingOccurrences(of: "\"", with: "\\\"")))\"")
    }

    /// A line indented less or more than the lines it belongs with.
    func indentation(problem: String, line: Int, contextLine: Int?, contextColumn: Int?) -> Explanation? {
        guard line >= 1, line <= lines.count else { return nil }
        // Where the parser stopped may be a blank line or the end; the offending line is the last with content.
        guard let bad = contentLine(atOrBefore: line) else { return nil }
        let column = indentColumn(bad)
        guard let first = lines[bad - 1].dropFirst(column - 1).unicodeScalars.first,
              first == "-" || first == "_" || first == "\"" || first == "'" || first.properties.isAlphabetic || ("0"..."9").contains(first) else { return nil }
        let isItem = lines[bad - 1].dropFirst(column - 1).hasPrefix("-")
        if problem.hasPrefix("mapping values are not allowed"), let above = previousContentLine(before: bad) {
            // A continuation of the text on the line above: indented more than that line's key.
            let aboveColumn = keyColumn(above)
            guard column > aboveColumn else { return nil }
            return Explanation(code: .yamlIndent, line: bad, column: column,
                               message: "this line is indented more than the line above (column \(column), not \(aboveColumn)), so YAML reads it as more of the text on line \(above); line it up with '\(firstWord(above))' at column \(aboveColumn)")
        }
        guard problem.contains("did not find expected") || problem.contains("could not find expected") else { return nil }
        if isItem, let ctxLine = contextLine, let ctxColumn = contextColumn, ctxColumn != column, problem.contains("'-' indicator") {
            return Explanation(code: .yamlIndent, line: bad, column: column,
                               message: "this list item starts at column \(column), but the list's first item (line \(ctxLine)) starts at column \(ctxColumn); line up every '-' of a list")
        }
        // The nearest line above with content: where its key starts (after '- ' for a list item).
        guard let above = previousContentLine(before: bad) else { return nil }
        let aboveColumn = keyColumn(above)
        guard aboveColumn != column else { return nil }
        let what = isItem ? "list item" : "line"
        let more = aboveColumn < column ? "more" : "less"
        return Explanation(code: .yamlIndent, line: bad, column: column,
                           message: "this \(what) is indented \(more) than the line above ('\(Compiler.excerpt(firstWord(above).replacingOccurrences(of: "- ", with: "")))' on line \(above) starts at column \(aboveColumn), this one at column \(column)); keys that belong together start at the same column")
    }

    /// The column a line's key starts at: after `- ` on a list item.
    func keyColumn(_ line: Int) -> Int {
        let text = lines[line - 1]
        let indent = text.prefix { $0 == " " }.count
        let rest = text.dropFirst(indent)
        guard rest.hasPrefix("- ") else { return indent + 1 }
        return indent + 3 + rest.dropFirst(2).prefix { $0 == " " }.count
    }

    /// The first line of the block mapping holding the key at `line`:`column`. Up from the key's
    /// line: lines indented deeper (values of earlier keys), blank lines, comments and `- ` items
    /// at the keys' column (a compact list, an earlier key's value) are passed over; a line
    /// starting at the keys' column is another key; a `- ` item whose key starts there begins the
    /// mapping; anything less indented ends it. A key on a `- ` line begins its mapping there, and
    /// a key inside a line (a flow mapping, `{a: 1, a: 2}`) gives that line.
    func mappingStart(line: Int, column: Int) -> Int {
        guard line >= 1, line <= lines.count, isContent(line) else { return max(1, line) }
        let start = lines[line - 1].drop { $0 == " " }
        guard !start.hasPrefix("-"), indentColumn(line) == column || start.hasPrefix("?") else { return line }
        let keys = indentColumn(line)
        var top = line, l = line
        while let above = previousContentLine(before: l) {
            l = above
            let indent = indentColumn(above), item = lines[above - 1].drop { $0 == " " }.hasPrefix("-")
            if indent > keys || (indent == keys && item) { continue }
            if indent == keys { top = above; continue }
            if item && keyColumn(above) == keys { top = above }
            break
        }
        return top
    }

    // MARK: - Reading lines

    /// Where a line's value begins after `key: ` or `- key: ` or `- `: the 0-based scalar index of
    /// its first character (after the opening quote, if quoted), and the quote.
    func valueStart(_ text: Substring) -> (column: Int, quote: Unicode.Scalar?)? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count && chars[i] == " " { i += 1 }
        var item = false
        if i < chars.count && chars[i] == "-" && (i + 1 == chars.count || chars[i + 1] == " ") {
            item = true
            i += 1
            while i < chars.count && chars[i] == " " { i += 1 }
        }
        // A key: letters, digits, _ and - up to ': '.
        let keyStart = i
        while i < chars.count && (chars[i].properties.isAlphabetic || ("0"..."9").contains(chars[i]) || chars[i] == "_" || chars[i] == "-") { i += 1 }
        if i > keyStart && i < chars.count && chars[i] == ":" && i + 1 < chars.count && chars[i + 1] == " " {
            i += 1
            while i < chars.count && chars[i] == " " { i += 1 }
        } else if item {
            i = keyStart  // a list item's own value: `- text`
        } else {
            return nil
        }
        guard i < chars.count else { return nil }
        if chars[i] == "\"" || chars[i] == "'" { return (i + 1, chars[i]) }
        return (i, nil)
    }

    func character(line: Int, column: Int) -> Unicode.Scalar? {
        guard line >= 1, line <= lines.count else { return nil }
        let scalars = Array(lines[line - 1].unicodeScalars)
        return column >= 1 && column <= scalars.count ? scalars[column - 1] : nil
    }

    func isContent(_ line: Int) -> Bool {
        let t = lines[line - 1].drop { $0 == " " || $0 == "\t" }
        return !t.isEmpty && !t.hasPrefix("#")
    }

    func contentLine(atOrBefore line: Int) -> Int? {
        var l = min(line, lines.count)
        while l >= 1 && !isContent(l) { l -= 1 }
        return l >= 1 ? l : nil
    }

    func previousContentLine(before line: Int) -> Int? { line > 1 ? contentLine(atOrBefore: line - 1) : nil }

    func indentColumn(_ line: Int) -> Int { lines[line - 1].prefix { $0 == " " }.count + 1 }

    /// The key (or first word) a line starts with, with its colon: `say:`, `- label:`.
    func firstWord(_ line: Int) -> String {
        let t = lines[line - 1].drop { $0 == " " }
        let head = t.hasPrefix("- ") ? "- " : ""
        let body = t.dropFirst(head.count)
        let word = body.prefix { $0 != " " }
        return head + word
    }
}
