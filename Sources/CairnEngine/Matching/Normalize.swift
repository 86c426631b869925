import Foundation

/// Folds text for matching: lower case, no accents, apostrophes removed, every other
/// non-letter-or-digit run turned into one space, trimmed.
///
/// `normalize("  Don't  SHARE—it!  ")` is `"dont share it"`; `normalize("Réponse")` is `"reponse"`.
public func normalize(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    let folded = text.unicodeScalars.allSatisfy(\.isASCII)
        ? text.lowercased()
        : text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    for scalar in folded.unicodeScalars {
        if scalar == "'" || scalar == "\u{2019}" || scalar == "\u{2018}" { continue }
        let p = scalar.properties
        if p.isAlphabetic || p.numericType != nil {
            if pendingSpace && !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        } else {
            pendingSpace = true
        }
    }
    return String(out)
}

/// Whether `phrase` occurs in `text` as whole words; both must already be normalized.
public func containsWords(_ text: String, _ phrase: String) -> Bool {
    guard !phrase.isEmpty, text.utf8.count >= phrase.utf8.count else { return false }
    if text == phrase { return true }
    var search = text.startIndex
    while let r = text.range(of: phrase, range: search..<text.endIndex) {
        let beforeOK = r.lowerBound == text.startIndex || text[text.index(before: r.lowerBound)] == " "
        let afterOK = r.upperBound == text.endIndex || text[r.upperBound] == " "
        if beforeOK && afterOK { return true }
        search = text.index(after: r.lowerBound)
    }
    return false
}
