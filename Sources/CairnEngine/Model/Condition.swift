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
            return list.split(separator: ",").contains { $0.trimmingWhitespace().caseInsensitiveEquals(word) }
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

extension StringProtocol {
    func caseInsensitiveEquals<T: StringProtocol>(_ other: T) -> Bool {
        lowercased() == other.lowercased()
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
