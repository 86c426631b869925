extension Expectation {
    static let yesWords: Set<String> = ["yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "oui"]
    static let noWords: Set<String> = ["no", "n", "nope", "nah", "non", "not really"]

    /// The value to store for an answer, or nil when the answer does not fit.
    public func accept(_ raw: String, normalized text: String) -> String? {
        let trimmed = String(raw.trimmingWhitespace())
        switch self {
        case .text:
            return trimmed
        case .nonEmpty:
            return trimmed.isEmpty ? nil : trimmed
        case .yesNo:
            if Self.yesWords.contains(text) { return "yes" }
            if Self.noWords.contains(text) { return "no" }
            return nil
        case .number(let min, let max):
            guard let n = Int(text.replacingOccurrences(of: " ", with: "")) else { return nil }
            if let min, n < min { return nil }
            if let max, n > max { return nil }
            return String(n)
        case .oneOf(let values):
            let terms = values.map { Matcher.Terms(label: normalize($0), keywords: []) }
            if case .matched(let i, let rule) = Matcher.match(text, terms), rule != .number { return values[i] }
            return nil
        case .pattern(let pattern):
            return pattern.matches(trimmed) ? trimmed : nil
        }
    }
}
