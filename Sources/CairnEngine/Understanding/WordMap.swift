/// A read-only map from words to values, for the lookups every answer word makes (its id, stem,
/// rewrites, negation). Swift's `Dictionary` hashes a `String` with SipHash, about 400
/// instructions for a short word; this map hashes its UTF-8 bytes with FNV-1a and probes an
/// open-addressing table, about a tenth of that. Built once at load from a dictionary.
struct WordMap<Value: Sendable>: Sendable {
    private let keys: [String]
    private let values: [Value]
    private let hashes: [UInt32]
    /// Indexes into `keys` (−1: empty), a power of two long.
    private let slots: [Int32]

    init(_ map: [String: Value]) {
        var size = 8
        while size < map.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        var keys: [String] = [], values: [Value] = [], hashes: [UInt32] = []
        keys.reserveCapacity(map.count)
        for key in map.keys.sorted() {
            let h = Self.hash(key)
            var i = Int(h) & (size - 1)
            while slots[i] >= 0 { i = (i + 1) & (size - 1) }
            slots[i] = Int32(keys.count)
            keys.append(key)
            values.append(map[key]!)
            hashes.append(h)
        }
        self.keys = keys
        self.values = values
        self.hashes = hashes
        self.slots = slots
    }

    init() { self.init([:]) }

    /// A set of words (each maps to true).
    init<S: Sequence<String>>(set words: S) where Value == Bool {
        self.init(Dictionary(words.map { ($0, true) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Every key with its value, in the order they were stored.
    var pairs: Zip2Sequence<[String], [Value]> { zip(keys, values) }

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }

    subscript(_ key: String) -> Value? {
        let h = Self.hash(key)
        let mask = slots.count - 1
        var i = Int(h) & mask
        while true {
            let k = Int(slots[i])
            if k < 0 { return nil }
            if hashes[k] == h && keys[k] == key { return values[k] }
            i = (i + 1) & mask
        }
    }

    func contains(_ key: String) -> Bool { self[key] != nil }

    @inline(__always)
    static func hash(_ key: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        if let done = key.utf8.withContiguousStorageIfAvailable({ bytes -> UInt32 in
            var h = h
            for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
            return h
        }) { h = done } else {
            for b in key.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        }
        // Mix the high bits down, so the table's low bits see every byte.
        return h ^ (h >> 15)
    }
}

/// The words that are global commands or quick exits, found with one lookup per answer.
struct CommandWords: Sendable {
    struct Entry: Sendable {
        /// Index into `commands`, or -1.
        let command: Int32
        let exit: Bool
    }

    private let map: WordMap<Entry>
    private let commands: [Command]

    init(commands byWord: [String: Command], exits: Set<String>) {
        var commands: [Command] = []
        var entries: [String: Entry] = [:]
        for word in Set(byWord.keys).union(exits).sorted() {
            var index: Int32 = -1
            if let c = byWord[word] {
                index = Int32(commands.count)
                commands.append(c)
            }
            entries[word] = Entry(command: index, exit: exits.contains(word))
        }
        self.map = WordMap(entries)
        self.commands = commands
    }

    subscript(_ word: String) -> Entry? { map[word] }

    func command(_ entry: Entry?) -> Command? {
        guard let entry, entry.command >= 0 else { return nil }
        return commands[Int(entry.command)]
    }
}
