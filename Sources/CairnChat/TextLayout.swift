/// Lays out one message line for the terminal: `*emphasis*`, word wrapping and hanging indents.
///
/// Works on styled characters so that wrapping counts only what is visible: the emphasis stars are
/// parsed away first (unless `keepMarks`), and escape sequences are added only at the end. Widths
/// are in terminal columns (wide East Asian characters and emoji count 2, combining marks 0).
struct TextLayout {
    /// Bold the emphasised runs with ANSI sequences.
    var bold: Bool
    /// Keep `*emphasis*` exactly as written (for a terminal without colour); otherwise the stars go.
    var keepMarks: Bool

    /// One visible character and whether it is emphasised.
    struct Cell: Equatable {
        var character: Character
        var emphasised: Bool
    }

    /// `line` (no newlines) wrapped to `width` columns, or left whole when `width` is nil.
    ///
    /// A line starting with a list marker (`- `, `* `, `• `, `1. `, `2) `) continues under the text
    /// after the marker; any other line continues under its own leading spaces. Words longer than
    /// a whole line are cut. Continuation lines never carry trailing spaces.
    func wrap(_ line: Substring, width: Int?, hangingIndent extra: Int = 0) -> [String] {
        let cells = keepMarks ? line.map { Cell(character: $0, emphasised: false) } : Self.parseEmphasis(line)
        guard let width, Self.width(of: cells) + extra > width else { return [render(cells)] }
        var indent = Self.hangingIndent(of: cells) + extra
        if width - indent < 12 { indent = min(extra, max(0, width - 12)) }
        var lines: [[Cell]] = []
        var current: [Cell] = []
        var used = extra
        for word in Self.words(cells) {
            let isLeading = lines.isEmpty && current.allSatisfy { $0.character == " " }
            let wordWidth = Self.width(of: word)
            if !current.isEmpty && !isLeading && used + 1 + wordWidth > width {
                lines.append(current)
                current = Array(repeating: Cell(character: " ", emphasised: false), count: indent)
                used = indent
            } else if !current.isEmpty && !isLeading {
                current.append(Cell(character: " ", emphasised: false))
                used += 1
            }
            for cell in word {
                let w = Self.width(of: cell.character)
                if used + w > width && used > indent {
                    lines.append(current)
                    current = Array(repeating: Cell(character: " ", emphasised: false), count: indent)
                    used = indent
                }
                current.append(cell)
                used += w
            }
        }
        lines.append(current)
        return lines.map(render)
    }

    /// The cells as text, with bold on/off sequences around emphasised runs when `bold`.
    func render(_ cells: [Cell]) -> String {
        var out = ""
        var on = false
        for cell in cells {
            if bold && cell.emphasised != on {
                out += cell.emphasised ? "\u{1B}[1m" : "\u{1B}[22m"
                on = cell.emphasised
            }
            out.append(cell.character)
        }
        if on { out += "\u{1B}[22m" }
        return out
    }

    /// Splits `cells` at spaces into words, keeping leading spaces as one leading word.
    static func words(_ cells: [Cell]) -> [[Cell]] {
        let leading = cells.prefix { $0.character == " " }
        var words: [[Cell]] = leading.isEmpty ? [] : [Array(leading)]
        var word: [Cell] = []
        for cell in cells.dropFirst(leading.count) {
            if cell.character == " " {
                if !word.isEmpty { words.append(word) }
                word = []
            } else {
                word.append(cell)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// Columns before the text of a list item (`  - `, `1. `), or the leading spaces of any other line.
    static func hangingIndent(of cells: [Cell]) -> Int {
        let chars = cells.map(\.character)
        let spaces = chars.prefix { $0 == " " }.count
        var i = spaces
        if i < chars.count, "-*•".contains(chars[i]) {
            i += 1
        } else {
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            guard i > spaces, i < chars.count, chars[i] == "." || chars[i] == ")" else { return spaces }
            i += 1
        }
        guard i < chars.count, chars[i] == " " else { return spaces }
        while i < chars.count, chars[i] == " " { i += 1 }
        return width(of: cells[..<i])
    }

    /// Finds `*emphasis*` runs: a star that opens (after a space, the start or an opening
    /// bracket/quote, before a non-space) and a later one that closes (after a non-space, before a
    /// space, the end or punctuation). The stars are dropped; lone stars (`2 * 3`) stay.
    static func parseEmphasis(_ line: Substring) -> [Cell] {
        let chars = Array(line)
        var cells: [Cell] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "*", let close = closingStar(chars, openingAt: i) {
                cells += chars[(i + 1)..<close].map { Cell(character: $0, emphasised: true) }
                i = close + 1
            } else {
                cells.append(Cell(character: chars[i], emphasised: false))
                i += 1
            }
        }
        return cells
    }

    private static func closingStar(_ chars: [Character], openingAt i: Int) -> Int? {
        let opensAfter = i == 0 || chars[i - 1].isWhitespace || "([\"'“‘/".contains(chars[i - 1])
        guard opensAfter, i + 1 < chars.count, !chars[i + 1].isWhitespace, chars[i + 1] != "*" else { return nil }
        var j = i + 2
        while j < chars.count {
            if chars[j] == "*" && !chars[j - 1].isWhitespace
                && (j + 1 == chars.count || chars[j + 1].isWhitespace || chars[j + 1].isPunctuation) {
                return j
            }
            j += 1
        }
        return nil
    }

    static func width(of cells: some Collection<Cell>) -> Int {
        cells.reduce(0) { $0 + width(of: $1.character) }
    }

    /// Terminal columns taken by `c`: 0 for controls and combining marks, 2 for wide and emoji, else 1.
    static func width(of c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        let p = first.properties
        switch p.generalCategory {
        case .control, .format, .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        if p.isEmojiPresentation || c.unicodeScalars.contains("\u{FE0F}") { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
