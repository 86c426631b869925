/// The Snowball French stemmer, as defined by `algorithms/french.sbl` of snowballstem/snowball
/// (Snowball 3.1) and described at https://snowballstem.org/algorithms/french/stemmer.html.
///
/// Written from the algorithm's description: elisions (`l'`, `qu'`…), the prelude marking vowels
/// that act as consonants (`u`, `i`, `y` → `U`, `I`, `Y`; `ë`, `ï` → `He`, `Hi`), the regions RV, R1
/// and R2, step 1 (standard suffixes), steps 2a and 2b (verb suffixes), steps 3 and 4 (residual
/// suffixes), step 5 (un-double), step 6 (un-accent) and the postlude. Its output is checked against
/// the reference implementation (PyPI `snowballstemmer`) over all of Debian's `wfrench`.
///
/// It works on the word's Unicode scalars.
enum FrenchStemmer {
    static func stem(_ word: String) -> String {
        var w = FrenchWord(Array(word.unicodeScalars))
        w.stem()
        return w.changed ? w.result : word
    }
}

private typealias Table = [(suffix: [Unicode.Scalar], rule: Int)]

/// A suffix list, longest first: the first entry a word ends with is the one `among` picks.
private func table(_ entries: [(String, Int)]) -> Table {
    entries.map { (Array($0.0.unicodeScalars), $0.1) }.sorted { $0.suffix.count > $1.suffix.count }
}

private enum Suffixes {
    /// Step 1. The rule numbers are the cases of `standardSuffix`.
    static let standard = table([
        ("ance", 1), ("iqUe", 1), ("isme", 1), ("able", 1), ("iste", 1), ("eux", 1),
        ("ances", 1), ("iqUes", 1), ("ismes", 1), ("ables", 1), ("istes", 1),
        ("atrice", 2), ("ateur", 2), ("ation", 2), ("atrices", 2), ("ateurs", 2), ("ations", 2),
        ("logie", 3), ("logies", 3),
        ("usion", 4), ("ution", 4), ("usions", 4), ("utions", 4),
        ("ence", 5), ("ences", 5),
        ("ement", 6), ("ements", 6),
        ("ité", 7), ("ités", 7),
        ("if", 8), ("ive", 8), ("ifs", 8), ("ives", 8),
        ("eaux", 9), ("aux", 10), ("oux", 11), ("euse", 12), ("euses", 12),
        ("issement", 13), ("issements", 13),
        ("amment", 14), ("emment", 15), ("ment", 16), ("ments", 16),
    ])
    /// After `-ement`.
    static let afterEment = table([("iv", 1), ("eus", 2), ("abl", 3), ("iqU", 3), ("ièr", 4), ("Ièr", 4)])
    /// After `-ité`.
    static let afterIte = table([("abil", 1), ("ic", 2), ("iv", 3)])
    /// Step 2a: verb suffixes beginning with i.
    static let iVerb = table([
        "îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais", "irait",
        "iras", "irent", "irez", "iriez", "irions", "irons", "iront", "is", "issaIent", "issais",
        "issait", "issant", "issante", "issantes", "issants", "isse", "issent", "isses", "issez",
        "issiez", "issions", "issons", "it",
    ].map { ($0, 1) })
    /// Step 2b: other verb suffixes.
    static let verb = table(
        [("ions", 1)]
            + ["é", "ée", "ées", "és", "èrent", "er", "era", "erai", "eraIent", "erais", "erait", "eras",
               "erez", "eriez", "erions", "erons", "eront", "ez", "iez", "eais"].map { ($0, 2) }
            + ["âmes", "ât", "âtes", "a", "ai", "aIent", "ait", "ant", "ante", "antes", "ants", "as",
               "asse", "assent", "asses", "assiez", "assions"].map { ($0, 3) }
            + [("ais", 4), ("aise", 4), ("aises", 4)])
    /// The words `-ais` stays on: balais, mauvais, déplais.
    static let keepAis = table([("al", 1), ("épl", 2), ("auv", 2)])
    /// Step 4.
    static let residual = table([("ion", 1), ("ier", 2), ("ière", 2), ("Ier", 2), ("Ière", 2), ("e", 3)])
    /// Step 5.
    static let doubled = table([("enn", 1), ("onn", 1), ("ett", 1), ("ell", 1), ("eill", 1)])
}

private struct FrenchWord {
    var s: [Unicode.Scalar]
    let original: [Unicode.Scalar]
    var pV = 0
    var p1 = 0
    var p2 = 0

    init(_ scalars: [Unicode.Scalar]) {
        s = scalars
        original = scalars
    }

    var n: Int { s.count }

    mutating func stem() {
        elisions()
        prelude()
        markRegions()
        if standardSuffix() || iVerbSuffix() || verbSuffix() {
            if s.last == "Y" {
                s[n - 1] = "i"
            } else if s.last == "ç" {
                s[n - 1] = "c"
            }
        } else {
            residualSuffix()
        }
        if among(Suffixes.doubled) != nil { s.removeLast() }
        unAccent()
        postlude()
    }

    var changed: Bool { s != original }
    var result: String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    // MARK: Letters

    static func isVowel(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a", "e", "i", "o", "u", "y", "â", "à", "ë", "é", "ê", "è", "ï", "î", "ô", "û", "ù": return true
        default: return false
        }
    }

    func vowel(at i: Int) -> Bool { i >= 0 && i < n && FrenchWord.isVowel(s[i]) }

    /// The longest entry of `table` the word ends with and that starts at or after `floor`:
    /// its start and rule.
    func among(_ table: Table, end: Int? = nil, floor: Int = 0) -> (start: Int, rule: Int)? {
        let end = end ?? n
        for (suffix, rule) in table where end - suffix.count >= floor && ends(suffix, at: end) {
            return (end - suffix.count, rule)
        }
        return nil
    }

    func ends(_ suffix: [Unicode.Scalar], at end: Int) -> Bool {
        let start = end - suffix.count
        if start < 0 { return false }
        for i in suffix.indices.reversed() where s[start + i] != suffix[i] { return false }  // last letter first
        return true
    }

    func ends(_ suffix: String) -> Bool { ends(Array(suffix.unicodeScalars), at: n) }

    mutating func replace(from start: Int, with text: String) {
        s.replaceSubrange(start..., with: text.unicodeScalars)
    }

    mutating func delete(from start: Int) { s.removeSubrange(start...) }

    // MARK: Prelude, regions, postlude

    /// l'avion -> avion, qu'il -> il (when something follows the apostrophe).
    mutating func elisions() {
        if n > 2 && s[1] == "'" && "cdjlmnst".unicodeScalars.contains(s[0]) {
            s.removeFirst(2)
        } else if n > 3 && s[0] == "q" && s[1] == "u" && s[2] == "'" {
            s.removeFirst(3)
        }
    }

    /// Marks u, i and y that act as consonants, and ë, ï (as He, Hi).
    mutating func prelude() {
        var p = 0
        while p < n {
            if mark(at: p) { continue }  // the reference retries the same place after a change
            p += 1
        }
    }

    mutating func mark(at p: Int) -> Bool {
        if vowel(at: p) && p + 1 < n {
            let next = s[p + 1]
            if next == "u" && vowel(at: p + 2) {
                s[p + 1] = "U"
                return true
            }
            if next == "i" && vowel(at: p + 2) {
                s[p + 1] = "I"
                return true
            }
            if next == "y" {
                s[p + 1] = "Y"
                return true
            }
        }
        switch s[p] {
        case "ë":
            s.replaceSubrange(p...p, with: ["H", "e"])
            return true
        case "ï":
            s.replaceSubrange(p...p, with: ["H", "i"])
            return true
        case "y" where vowel(at: p + 1):
            s[p] = "Y"
            return true
        case "q" where p + 1 < n && s[p + 1] == "u":
            s[p + 1] = "U"
            return true
        default:
            return false
        }
    }

    func startsWith(_ prefix: String) -> Bool { s.starts(with: prefix.unicodeScalars) }

    /// The end of the first vowel-then-non-vowel at or after `from`, or nil.
    func pastVowelConsonant(from: Int) -> Int? {
        var c = from
        while c < n && !FrenchWord.isVowel(s[c]) { c += 1 }
        if c == n { return nil }
        c += 1
        while c < n && FrenchWord.isVowel(s[c]) { c += 1 }
        return c == n ? nil : c + 1
    }

    mutating func markRegions() {
        pV = n
        p1 = n
        p2 = n
        if n >= 3 && vowel(at: 0) && vowel(at: 1) {
            pV = 3
        } else if startsWith("par") || startsWith("col") || startsWith("tap") || (startsWith("ni") && vowel(at: 2)) {
            pV = 3
        } else if n >= 1, let v = (1..<n).first(where: { vowel(at: $0) }) {
            pV = v + 1
        }
        guard let r1 = pastVowelConsonant(from: 0) else { return }
        p1 = r1
        if let r2 = pastVowelConsonant(from: r1) { p2 = r2 }
    }

    /// Back to lower case: I U Y -> i u y, He Hi -> ë ï, a lone H goes.
    mutating func postlude() {
        guard s.contains(where: { $0 == "I" || $0 == "U" || $0 == "Y" || $0 == "H" }) else { return }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(n)
        var i = 0
        while i < n {
            switch s[i] {
            case "I": out.append("i")
            case "U": out.append("u")
            case "Y": out.append("y")
            case "H":
                if i + 1 < n && s[i + 1] == "e" {
                    out.append("ë")
                    i += 1
                } else if i + 1 < n && s[i + 1] == "i" {
                    out.append("ï")
                    i += 1
                }
            default: out.append(s[i])
            }
            i += 1
        }
        s = out
    }

    // MARK: Steps

    /// Step 1: -ance, -ation, -logie, -ement, -ité, -if, -eaux, -euse, -ment… True when it took a
    /// suffix off (then steps 2a and 2b are skipped).
    mutating func standardSuffix() -> Bool {
        guard let (at, rule) = among(Suffixes.standard) else { return false }
        switch rule {
        case 1:
            guard at >= p2 else { return false }
            delete(from: at)
        case 2:
            guard at >= p2 else { return false }
            delete(from: at)
            icToIqU()
        case 3:
            guard at >= p2 else { return false }
            replace(from: at, with: "log")
        case 4:
            guard at >= p2 else { return false }
            replace(from: at, with: "u")
        case 5:
            guard at >= p2 else { return false }
            replace(from: at, with: "ent")
        case 6:
            guard at >= pV else { return false }
            delete(from: at)
            guard let (before, kind) = among(Suffixes.afterEment) else { break }
            switch kind {
            case 1:
                guard before >= p2 else { break }
                delete(from: before)
                if ends("at") && n - 2 >= p2 { delete(from: n - 2) }
            case 2:
                if before >= p2 { delete(from: before) } else if before >= p1 { replace(from: before, with: "eux") }
            case 3:
                if before >= p2 { delete(from: before) }
            default:
                if before >= pV { replace(from: before, with: "i") }
            }
        case 7:
            guard at >= p2 else { return false }
            delete(from: at)
            guard let (before, kind) = among(Suffixes.afterIte) else { break }
            switch kind {
            case 1: if before >= p2 { delete(from: before) } else { replace(from: before, with: "abl") }
            case 2: if before >= p2 { delete(from: before) } else { replace(from: before, with: "iqU") }
            default: if before >= p2 { delete(from: before) }
            }
        case 8:
            guard at >= p2 else { return false }
            delete(from: at)
            if ends("at") && n - 2 >= p2 {
                delete(from: n - 2)
                icToIqU()
            }
        case 9:
            replace(from: at, with: "eau")
        case 10:
            guard at >= p1 else { return false }
            replace(from: at, with: "al")
        case 11:
            guard at >= 1 && "bhjlnp".unicodeScalars.contains(s[at - 1]) else { return false }
            replace(from: at, with: "ou")
        case 12:
            if at >= p2 { delete(from: at) } else if at >= p1 { replace(from: at, with: "eux") } else { return false }
        case 13:
            guard at >= p1 && at >= 1 && !FrenchWord.isVowel(s[at - 1]) else { return false }
            delete(from: at)
        case 14, 15:
            // -amment, -emment: changed, then on to the verb suffixes.
            if at >= pV { replace(from: at, with: rule == 14 ? "ant" : "ent") }
            return false
        default:
            // -ment after a vowel in RV goes, then on to the verb suffixes.
            if at >= 1 && vowel(at: at - 1) && at - 1 >= pV { delete(from: at) }
            return false
        }
        return true
    }

    /// A final `ic` goes in R2, else becomes `iqU`.
    mutating func icToIqU() {
        guard ends("ic") else { return }
        if n - 2 >= p2 { delete(from: n - 2) } else { replace(from: n - 2, with: "iqU") }
    }

    /// Step 2a: -ir, -issant, -irent… in RV after a consonant (not H) that is in RV too.
    mutating func iVerbSuffix() -> Bool {
        guard let (at, _) = among(Suffixes.iVerb, floor: pV) else { return false }
        guard at > pV && s[at - 1] != "H" && !FrenchWord.isVowel(s[at - 1]) else { return false }
        delete(from: at)
        return true
    }

    /// Step 2b: -er, -ions, -ais, -ant… in RV.
    mutating func verbSuffix() -> Bool {
        guard let (at, rule) = among(Suffixes.verb, floor: pV) else { return false }
        switch rule {
        case 1:
            guard at >= p2 else { return false }
            delete(from: at)
        case 2:
            delete(from: at)
        case 3:
            delete(from: at >= 1 && s[at - 1] == "e" && at - 1 >= pV ? at - 1 : at)
        default:
            if let (before, kind) = among(Suffixes.keepAis, end: at) {
                if kind == 2 || before == 1 { return false }  // mauvais, déplais; balais, palais
            }
            delete(from: at)
        }
        return true
    }

    /// Steps 3 and 4: a final s (not after a, i, o, u, è, s), then -ion, -ier, -e in RV.
    mutating func residualSuffix() {
        if s.last == "s" {
            let c = n - 1
            if (c >= 2 && s[c - 2] == "H" && s[c - 1] == "i")
                || (c >= 1 && !"aiouès".unicodeScalars.contains(s[c - 1])) {
                s.removeLast()
            }
        }
        guard let (at, rule) = among(Suffixes.residual, floor: pV) else { return }
        switch rule {
        case 1:
            if at >= p2 && at > pV && (s[at - 1] == "s" || s[at - 1] == "t") { delete(from: at) }
        case 2:
            replace(from: at, with: "i")
        default:
            delete(from: at)
        }
    }

    /// Step 6: é or è before the final consonants becomes e.
    mutating func unAccent() {
        var i = n
        while i > 0 && !FrenchWord.isVowel(s[i - 1]) { i -= 1 }
        guard i < n, i >= 1, s[i - 1] == "é" || s[i - 1] == "è" else { return }
        s[i - 1] = "e"
    }
}
