/// The Snowball English stemmer ("Porter2"), as defined by `algorithms/english.sbl` of
/// snowballstem/snowball (Snowball 3.1) and described at
/// https://snowballstem.org/algorithms/english/stemmer.html.
///
/// Written from the algorithm's description, step by step: the exception list, the prelude
/// (`'` and `y` → `Y` marking), R1/R2 (with the `gener`, `commun`, `arsen`, `past`, `univers`,
/// `later`, `emerg`, `organ`, `inter` prefixes), steps 1a–5 and the postlude. Its output is checked
/// against the reference implementation (PyPI `snowballstemmer`) over all of Debian's `wamerican`.
///
/// It works on UTF-8 bytes in a buffer on the stack: an ASCII word costs no allocation beyond the
/// result (a small string up to 15 bytes), and a word the algorithm leaves alone is returned as it
/// is. A word with non-ASCII letters is run with each such letter as a one-byte stand-in (the
/// algorithm sees them as consonants, as the reference does) and put back afterwards.
enum EnglishStemmer {
    static func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { stem(utf8: $0) } ?? word
    }

    /// The stem, or nil when it is the word itself.
    static func stem(utf8 input: UnsafeBufferPointer<UInt8>) -> String? {
        if input.count < 3 { return nil }
        if input.contains(where: { $0 >= 0x80 }) { return stemNonASCII(input) }
        if let special = exception(input) { return special.isEmpty ? nil : special }
        return run(input) { String(decoding: $0, as: UTF8.self) }
    }

    /// The stand-in for a non-ASCII letter: a byte no rule names, so a consonant.
    private static let standIn: UInt8 = 0x80

    private static func stemNonASCII(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        var bytes: [UInt8] = []
        var others: [Unicode.Scalar] = []
        for scalar in String(decoding: input, as: UTF8.self).unicodeScalars {
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(standIn)
                others.append(scalar)
            }
        }
        if bytes.count < 3 { return nil }  // `hop 3` counts letters, not bytes
        return bytes.withUnsafeBufferPointer { buffer in
            run(buffer) { stemmed in
                // The stem keeps the word's letters in order (steps only change its end), so the
                // stand-ins are the first non-ASCII letters, one for one.
                var out = String.UnicodeScalarView()
                var next = 0
                for byte in stemmed {
                    if byte == standIn {
                        out.append(others[next])
                        next += 1
                    } else {
                        out.append(Unicode.Scalar(byte))
                    }
                }
                return String(out)
            }
        }
    }

    /// Runs the steps on a copy of `input` on the stack; `make` turns a changed stem into a string.
    @inline(__always)
    private static func run(_ input: UnsafeBufferPointer<UInt8>,
                            _ make: (UnsafeBufferPointer<UInt8>) -> String) -> String? {
        let count = input.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 2) { buffer -> String? in
            let start = buffer.baseAddress!
            start.initialize(from: input.baseAddress!, count: count)
            var w = Word(b: start, n: count)
            w.stem()
            let result = UnsafeBufferPointer(start: w.b, count: w.n)
            if w.n == count && result.elementsEqual(input) { return nil }
            return make(result)
        }
    }

    /// The words with a fixed stem: "" for the invariant ones, nil for any other word.
    private static func exception(_ w: UnsafeBufferPointer<UInt8>) -> String? {
        @inline(__always) func isWord(_ s: StaticString) -> Bool {
            s.utf8CodeUnitCount == w.count && UnsafeBufferPointer(start: s.utf8Start, count: w.count).elementsEqual(w)
        }
        switch w[0] {
        case UInt8(ascii: "a"): return isWord("andes") || isWord("atlas") ? "" : nil
        case UInt8(ascii: "b"): return isWord("bias") ? "" : nil
        case UInt8(ascii: "c"): return isWord("cosmos") ? "" : nil
        case UInt8(ascii: "e"): return isWord("early") ? "earli" : nil
        case UInt8(ascii: "g"): return isWord("gently") ? "gentl" : nil
        case UInt8(ascii: "h"): return isWord("howe") ? "" : nil
        case UInt8(ascii: "i"): return isWord("idly") ? "idl" : nil
        case UInt8(ascii: "n"): return isWord("news") ? "" : nil
        case UInt8(ascii: "o"): return isWord("only") ? "onli" : nil
        case UInt8(ascii: "s"):
            if isWord("singly") { return "singl" }
            if isWord("skies") { return "sky" }
            if isWord("skis") { return "ski" }
            return isWord("sky") ? "" : nil
        case UInt8(ascii: "u"): return isWord("ugly") ? "ugli" : nil
        default: return nil
        }
    }
}

/// The word being stemmed: `n` bytes at `b` (room for one more), and its regions R1 and R2.
private struct Word {
    var b: UnsafeMutablePointer<UInt8>
    var n: Int
    var p1 = 0
    var p2 = 0
    var yFound = false

    mutating func stem() {
        prelude()
        markRegions()
        step1a()
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        if yFound {
            for i in 0..<n where b[i] == UInt8(ascii: "Y") { b[i] = UInt8(ascii: "y") }
        }
    }

    // MARK: Letters

    /// a e i o u y (not the `Y` the prelude marks).
    @inline(__always) static func isVowel(_ c: UInt8) -> Bool { inSet(c, 0x0110_4111) }

    /// The vowels, w, x and Y: the letters a short syllable cannot end with.
    @inline(__always) static func isVowelWXY(_ c: UInt8) -> Bool {
        isVowel(c) || c == UInt8(ascii: "w") || c == UInt8(ascii: "x") || c == UInt8(ascii: "Y")
    }

    /// c d e g h k m n r t: the letters `-li` may follow.
    @inline(__always) static func isValidLI(_ c: UInt8) -> Bool { inSet(c, 0x000A_34DC) }

    /// b d f g m n p r t: the doubled letters step 1b undoubles.
    @inline(__always) static func isUndoubled(_ c: UInt8) -> Bool { inSet(c, 0x000A_B06A) }

    /// Whether `c` is a lower-case letter whose bit (a = 0) is set in `set`.
    @inline(__always) static func inSet(_ c: UInt8, _ set: UInt32) -> Bool {
        let i = c &- 97
        return i < 26 && set >> UInt32(i) & 1 != 0
    }

    /// Whether the first `end` bytes end with `s`.
    @inline(__always) func ends(_ s: StaticString, at end: Int) -> Bool {
        let k = s.utf8CodeUnitCount
        if end < k { return false }
        let p = s.utf8Start
        var i = 0
        while i < k {
            if b[end - k + i] != p[i] { return false }
            i += 1
        }
        return true
    }

    @inline(__always) func ends(_ s: StaticString) -> Bool { ends(s, at: n) }

    /// Whether the word starts with `s`.
    @inline(__always) func starts(_ s: StaticString) -> Bool {
        let k = s.utf8CodeUnitCount
        if n < k { return false }
        let p = s.utf8Start
        for i in 0..<k where b[i] != p[i] { return false }
        return true
    }

    /// Replaces everything from `start` on with `s`.
    @inline(__always) mutating func put(_ s: StaticString, at start: Int) {
        let k = s.utf8CodeUnitCount
        (b + start).update(from: s.utf8Start, count: k)
        n = start + k
    }

    /// When the word ends with `suffix`: replaces it with `by` if it starts at or after `region`.
    /// True when the word ended so (the step has found its suffix, replaced or not).
    @inline(__always) mutating func swap(_ suffix: StaticString, _ by: StaticString, _ region: Int) -> Bool {
        guard ends(suffix) else { return false }
        let start = n - suffix.utf8CodeUnitCount
        if start >= region { put(by, at: start) }
        return true
    }

    /// A short syllable ends at `c`: consonant-vowel-consonant (the last not w, x or Y), or a vowel
    /// then a consonant at the start of the word, or `past`.
    func shortSyllable(at c: Int) -> Bool {
        if c >= 3 && !Word.isVowelWXY(b[c - 1]) && Word.isVowel(b[c - 2]) && !Word.isVowel(b[c - 3]) { return true }
        if c == 2 && !Word.isVowel(b[1]) && Word.isVowel(b[0]) { return true }
        return ends("past", at: c)
    }

    // MARK: Prelude and regions

    mutating func prelude() {
        if b[0] == UInt8(ascii: "'") {
            b += 1
            n -= 1
        }
        guard n > 0 else { return }
        if b[0] == UInt8(ascii: "y") {
            b[0] = UInt8(ascii: "Y")
            yFound = true
        }
        var i = 1
        while i < n {
            if b[i] == UInt8(ascii: "y") && Word.isVowel(b[i - 1]) {
                b[i] = UInt8(ascii: "Y")
                yFound = true
            }
            i += 1
        }
    }

    /// The end of the first vowel-then-consonant at or after `from`, or nil.
    func pastVowelConsonant(from: Int) -> Int? {
        var c = from
        while c < n && !Word.isVowel(b[c]) { c += 1 }
        if c == n { return nil }
        c += 1
        while c < n && Word.isVowel(b[c]) { c += 1 }
        if c == n { return nil }
        return c + 1
    }

    mutating func markRegions() {
        p1 = n
        p2 = n
        let prefix: Int?
        switch b[0] {
        case UInt8(ascii: "a"): prefix = starts("arsen") ? 5 : nil
        case UInt8(ascii: "c"): prefix = starts("commun") ? 6 : nil
        case UInt8(ascii: "e"): prefix = starts("emerg") ? 5 : nil
        case UInt8(ascii: "g"): prefix = starts("gener") ? 5 : nil
        case UInt8(ascii: "i"): prefix = starts("inter") ? 5 : nil
        case UInt8(ascii: "l"): prefix = starts("later") ? 5 : nil
        case UInt8(ascii: "o"): prefix = starts("organ") ? 5 : nil
        case UInt8(ascii: "p"): prefix = starts("past") ? 4 : nil
        case UInt8(ascii: "u"): prefix = starts("univers") ? 7 : nil
        default: prefix = nil
        }
        guard let r1 = prefix ?? pastVowelConsonant(from: 0) else { return }
        p1 = r1
        if let r2 = pastVowelConsonant(from: r1) { p2 = r2 }
    }

    // MARK: Steps

    /// Possessives and plurals: `'s`, `-sses`, `-ies`, `-ied`, `-s`.
    mutating func step1a() {
        if ends("'s'") { n -= 3 } else if ends("'s") { n -= 2 } else if ends("'") { n -= 1 }
        if ends("sses") {
            n -= 2
        } else if ends("ies") || ends("ied") {
            n -= n - 3 >= 2 ? 2 : 1  // ties -> tie, cries -> cri
        } else if ends("ss") || ends("us") {
            return
        } else if ends("s") && n >= 2 {
            // Delete when a vowel comes before the letter before the s (gaps -> gap, gas stays).
            for i in 0..<(n - 2) where Word.isVowel(b[i]) {
                n -= 1
                return
            }
        }
    }

    /// `-eed`, `-eedly`, `-ed`, `-edly`, `-ing`, `-ingly`.
    mutating func step1b() {
        let start: Int
        if ends("eedly") || ends("eed") {
            let s = n - (ends("eedly") ? 5 : 3)
            if s >= p1 {
                let whole = (s == 4 && (starts("proc") || starts("succ"))) || (s == 3 && starts("exc"))
                if !whole { put("ee", at: s) }
            }
            return
        } else if ends("ingly") || ends("edly") {
            start = n - (ends("ingly") ? 5 : 4)
        } else if ends("ing") {
            start = n - 3
            if start == 2 && b[1] == UInt8(ascii: "y") && !Word.isVowel(b[0]) {
                put("ie", at: 1)  // dying -> die, lying -> lie
                return
            }
            if (start == 3 && (ends("inn", at: 3) || ends("out", at: 3)))
                || (start == 4 && (ends("even", at: 4) || ends("cann", at: 4) || ends("earr", at: 4) || ends("herr", at: 4))) {
                return  // inning, outing, evening… stay
            }
        } else if ends("ed") {
            start = n - 2
        } else {
            return
        }
        // The part before the suffix must hold a vowel.
        var hasVowel = false
        for i in 0..<start where Word.isVowel(b[i]) {
            hasVowel = true
            break
        }
        guard hasVowel else { return }
        n = start
        if ends("at") || ends("bl") || ends("iz") {
            put("e", at: n)
        } else if n >= 2 && b[n - 1] == b[n - 2] && Word.isUndoubled(b[n - 1]) {
            let first = n == 3 && (b[0] == UInt8(ascii: "a") || b[0] == UInt8(ascii: "e") || b[0] == UInt8(ascii: "o"))
            if !first { n -= 1 }  // hopping -> hop, but added -> add
        } else if n == p1 && shortSyllable(at: n) {
            put("e", at: n)  // hoping -> hope
        }
    }

    /// A final y or Y after a consonant that is not the first letter becomes i.
    mutating func step1c() {
        guard n >= 3, b[n - 1] == UInt8(ascii: "y") || b[n - 1] == UInt8(ascii: "Y"), !Word.isVowel(b[n - 2]) else { return }
        b[n - 1] = UInt8(ascii: "i")
    }

    mutating func step2() {
        guard n >= 2 else { return }
        switch b[n - 1] {
        case UInt8(ascii: "i"):
            if swap("lessli", "less", p1) || swap("biliti", "ble", p1) || swap("fulli", "ful", p1)
                || swap("ousli", "ous", p1) || swap("entli", "ent", p1) || swap("aliti", "al", p1)
                || swap("iviti", "ive", p1) || swap("abli", "able", p1) || swap("alli", "al", p1)
                || swap("anci", "ance", p1) || swap("enci", "ence", p1) || swap("bli", "ble", p1) {
                return
            }
            if ends("ogi") {
                let s = n - 3
                if s >= p1 && s >= 1 && b[s - 1] == UInt8(ascii: "l") { put("og", at: s) }
            } else if ends("li") {
                let s = n - 2
                if s >= p1 && s >= 1 && Word.isValidLI(b[s - 1]) { n = s }
            }
        case UInt8(ascii: "l"): _ = swap("ational", "ate", p1) || swap("tional", "tion", p1)
        case UInt8(ascii: "m"): _ = swap("alism", "al", p1)
        case UInt8(ascii: "n"): _ = swap("ization", "ize", p1) || swap("ation", "ate", p1)
        case UInt8(ascii: "r"): _ = swap("izer", "ize", p1) || swap("ator", "ate", p1)
        case UInt8(ascii: "s"):
            _ = swap("iveness", "ive", p1) || swap("fulness", "ful", p1) || swap("ousness", "ous", p1)
        case UInt8(ascii: "t"): _ = swap("ogist", "og", p1)
        default: return
        }
    }

    mutating func step3() {
        guard n >= 3 else { return }
        switch b[n - 1] {
        case UInt8(ascii: "e"):
            if swap("icate", "ic", p1) || swap("alize", "al", p1) { return }
            if ends("ative") && n - 5 >= p1 && n - 5 >= p2 { n -= 5 }
        case UInt8(ascii: "i"): _ = swap("iciti", "ic", p1)
        case UInt8(ascii: "l"):
            _ = swap("ational", "ate", p1) || swap("tional", "tion", p1) || swap("ical", "ic", p1) || swap("ful", "", p1)
        case UInt8(ascii: "s"): _ = swap("ness", "", p1)
        default: return
        }
    }

    mutating func step4() {
        guard n >= 2 else { return }
        switch b[n - 1] {
        case UInt8(ascii: "c"): _ = swap("ic", "", p2)
        case UInt8(ascii: "e"):
            _ = swap("ance", "", p2) || swap("ence", "", p2) || swap("able", "", p2) || swap("ible", "", p2)
                || swap("ate", "", p2) || swap("ive", "", p2) || swap("ize", "", p2)
        case UInt8(ascii: "i"): _ = swap("iti", "", p2)
        case UInt8(ascii: "l"): _ = swap("al", "", p2)
        case UInt8(ascii: "m"): _ = swap("ism", "", p2)
        case UInt8(ascii: "n"):
            if ends("ion") {
                let s = n - 3
                if s >= p2 && s >= 1 && (b[s - 1] == UInt8(ascii: "s") || b[s - 1] == UInt8(ascii: "t")) { n = s }
            }
        case UInt8(ascii: "r"): _ = swap("er", "", p2)
        case UInt8(ascii: "s"): _ = swap("ous", "", p2)
        case UInt8(ascii: "t"):
            _ = swap("ement", "", p2) || swap("ment", "", p2) || swap("ant", "", p2) || swap("ent", "", p2)
        default: return
        }
    }

    /// A final e in R2, or in R1 after no short syllable; a final double l in R2.
    mutating func step5() {
        guard n >= 1 else { return }
        let s = n - 1
        if b[s] == UInt8(ascii: "e") {
            if s >= p2 || (s >= p1 && !shortSyllable(at: s)) { n = s }
        } else if b[s] == UInt8(ascii: "l") {
            if s >= p2 && s >= 1 && b[s - 1] == UInt8(ascii: "l") { n = s }
        }
    }
}
