/// Flesch–Kincaid grade level of a set of texts: 0.39 × words per sentence + 11.8 × syllables per
/// word − 15.59. Sentences end at `.`, `!`, `?` or a line break (so each bullet counts as one);
/// syllables are counted as groups of vowels, less a silent final e, at least one per word.
struct Readability {
    let grade: Double
    let words: Int
    let sentences: Int
    let longest: Int

    init(_ texts: [String]) {
        var words = 0, sentences = 0, syllables = 0
        for text in texts {
            for sentence in text.split(whereSeparator: { ".!?\n".contains($0) }) {
                let ws = sentence.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "’" })
                guard !ws.isEmpty else { continue }
                sentences += 1
                words += ws.count
                syllables += ws.map { Self.syllables(String($0)) }.reduce(0, +)
            }
        }
        self.words = words
        self.sentences = sentences
        self.longest = texts.map(\.count).max() ?? 0
        self.grade = words == 0 ? 0 : 0.39 * Double(words) / Double(max(sentences, 1)) + 11.8 * Double(syllables) / Double(words) - 15.59
    }

    static func syllables(_ word: String) -> Int {
        let w = word.lowercased().filter(\.isLetter)
        guard !w.isEmpty else { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var count = 0, previousVowel = false
        for c in w {
            let v = vowels.contains(c)
            if v && !previousVowel { count += 1 }
            previousVowel = v
        }
        if w.hasSuffix("e") && !w.hasSuffix("le") && count > 1 { count -= 1 }
        return max(count, 1)
    }
}
