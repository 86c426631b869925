/// A value with per-locale variants that falls back to the default locale's value.
///
/// `Localized("Hi", ["fr": "Salut"]).value(for: "fr")` is "Salut"; for "de" it is "Hi".
public struct Localized<Value: Sendable>: Sendable {
    public let base: Value
    public let variants: [String: Value]

    public init(_ base: Value, _ variants: [String: Value] = [:]) {
        self.base = base
        self.variants = variants
    }

    /// The variant for `locale`, else the language part of it (`fr` for `fr-CA`), else the default.
    public func value(for locale: String) -> Value {
        if variants.isEmpty { return base }
        if variants.count <= 4 {
            // A few languages: comparing the keys costs less than hashing the locale.
            for (key, v) in variants where key == locale { return v }
        } else if let v = variants[locale] { return v }
        if let dash = locale.firstIndex(where: { $0 == "-" || $0 == "_" }), let v = variants[String(locale[..<dash])] {
            return v
        }
        return base
    }

    /// Every value, default first.
    public var all: [Value] { [base] + variants.keys.sorted().compactMap { variants[$0] } }
}
