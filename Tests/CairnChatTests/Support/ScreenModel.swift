/// A tiny terminal emulator: enough of a VT100/xterm to know what the screen shows.
///
/// Handles printable characters (one cell each, auto-wrapping at the right margin), CR, LF,
/// backspace, BEL, and the CSI sequences libedit and cairn use: cursor moves (A B C D G H f d),
/// erase in line/display (K, J with 0/1/2/3, where 3 drops the scrollback), insert/delete
/// characters (@ P X); SGR (m) and private modes are ignored. Lines that scroll off the top
/// stay in `scrollback` until `ESC [3J`.
struct ScreenModel {
    let columns: Int
    let rows: Int
    private(set) var scrollback: [String] = []
    private(set) var lines: [[Character]]
    private var row = 0
    private var column = 0
    private var pendingWrap = false
    private var escape: [Character]?

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        lines = Array(repeating: [], count: rows)
    }

    /// The visible lines, without trailing spaces or trailing empty lines.
    var screen: [String] {
        var out = lines.map { Self.trimmed($0) }
        while out.last == "" { out.removeLast() }
        return out
    }

    private static func trimmed(_ line: [Character]) -> String {
        String(line[..<(line.lastIndex { $0 != " " }.map { $0 + 1 } ?? 0)])
    }

    /// The scrollback and the screen, as one text.
    var allText: String { (scrollback + screen).joined(separator: "\n") }

    mutating func feed(_ text: String) {
        for c in text { feed(c) }
    }

    private mutating func feed(_ c: Character) {
        if var sequence = escape {
            sequence.append(c)
            escape = sequence
            if sequenceIsComplete(sequence) {
                escape = nil
                perform(sequence)
            }
            return
        }
        switch c {
        case "\u{1B}": escape = []
        case "\r": column = 0; pendingWrap = false
        case "\n": lineFeed()
        case "\r\n": column = 0; pendingWrap = false; lineFeed()
        case "\u{08}": column = max(0, column - 1); pendingWrap = false
        case "\u{07}": break
        default: put(c)
        }
    }

    private mutating func put(_ c: Character) {
        if pendingWrap {
            column = 0
            lineFeed()
            pendingWrap = false
        }
        while lines[row].count <= column { lines[row].append(" ") }
        lines[row][column] = c
        if column == columns - 1 { pendingWrap = true } else { column += 1 }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if row == rows - 1 {
            scrollback.append(Self.trimmed(lines.removeFirst()))
            lines.append([])
        } else {
            row += 1
        }
    }

    /// CSI sequences end with a letter or `@`/`~`; OSC ends with BEL; other escapes are one character.
    private func sequenceIsComplete(_ s: [Character]) -> Bool {
        guard let first = s.first else { return false }
        switch first {
        case "[": return s.count > 1 && (s.last!.isLetter || s.last == "@" || s.last == "~")
        case "]": return s.last == "\u{07}"
        case "(", ")": return s.count == 2
        default: return true
        }
    }

    private mutating func perform(_ s: [Character]) {
        guard s.first == "[", let command = s.last else { return }
        let body = String(s.dropFirst().dropLast())
        if body.hasPrefix("?") { return }
        let numbers = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let n = max(1, (numbers.first ?? nil) ?? 1)
        let raw = (numbers.first ?? nil) ?? 0
        pendingWrap = false
        switch command {
        case "A": row = max(0, row - n)
        case "B": row = min(rows - 1, row + n)
        case "C": column = min(columns - 1, column + n)
        case "D": column = max(0, column - n)
        case "G": column = min(columns - 1, n - 1)
        case "d": row = min(rows - 1, n - 1)
        case "H", "f":
            row = min(rows - 1, n - 1)
            column = min(columns - 1, max(1, (numbers.count > 1 ? numbers[1] : nil) ?? 1) - 1)
        case "K":
            switch raw {
            case 1: for i in 0..<min(column + 1, lines[row].count) { lines[row][i] = " " }
            case 2: lines[row] = []
            default: if lines[row].count > column { lines[row].removeSubrange(column...) }
            }
        case "J":
            switch raw {
            case 2: lines = Array(repeating: [], count: rows)
            case 3: scrollback = []
            case 1: for r in 0..<row { lines[r] = [] }
            default:
                if lines[row].count > column { lines[row].removeSubrange(column...) }
                for r in (row + 1)..<rows { lines[r] = [] }
            }
        case "P": if column < lines[row].count { lines[row].removeSubrange(column..<min(lines[row].count, column + n)) }
        case "@": if column < lines[row].count { lines[row].insert(contentsOf: Array(repeating: " ", count: n), at: column) }
        case "X": for i in column..<min(lines[row].count, column + n) { lines[row][i] = " " }
        default: break
        }
    }
}
