/// Matches a person's answer against the choices on screen, deterministically and explainably.
///
/// Rules, in order; the first rule that finds anything decides:
/// 1. number (`2`, `2.`, `#2`, `option 2`), 2. the whole label, 3. a whole keyword,
/// 4. a label or keyword contained as whole words, 5. a label, keyword or word within typo distance.
/// One choice found: `.matched`; several: `.ambiguous` (ask which one); none: `.none`.
public struct Matcher: Sendable {
    /// What a choice answers to, normalized: its label first, then its keywords.
    public struct Terms: Sendable {
        public var label: String
        public var keywords: [String]

        public init(label: String, keywords: [String]) {
            self.label = label
            self.keywords = keywords
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
        if let r = decide(choices.indices.filter { choices[$0].label == answer }, .label) { return r }
        if let r = decide(choices.indices.filter { choices[$0].keywords.contains(answer) }, .keyword) { return r }
        if let r = decide(contained(answer, choices), .contained) { return r }
        return decide(closest(answer, choices), .typo) ?? .none
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

    /// `2`, `#2`, `option 2`, `number 2`, `choice 2` (after normalization) as a number.
    static func number(_ answer: String) -> Int? {
        var s = Substring(answer)
        for prefix in ["option ", "number ", "choice ", "no "] where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        guard !s.isEmpty, s.count <= 4, s.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(s)
    }

    /// The choices with the smallest typo distance to the answer (whole answer against multi-word
    /// terms, each word of the answer against one-word terms).
    private static func closest(_ answer: String, _ choices: [Terms]) -> [Int] {
        let words = answer.split(separator: " ").map(String.init)
        var best = Int.max
        var found: [Int] = []
        for (i, c) in choices.enumerated() {
            var d = Int.max
            for term in [c.label] + c.keywords where !term.isEmpty {
                let allowed = typoAllowance(term.unicodeScalars.count)
                guard allowed > 0 else { continue }
                var td = allowed + 1
                if term.contains(" ") {
                    td = editDistance(answer, term, limit: allowed)
                } else {
                    for w in words { td = min(td, editDistance(w, term, limit: allowed)) }
                }
                if td <= allowed { d = min(d, td) }
            }
            if d == Int.max { continue }
            if d < best { best = d; found = [i] } else if d == best { found.append(i) }
        }
        return found
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
