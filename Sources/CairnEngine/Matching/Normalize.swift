import Foundation

/// Folds text for matching: lower case, no accents, apostrophes removed, every other
/// non-letter-or-digit run turned into one space, trimmed.
///
/// `normalize("  Don't  SHARE—it!  ")` is `"dont share it"`; `normalize("Réponse")` is `"reponse"`.
/// ASCII text is folded byte by byte without allocating (text already in normal form is returned
/// as it is); other text goes through Foundation's folding.
public func normalize(_ text: String) -> String {
    if let folded = ASCIIText.normalize(text) { return folded }
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
    if let found = ASCIIText.containsWords(text, phrase) { return found }
    var search = text.startIndex
    while let r = text.range(of: phrase, range: search..<text.endIndex) {
        let beforeOK = r.lowerBound == text.startIndex || text[text.index(before: r.lowerBound)] == " "
        let afterOK = r.upperBound == text.endIndex || text[r.upperBound] == " "
        if beforeOK && afterOK { return true }
        search = text.index(after: r.lowerBound)
    }
    return false
}

/// Allocation-free fast paths for ASCII text, working on UTF-8 bytes. Each returns nil when the
/// text is not ASCII (or not stored contiguously), and the caller takes the general path, so
/// results are always the same as the general path's.
enum ASCIIText {
    static let space = UInt8(ascii: " ")

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b &- 0x61) < 26 || (b &- 0x30) < 10   // a-z, 0-9
    }

    /// `normalize` for ASCII text.
    static func normalize(_ text: String) -> String? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            // Already normal (the usual case for "2", "yes", "menu"): no copy at all.
            var normal = true
            var previous = space
            for b in bytes {
                if b >= 0x80 { return nil }
                if isWordByte(b) { previous = b; continue }
                if b == space && previous != space { previous = b; continue }
                normal = false
            }
            if normal && previous != space { return text }
            if normal && bytes.isEmpty { return text }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                var pendingSpace = false
                for var b in bytes {
                    if b == UInt8(ascii: "'") { continue }
                    if (b &- 0x41) < 26 { b |= 0x20 }  // A-Z to a-z
                    if isWordByte(b) {
                        if pendingSpace && n > 0 { out[n] = space; n += 1 }
                        pendingSpace = false
                        out[n] = b
                        n += 1
                    } else {
                        pendingSpace = true
                    }
                }
                return n
            }
        } ?? nil
    }

    /// Runs `body` on the UTF-8 bytes of `text` when it is ASCII and contiguous.
    @inline(__always)
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> R? in
            for b in bytes where b >= 0x80 { return nil }
            return body(bytes)
        } ?? nil
    }

    /// `containsWords` for ASCII text and phrase.
    static func containsWords(_ text: String, _ phrase: String) -> Bool? {
        withBytes(text) { t in withBytes(phrase) { p in containsWords(t, p) } } ?? nil
    }

    static func containsWords(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = t.count, m = p.count
        guard m > 0, n >= m else { return false }
        let first = p[0]
        var i = 0
        while i <= n - m {
            if t[i] == first && (i == 0 || t[i - 1] == space) && (i + m == n || t[i + m] == space) {
                var j = 1
                while j < m && t[i + j] == p[j] { j += 1 }
                if j == m { return true }
            }
            i += 1
        }
        return false
    }

    /// Calls `body` with each space-separated word of `text` (empty words skipped), stopping when
    /// it returns true. Returns whether it did.
    @inline(__always)
    static func anyWord(_ t: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var start = 0
        for i in 0...t.count where i == t.count || t[i] == space {
            if i > start, body(UnsafeBufferPointer(rebasing: t[start..<i])) { return true }
            start = i + 1
        }
        return false
    }
}
