/// Matches a person's answer against the choices on screen, deterministically and explainably.
///
/// Rules, in order; the first rule that finds anything decides:
/// 1. number (`2`, `2.`, `#2`, `option 2`), 2. the whole label, 3. a whole keyword,
/// 4. a label or keyword contained as whole words, 5. a label, keyword or word within typo distance.
/// One choice found: `.matched`; several: `.ambiguous` (ask which one); none: `.none`.
/// A unique match on ASCII text allocates nothing.
public struct Matcher: Sendable {
    /// What a choice answers to, normalized: its label first, then its keywords.
    public struct Terms: Sendable {
        public var label: String
        public var keywords: [String]

        public init(label: String, keywords: [String]) {
            self.label = label
            self.keywords = keywords
        }

        /// Whether the label or a keyword is inside `answer` as whole words.
        func anyContained(in answer: String) -> Bool {
            if containsWords(answer, label) { return true }
            for k in keywords where containsWords(answer, k) { return true }
            return false
        }
    }

    public enum Result: Equatable, Sendable {
        case matched(Int, rule: Rule)
        case ambiguous([Int], rule: Rule)
        case none
    }

    public enum Rule: String, Sendable {
        case number, label, keyword, contained, typo
    }

    /// Matches `answer` (already normalized) against `choices`; indices are positions in `choices`.
    public static func match(_ answer: String, _ choices: [Terms]) -> Result {
        if answer.isEmpty { return .none }
        if let n = number(answer) {
            if n >= 1 && n <= choices.count { return .matched(n - 1, rule: .number) }
        }
        if let r = find(choices, .label, { $0.label == answer }) { return r }
        if let r = find(choices, .keyword, { $0.keywords.contains(answer) }) { return r }
        if let r = find(choices, .contained, { $0.anyContained(in: answer) }) {
            guard case .ambiguous = r else { return r }
            return decide(contained(answer, choices), .contained) ?? .none
        }
        if let r = find(choices, .typo, { typoDistance(answer, $0) != nil }) {
            guard case .ambiguous = r else { return r }
            return decide(closest(answer, choices), .typo) ?? .none
        }
        return .none
    }

    /// The one choice that passes `test`, or all of them when several do (an array only then).
    @inline(__always)
    private static func find(_ choices: [Terms], _ rule: Rule, _ test: (Terms) -> Bool) -> Result? {
        guard let first = choices.firstIndex(where: test) else { return nil }
        guard let second = choices[(first + 1)...].firstIndex(where: test) else { return .matched(first, rule: rule) }
        var all = [first, second]
        for i in (second + 1)..<choices.count where test(choices[i]) { all.append(i) }
        return .ambiguous(all, rule: rule)
    }

    private static func decide(_ found: [Int], _ rule: Rule) -> Result? {
        switch found.count {
        case 0: nil
        case 1: .matched(found[0], rule: rule)
        default: .ambiguous(found, rule: rule)
        }
    }

    /// Choices with a label or keyword inside the answer. When one choice's longest such phrase
    /// holds every phrase found for the others ("under 18" holds "18"), that choice alone.
    private static func contained(_ answer: String, _ choices: [Terms]) -> [Int] {
        var found: [(index: Int, phrases: [String])] = []
        for (i, c) in choices.enumerated() {
            let phrases = ([c.label] + c.keywords).filter { containsWords(answer, $0) }
            if !phrases.isEmpty { found.append((i, phrases)) }
        }
        guard found.count > 1 else { return found.map(\.index) }
        let longest = found.map { f in (f.index, f.phrases.max { $0.count < $1.count }!) }
        let best = longest.max { $0.1.count < $1.1.count }!
        let others = found.filter { $0.index != best.0 }
        if others.allSatisfy({ $0.phrases.allSatisfy { p in p != best.1 && containsWords(best.1, p) } }) { return [best.0] }
        return found.map(\.index)
    }

    static let numberPrefixes = ["option ", "number ", "choice ", "no "]

    /// `2`, `#2`, `option 2`, `number 2`, `choice 2` (after normalization) as a number.
    static func number(_ answer: String) -> Int? {
        var s = Substring(answer)
        for prefix in numberPrefixes where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        guard !s.isEmpty, s.utf8.count <= 4, s.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(s)
    }

    /// The choices with the smallest typo distance to the answer (whole answer against multi-word
    /// terms, each word of the answer against one-word terms).
    private static func closest(_ answer: String, _ choices: [Terms]) -> [Int] {
        var best = Int.max
        var found: [Int] = []
        for (i, c) in choices.enumerated() {
            guard let d = typoDistance(answer, c) else { continue }
            if d < best { best = d; found = [i] } else if d == best { found.append(i) }
        }
        return found
    }

    /// The smallest typo distance from the answer to one of the choice's terms, when within the
    /// term's allowance.
    private static func typoDistance(_ answer: String, _ c: Terms) -> Int? {
        var d = Int.max
        if let td = typoDistance(answer, term: c.label) { d = td }
        for k in c.keywords { if let td = typoDistance(answer, term: k) { d = min(d, td) } }
        return d == Int.max ? nil : d
    }

    private static func typoDistance(_ answer: String, term: String) -> Int? {
        guard !term.isEmpty else { return nil }
        let allowed = typoAllowance(term.unicodeScalars.count)
        guard allowed > 0 else { return nil }
        var td = allowed + 1
        if term.utf8.contains(ASCIIText.space) {
            td = editDistance(answer, term, limit: allowed)
        } else if let d = ASCIIText.withBytes(answer, { a in ASCIIText.withBytes(term, { t in wordDistance(a, t, limit: allowed) }) }) ?? nil {
            td = d
        } else {
            for w in answer.split(separator: " ") { td = min(td, editDistance(String(w), term, limit: allowed)) }
        }
        return td <= allowed ? td : nil
    }

    /// The smallest distance from any word of `answer` to `term` (ASCII bytes).
    private static func wordDistance(_ answer: UnsafeBufferPointer<UInt8>, _ term: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
        var best = limit + 1
        _ = ASCIIText.anyWord(answer) { w in
            best = min(best, editDistance(w, term, limit: limit))
            return best == 0
        }
        return best
    }
}
