/// A test on the session's variables, written by writers as plain words.
///
///     age_group is under_18
///     description is not set
///     age_group is one of under_18, prefer_not_to_say
///     topics has evidence
///     count >= 3
///     situation is shared and not (age_group is over_18)
///
/// `and` binds tighter than `or`; brackets group. Values compare without regard to case.
public indirect enum Condition: Sendable, Equatable {
    case isSet(String)
    case equals(String, String)
    case oneOf(String, [String])
    /// The comma-separated list variable contains the word.
    case has(String, String)
    case compare(String, Comparison, Double)
    case not(Condition)
    case and([Condition])
    case or([Condition])

    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=", notEqual = "!="
    }

    /// Evaluates the condition against variable values. An unset variable equals nothing and is not a number.
    public func evaluate(_ vars: [String: String]) -> Bool {
        switch self {
        case .isSet(let v): return !(vars[v] ?? "").isEmpty
        case .equals(let v, let value): return vars[v].map { $0.caseInsensitiveEquals(value) } ?? false
        case .oneOf(let v, let values):
            guard let x = vars[v] else { return false }
            return values.contains { $0.caseInsensitiveEquals(x) }
        case .has(let v, let word):
            guard let list = vars[v] else { return false }
            return Self.list(list, contains: word)
        case .compare(let v, let op, let n):
            guard let s = vars[v], let x = Double(s) else { return false }
            switch op {
            case .less: return x < n
            case .lessOrEqual: return x <= n
            case .greater: return x > n
            case .greaterOrEqual: return x >= n
            case .equal: return x == n
            case .notEqual: return x != n
            }
        case .not(let c): return !c.evaluate(vars)
        case .and(let cs): return cs.allSatisfy { $0.evaluate(vars) }
        case .or(let cs): return cs.contains { $0.evaluate(vars) }
        }
    }

    /// Every variable the condition reads.
    public var variables: [String] {
        switch self {
        case .isSet(let v), .equals(let v, _), .oneOf(let v, _), .has(let v, _), .compare(let v, _, _): [v]
        case .not(let c): c.variables
        case .and(let cs), .or(let cs): cs.flatMap(\.variables)
        }
    }
}

extension Condition {
    /// Whether the comma-separated `list` holds `word` (items trimmed, case ignored): what `has`
    /// tests and `add` keeps from repeating. ASCII text is compared byte by byte, without copies.
    static func list(_ list: String, contains word: String) -> Bool {
        if let found = ASCIIText.withBytes(list, { l in ASCIIText.withBytes(word) { w in ASCIIText.list(l, contains: w) } }) ?? nil {
            return found
        }
        return list.split(separator: ",").contains { $0.trimmingWhitespace().caseInsensitiveEquals(word) }
    }
}

/// Byte paths for ASCII lists and words (`ASCIIText.withBytes` gives the bytes of ASCII text only).
extension ASCIIText {
    static func list(_ list: UnsafeBufferPointer<UInt8>, contains word: UnsafeBufferPointer<UInt8>) -> Bool {
        let w = 0..<word.count
        var start = 0
        for i in 0...list.count where i == list.count || list[i] == UInt8(ascii: ",") {
            let item = trimmed(list, start, i)
            if i > start, equalFolded(list, item, word, w) { return true }
            start = i + 1
        }
        return false
    }

    /// `a` and `b`, both ASCII, are equal ignoring case.
    static func equalFolded(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        for x in a where x >= 0x80 { return nil }
        for x in b where x >= 0x80 { return nil }
        return equalFolded(a, 0..<a.count, b, 0..<b.count)
    }

    private static func equalFolded(_ a: UnsafeBufferPointer<UInt8>, _ ra: Range<Int>, _ b: UnsafeBufferPointer<UInt8>, _ rb: Range<Int>) -> Bool {
        guard ra.count == rb.count else { return false }
        for k in 0..<ra.count where fold(a[ra.lowerBound + k]) != fold(b[rb.lowerBound + k]) { return false }
        return true
    }

    @inline(__always) private static func fold(_ b: UInt8) -> UInt8 { (b &- 0x41) < 26 ? b | 0x20 : b }
    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b &- 0x09) < 5 }

    private static func trimmed(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
        var a = start, b = end
        while a < b, isSpace(s[a]) { a += 1 }
        while b > a, isSpace(s[b - 1]) { b -= 1 }
        return a..<b
    }
}

extension StringProtocol {
    func caseInsensitiveEquals<T: StringProtocol>(_ other: T) -> Bool {
        if let equal = utf8.withContiguousStorageIfAvailable({ a in other.utf8.withContiguousStorageIfAvailable { b in ASCIIText.equalFolded(a, b) } }),
           let equal, let equal { return equal }
        return lowercased() == other.lowercased()
    }
}

extension Condition: CustomStringConvertible {
    /// The condition in the writers' words, as `Condition.parse` reads it: `age_group is under_18`,
    /// `description is not set`, `topics has evidence and not (count >= 3)`.
    public var description: String {
        func value(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
        func grouped(_ c: Condition) -> String {
            switch c {
            case .and, .or: "(\(c))"
            default: c.description
            }
        }
        switch self {
        case .isSet(let v): return "\(v) is set"
        case .equals(let v, let x): return "\(v) is \(x)"
        case .oneOf(let v, let xs): return "\(v) is one of \(xs.joined(separator: ", "))"
        case .has(let v, let w): return "\(v) has \(w)"
        case .compare(let v, let op, let n): return "\(v) \(op.rawValue) \(value(n))"
        case .not(.isSet(let v)): return "\(v) is not set"
        case .not(.equals(let v, let x)): return "\(v) is not \(x)"
        case .not(let c): return "not \(grouped(c))"
        case .and(let cs): return cs.map { if case .or = $0 { "(\($0))" } else { $0.description } }.joined(separator: " and ")
        case .or(let cs): return cs.map(\.description).joined(separator: " or ")
        }
    }
}
