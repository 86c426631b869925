/// What Tab should do with the current line, given the full-line candidates that could follow it.
///
/// `insert` is always the text to add at the cursor, never a replacement of what is typed.
/// `matches` lists the distinct matching candidates in the order the completer gave them.
public enum CompletionResult: Equatable, Sendable {
    /// No candidate starts with the line: the editor beeps and changes nothing.
    case noMatch
    /// Exactly one candidate matches: inserting `insert` makes the line equal `completion`.
    /// `insert` is empty when the line already equals the candidate.
    case unique(completion: String, insert: String)
    /// Several candidates match and all continue with `insert`: the editor inserts it.
    case commonPrefix(insert: String, matches: [String])
    /// Several candidates match with no longer shared prefix: the editor lists `matches`.
    case ambiguous(matches: [String])
}

/// Decides how to complete `line` (the text before the cursor) from full-line `candidates`.
///
/// A candidate matches when it starts with `line`, compared by `Character` (so canonically
/// equivalent spellings such as precomposed "é" and "e" + U+0301 match; case matters).
/// Empty and duplicate candidates are ignored. One match gives `.unique`; several matches
/// whose common prefix is longer than `line` give `.commonPrefix`; otherwise `.ambiguous`.
public func completion(for line: String, candidates: [String]) -> CompletionResult {
    let typed = Array(line)
    var seen = Set<String>()
    var matches: [String] = []
    for candidate in candidates where !candidate.isEmpty && !seen.contains(candidate) {
        seen.insert(candidate)
        let chars = Array(candidate)
        if chars.count >= typed.count && chars[..<typed.count].elementsEqual(typed) {
            matches.append(candidate)
        }
    }
    guard let first = matches.first else { return .noMatch }
    let firstChars = Array(first)
    if matches.count == 1 {
        return .unique(completion: first, insert: String(firstChars[typed.count...]))
    }
    var shared = firstChars.count
    for other in matches.dropFirst() {
        let otherChars = Array(other)
        var i = typed.count
        while i < shared && i < otherChars.count && otherChars[i] == firstChars[i] { i += 1 }
        shared = i
    }
    if shared > typed.count {
        return .commonPrefix(insert: String(firstChars[typed.count..<shared]), matches: matches)
    }
    return .ambiguous(matches: matches)
}

/// Lays out `items` in columns that fit `width`, filled top to bottom like `ls`.
///
/// Each column is as wide as its longest item plus two spaces of gap (none after the last
/// column); lines carry no trailing spaces. Widths are counted in `Character`s, so wide
/// (East Asian) characters may misalign. At least one column is always used.
func columnLayout(_ items: [String], width: Int) -> [String] {
    guard !items.isEmpty else { return [] }
    let lengths = items.map(\.count)
    let gap = 2
    // Try the most columns first; take the first count whose total width fits.
    for columns in stride(from: items.count, through: 1, by: -1) {
        let rows = (items.count + columns - 1) / columns
        let usedColumns = (items.count + rows - 1) / rows
        guard usedColumns == columns || columns == 1 else { continue }
        var widths: [Int] = []
        for c in 0..<usedColumns {
            let slice = lengths[(c * rows)..<min((c + 1) * rows, items.count)]
            widths.append(slice.max() ?? 0)
        }
        let total = widths.reduce(0, +) + gap * (usedColumns - 1)
        if total > width && columns > 1 { continue }
        return (0..<rows).map { r in
            var line = ""
            for c in 0..<usedColumns {
                let index = c * rows + r
                guard index < items.count else { break }
                let isLast = c == usedColumns - 1 || (c + 1) * rows + r >= items.count
                line += items[index]
                if !isLast { line += String(repeating: " ", count: widths[c] - lengths[index] + gap) }
            }
            return line
        }
    }
    return items
}
