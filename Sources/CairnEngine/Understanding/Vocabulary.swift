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
    /// The longest word in the typo index: a typed word more than two letters longer is no typo of
    /// any (this also bounds the cost of a very long typed word).
    private var longestTypoWord = 0
    /// `stems` for lookups, once every word is interned (words are looked up in the normalizer's
    /// table: `Normalizer.learn`).
    private var stemIDs = WordMap<Int32>()
    /// The typos of the words `learn` was given, worked out once (`Normalizer.WordInfo.typoStart`
    /// points into it).
    private(set) var learnedTypos: [Int32] = []

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
            longestTypoWord = max(longestTypoWord, word.utf8.count)
            let bytes = Array(word.utf8)
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.deletionCount(bytes.count, upTo: allowed)) { hashes in
                for h in hashes[..<Self.deletionHashes(of: bytes, upTo: allowed, into: hashes)] where map[h]?.last != Int32(id) {
                    map[h, default: []].append(Int32(id))
                }
            }
        }
        deletions = IntIndex<UInt64>(map)
        stemIDs = WordMap(stems)
    }

    /// Works out, once, what `key` gives for `token`, a word no term uses but answers often hold
    /// (a command word, a number word, a word of the flows' own texts), with its stem as the
    /// stemmer gives it: its stem's id and its typos, kept in `learnedTypos`.
    mutating func learn(_ token: Token) -> (stemID: Int32, typoStart: Int32, typoCount: Int32) {
        var typos = learnedTypos
        learnedTypos = []
        let key = self.key(token, known: nil, typos: &typos)
        learnedTypos = typos
        return (key.stemID, key.typoStart, key.typoCount)
    }

    func id(word: String) -> Int32? { words[word] }
    func id(stem: String) -> Int32? { stems[stem] }

    /// The key of an answer word: its ids, and for a word the terms don't know, the term words
    /// it is a small typo of (appended to `typos`). `known` is the word's entry in the
    /// normalizer's table, which holds the ids of every word the terms use, and what `learn`
    /// worked out for other words it knows.
    func key(_ token: Token, known: Normalizer.WordInfo?, typos: inout [Int32]) -> TokenKey {
        let id: Int32, stemID: Int32
        if let known, known.typoStart >= 0, token.stemIsKnown {
            // A learned word with the stem it was learned with: its key was worked out at load.
            let start = Int(known.typoStart), count = Int(known.typoCount)
            let key = TokenKey(id: -1, stemID: known.stemID, sentence: token.sentence, negatedBy: token.negatedBy,
                               typoStart: Int32(typos.count), typoCount: Int32(count))
            if count > 0 { typos.append(contentsOf: learnedTypos[start..<(start + count)]) }
            return key
        }
        if let known, known.stem >= 0 {
            id = known.wordID
            stemID = token.stemIsKnown ? known.stemID : (stemIDs[token.stem] ?? -1)
        } else {
            id = -1
            stemID = stemIDs[token.stem] ?? -1
        }
        var key = TokenKey(id: id, stemID: stemID, sentence: token.sentence, negatedBy: token.negatedBy,
                           typoStart: Int32(typos.count), typoCount: 0)
        guard key.id < 0, key.stemID < 0, !deletions.isEmpty else { return key }
        var text = token.text
        let deletions = self.deletions, wordTexts = self.wordTexts, longestTypoWord = self.longestTypoWord
        text.withUTF8 { bytes in
            let n = bytes.count
            guard n >= 4, n <= longestTypoWord + 2, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return }
            let first = typos.count, depth = n >= 7 ? 2 : 1
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.deletionCount(n, upTo: depth)) { hashes in
                let count = Self.deletionHashes(of: bytes, upTo: depth, into: hashes)
                deletions.withLists { lists in
                    for k in 0..<count {
                        for j in deletions.range(hashes[k]) where !typos[first...].contains(lists[j]) {
                            let word = wordTexts[Int(lists[j])]
                            let allowed = typoAllowance(word.utf8.count)
                            if editDistance(token.text, word, limit: allowed) <= allowed { typos.append(lists[j]) }
                        }
                    }
                }
            }
        }
        key.typoCount = Int32(typos.count) - key.typoStart
        return key
    }

    /// How many hashes `deletionHashes` gives at most for a word of `n` letters.
    static func deletionCount(_ n: Int, upTo depth: Int) -> Int {
        1 + n + (depth >= 2 ? n * max(0, n - 1) / 2 : 0)
    }

    /// Writes into `out` (at least `deletionCount` long) the hash of the word itself and of every
    /// string made by deleting up to `depth` (1 or 2) of its letters, without building the
    /// strings; returns how many. A string reached twice may be hashed twice, which costs a
    /// lookup and nothing else.
    ///
    /// The hash is polynomial (Σ byte·Bᵏ, wrapping), so each deletion's hash comes in constant
    /// time from prefix and suffix hashes: a word of n letters costs O(n²) at depth 2, not O(n³).
    /// Collisions only add candidates, which the edit distance turns down.
    static func deletionHashes<C: RandomAccessCollection>(of word: C, upTo depth: Int, into out: UnsafeMutableBufferPointer<UInt64>) -> Int
        where C.Element == UInt8, C.Index == Int {
        let n = word.count, w0 = word.startIndex
        let base: UInt64 = 0x9E37_79B9_7F4A_7C15
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * (n + 1)) { buffer -> Int in
            // prefix[k]: hash of word[0..<k]; suffix[k]: hash of word[k..<n]; power[k]: Bᵏ.
            let prefix = buffer.baseAddress!, suffix = prefix + (n + 1), power = suffix + (n + 1)
            prefix[0] = 0
            power[0] = 1
            for i in 0..<n {
                prefix[i + 1] = prefix[i] &* base &+ UInt64(word[w0 + i]) &+ 1
                power[i + 1] = power[i] &* base
            }
            suffix[n] = 0
            for i in stride(from: n - 1, through: 0, by: -1) {
                suffix[i] = (UInt64(word[w0 + i]) &+ 1) &* power[n - 1 - i] &+ suffix[i + 1]
            }
            var count = 0
            out[count] = finish(prefix[n], length: n); count += 1
            for a in 0..<n {
                // Deleting one letter of a run gives the same string: delete only the run's first.
                if a > 0 && word[w0 + a] == word[w0 + a - 1] { continue }
                out[count] = finish(prefix[a] &* power[n - 1 - a] &+ suffix[a + 1], length: n - 1); count += 1
                guard depth >= 2 else { continue }
                for b in (a + 1)..<n where n > 2 {
                    if b > a + 1 && word[w0 + b] == word[w0 + b - 1] { continue }
                    let middle = prefix[b] &- prefix[a + 1] &* power[b - a - 1]
                    out[count] = finish(prefix[a] &* power[n - 2 - a] &+ middle &* power[n - 1 - b] &+ suffix[b + 1], length: n - 2)
                    count += 1
                }
            }
            return count
        }
    }

    /// Mixes the length in and spreads the bits (MurmurHash3's finalizer).
    @inline(__always)
    private static func finish(_ h: UInt64, length: Int) -> UInt64 {
        var x = h ^ (UInt64(length) &* 0xC2B2_AE3D_27D4_EB4F)
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
