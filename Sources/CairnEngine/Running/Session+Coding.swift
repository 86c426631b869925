/// The encoded form of a session (format 2): every distinct variable value once, in `values`.
///
/// `back` keeps up to `undo_depth` copies of the variables; written out one by one, a single long
/// answer would appear in every copy. Here the variables, the presets and each undo step's
/// variables are flat lists of `[name index, value index, …]` into the `names` and `values`
/// tables, and an undo step's frames are `[kind, node, undo mark or -1]` (kind 0 call, 1
/// resume), so a snapshot's size grows with what the session holds, not with how often it was
/// copied. The live stack keeps its keyed frames (`cairn explore` tells states apart by them).
///
///     {"fingerprint":"1c78…","locale":"en","misses":0,"names":["description"],"node":12,
///      "presets":[],"stack":[{"kind":"call","node":7}],"undo":[{"node":4,"stack":[[0,7,-1]],"variables":[]}],
///      "values":["my photo"],"variables":[0,0],"version":2}
extension Session {
    enum CodingKeys: String, CodingKey {
        case version, fingerprint, locale, node, ended, entry, misses, names, values, variables, presets, stack, undo
    }

    /// An undo step as written: its variables as `[name index, value index, …]`, its frames flat.
    struct Step: Codable {
        var node: Int
        var variables: [Int]
        var stack: [[Int]]
    }

    /// In an encoder's `userInfo` (any value): write only the status, stack and misses, not the
    /// variables, presets and undo steps (`cairn explore` tells states apart by these, at every state).
    public static let shapeOnly = CodingUserInfoKey(rawValue: "cairn.session.shapeOnly")!

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(locale, forKey: .locale)
        switch status {
        case .ready: break
        case .waiting(let node): try c.encode(node, forKey: .node)
        case .ended(let reason): try c.encode(reason, forKey: .ended)
        }
        try c.encodeIfPresent(entry, forKey: .entry)
        try c.encode(misses, forKey: .misses)
        if encoder.userInfo[Self.shapeOnly] != nil {
            try c.encode(stack, forKey: .stack)
            return
        }
        var tables = Tables()
        let vars = tables.flat(variables), pre = tables.flat(presets)
        let steps = undo.map { Step(node: $0.node, variables: tables.flat($0.variables), stack: Self.flat($0.stack)) }
        try c.encode(tables.names, forKey: .names)
        try c.encode(tables.values, forKey: .values)
        try c.encode(vars, forKey: .variables)
        try c.encode(pre, forKey: .presets)
        try c.encode(stack, forKey: .stack)
        try c.encode(steps, forKey: .undo)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        guard version == Session.formatVersion else {
            // Read no further: an older form has other fields.
            throw DecodingError.dataCorruptedError(forKey: .version, in: c,
                debugDescription: "session format \(version) is not supported (this engine reads \(Session.formatVersion))")
        }
        fingerprint = try c.decode(String.self, forKey: .fingerprint)
        locale = try c.decode(String.self, forKey: .locale)
        if let node = try c.decodeIfPresent(Int.self, forKey: .node) {
            status = .waiting(node: node)
        } else if let reason = try c.decodeIfPresent(EndReason.self, forKey: .ended) {
            status = .ended(reason)
        } else {
            status = .ready
        }
        entry = try c.decodeIfPresent(Int.self, forKey: .entry)
        misses = try c.decode(Int.self, forKey: .misses)
        let names = try c.decode([String].self, forKey: .names), values = try c.decode([String].self, forKey: .values)
        func dict(_ flat: [Int]) throws -> [String: String] {
            guard flat.count % 2 == 0 else { throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "odd variables list")) }
            var out: [String: String] = [:]
            for i in stride(from: 0, to: flat.count, by: 2) {
                guard names.indices.contains(flat[i]), values.indices.contains(flat[i + 1]) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "a variable index is out of range"))
                }
                out[names[flat[i]]] = values[flat[i + 1]]
            }
            return out
        }
        variables = try dict(try c.decode([Int].self, forKey: .variables))
        presets = try dict(try c.decode([Int].self, forKey: .presets))
        stack = try c.decode([Frame].self, forKey: .stack)
        undo = try c.decode([Step].self, forKey: .undo).map { s throws in
            Checkpoint(node: s.node, variables: try dict(s.variables), stack: try Self.frames(s.stack))
        }
        held.bytes = exactHeldBytes()
    }

    /// The names and values tables being built, each entry once.
    private struct Tables {
        var names: [String] = [], values: [String] = []
        var nameIndex: [String: Int] = [:], valueIndex: [String: Int] = [:]

        /// `[name index, value index, …]`, by name so the same variables always encode the same.
        mutating func flat(_ d: [String: String]) -> [Int] {
            var out: [Int] = []
            out.reserveCapacity(d.count * 2)
            for (k, v) in d.sorted(by: { $0.key < $1.key }) {
                out.append(index(k, &names, &nameIndex))
                out.append(index(v, &values, &valueIndex))
            }
            return out
        }

        private func index(_ s: String, _ table: inout [String], _ index: inout [String: Int]) -> Int {
            if let i = index[s] { return i }
            table.append(s)
            index[s] = table.count - 1
            return table.count - 1
        }
    }

    static func flat(_ frames: [Frame]) -> [[Int]] {
        frames.map { [$0.kind == .call ? 0 : 1, $0.node, $0.undoMark ?? -1] }
    }

    static func frames(_ flat: [[Int]]) throws -> [Frame] {
        try flat.map { f in
            guard f.count == 3, f[0] == 0 || f[0] == 1 else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a frame is [kind, node, undo mark]"))
            }
            return Frame(kind: f[0] == 0 ? .call : .resume, node: f[1], undoMark: f[2] < 0 ? nil : f[2])
        }
    }
}
