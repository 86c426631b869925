import Foundation

/// What a free-text question accepts, and how the answer is stored.
public enum Expectation: Sendable {
    /// Anything, even empty; stored trimmed.
    case text
    /// Any non-blank text; stored trimmed.
    case nonEmpty
    /// yes/no and their everyday forms; stored as `yes` or `no`.
    case yesNo
    /// A whole number within optional bounds; stored as digits.
    case number(min: Int?, max: Int?)
    /// One of the listed words (typos tolerated); stored as listed.
    case oneOf([String])
    /// Text the regular expression matches as a whole; stored trimmed.
    case pattern(Pattern)

    /// The wire name used in `ask` events and in flow files.
    public var name: String {
        switch self {
        case .text: "text"
        case .nonEmpty: "non_empty"
        case .yesNo: "yes_no"
        case .number: "number"
        case .oneOf: "one_of"
        case .pattern: "pattern"
        }
    }

    /// Whether the question's answer is the person's own words (never shareable).
    public var isFreeText: Bool {
        switch self {
        case .text, .nonEmpty, .pattern: true
        case .yesNo, .number, .oneOf: false
        }
    }
}

/// A compiled regular expression for `expect: pattern`. Immutable once made.
public struct Pattern: @unchecked Sendable {
    public let source: String
    let regex: NSRegularExpression

    /// Compiles `source`; throws Foundation's error for an invalid expression.
    public init(_ source: String) throws {
        self.source = source
        self.regex = try NSRegularExpression(pattern: "^(?:\(source))$", options: [])
    }

    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
