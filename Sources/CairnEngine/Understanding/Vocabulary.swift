/// Every word and stem the compiled terms of one language use, interned to small integers, and
/// an index that finds the term words an unknown typed word is a small typo of.
///
/// Typos are found the SymSpell way: each term word of 5 letters or more is stored under the
/// strings it gives with one letter deleted (two, for words of 8 or more); a typed word's own
/// deletions are looked up, and each candidate is confirmed with the edit distance.
struct Vocabulary: Sendable {
    private(set) var words: [String: Int32] = [:]
    private(set) var stems: [String: Int32] = [:]
    private(set) var wordTexts: [String] = []
    private var deletions: [String: [Int32]] = [:]

    /// The id of `word`, adding it when new.
    mutating func intern(word: String) -> Int32 {
        if let id = words[word] { return id }
        let id = Int32(wordTexts.count)
        words[word] = id
        wordTexts.append(word)
        return id
    }

    mutating func intern(stem: String) -> Int32 {
        if let id = stems[stem] { return id }
        let id = Int32(stems.count)
        stems[stem] = id
        return id
    }

    var stemCount: Int { stems.count }
    var wordCount: Int { wordTexts.count }

    /// Builds the typo index; call once every word is interned.
    mutating func indexTypos() {
        deletions = [:]
        for (id, word) in wordTexts.enumerated() {
            let allowed = typoAllowance(word.unicodeScalars.count)
            guard allowed > 0, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { continue }
            for key in Self.deletions(of: word, upTo: allowed) { deletions[key, default: []].append(Int32(id)) }
        }
    }

    /// Sets a token's ids, and for a word the terms don't know, the term words it is a typo of.
    func resolve(_ token: inout Token) {
        token.id = words[token.text] ?? -1
        token.stemID = stems[token.stem] ?? -1
        guard token.id < 0, token.stemID < 0, !deletions.isEmpty else { return }
        let n = token.text.utf8.count
        guard n >= 4, token.text.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return }
        var found: [Int32] = []
        for key in Self.deletions(of: token.text, upTo: n >= 7 ? 2 : 1) {
            guard let ids = deletions[key] else { continue }
            for id in ids where !found.contains(id) {
                let word = wordTexts[Int(id)]
                let allowed = typoAllowance(word.utf8.count)
                if editDistance(token.text, word, limit: allowed) <= allowed { found.append(id) }
            }
        }
        token.typos = found
    }

    /// The word itself and every string made by deleting up to `depth` of its letters.
    static func deletions(of word: String, upTo depth: Int) -> [String] {
        var out: [String] = [word]
        var seen: Set<String> = [word]
        var frontier: [[UInt8]] = [Array(word.utf8)]
        for _ in 0..<depth {
            var next: [[UInt8]] = []
            for w in frontier where w.count > 1 {
                for i in w.indices {
                    var d = w
                    d.remove(at: i)
                    let s = String(decoding: d, as: UTF8.self)
                    if seen.insert(s).inserted { out.append(s); next.append(d) }
                }
            }
            frontier = next
        }
        return out
    }
}
