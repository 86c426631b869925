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
    /// Hashes of deletion strings (see `deletionHashes`) to the words that give them; a hash
    /// collision only adds a candidate, which the edit distance then turns down.
    private var deletions = IntIndex<UInt64>([:])
    /// `words` and `stems` for lookups, once every word is interned.
    private var wordIDs = WordMap<Int32>()
    private var stemIDs = WordMap<Int32>()

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
        var map: [UInt64: [Int32]] = [:]
        for (id, word) in wordTexts.enumerated() {
            let allowed = typoAllowance(word.unicodeScalars.count)
            guard allowed > 0, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { continue }
            Self.deletionHashes(of: Array(word.utf8), upTo: allowed) { h in
                if map[h]?.last != Int32(id) { map[h, default: []].append(Int32(id)) }
            }
        }
        deletions = IntIndex<UInt64>(map)
        wordIDs = WordMap(words)
        stemIDs = WordMap(stems)
    }

    /// The key of an answer word: its ids, and for a word the terms don't know, the term words
    /// it is a small typo of (appended to `typos`).
    func key(_ token: Token, typos: inout [Int32]) -> TokenKey {
        var key = TokenKey(id: wordIDs[token.text] ?? -1, stemID: stemIDs[token.stem] ?? -1, sentence: token.sentence, negatedBy: token.negatedBy,
                           typoStart: Int32(typos.count), typoCount: 0)
        guard key.id < 0, key.stemID < 0, !deletions.isEmpty else { return key }
        var text = token.text
        let deletions = self.deletions, wordTexts = self.wordTexts
        text.withUTF8 { bytes in
            let n = bytes.count
            guard n >= 4, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return }
            let first = typos.count
            Self.deletionHashes(of: bytes, upTo: n >= 7 ? 2 : 1) { h in
                for id in deletions.values(h) where !typos[first...].contains(id) {
                    let word = wordTexts[Int(id)]
                    let allowed = typoAllowance(word.utf8.count)
                    if editDistance(token.text, word, limit: allowed) <= allowed { typos.append(id) }
                }
            }
        }
        key.typoCount = Int32(typos.count) - key.typoStart
        return key
    }

    /// Calls `body` with the hash of the word itself and of every string made by deleting up to
    /// `depth` (1 or 2) of its letters, without building the strings. A string reached twice is
    /// hashed twice, which costs a lookup and nothing else.
    static func deletionHashes<C: RandomAccessCollection>(of word: C, upTo depth: Int, _ body: (UInt64) -> Void)
        where C.Element == UInt8, C.Index == Int {
        let n = word.count, w0 = word.startIndex
        func hash(skipping a: Int, _ b: Int) -> UInt64 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for i in 0..<n where i != a && i != b {
                h = (h ^ UInt64(word[w0 + i])) &* 0x0000_0100_0000_01B3
            }
            return h ^ UInt64(n - (a >= 0 ? 1 : 0) - (b >= 0 ? 1 : 0))
        }
        body(hash(skipping: -1, -1))
        for a in 0..<n {
            // Deleting one letter of a run gives the same string: delete only the run's first.
            if a > 0 && word[w0 + a] == word[w0 + a - 1] { continue }
            body(hash(skipping: a, -1))
            guard depth >= 2 else { continue }
            for b in (a + 1)..<n where n > 2 {
                if b > a + 1 && word[w0 + b] == word[w0 + b - 1] { continue }
                body(hash(skipping: a, b))
            }
        }
    }
}
