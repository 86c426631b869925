/// The Snowball stemmer of a language: `Stemmer.english.stem("blackmailing")` is "blackmail".
///
/// The algorithms are Snowball's (https://snowballstem.org): English is "Porter2", the current
/// `english` algorithm (`EnglishStemmer.swift`), French is `french` (`FrenchStemmer.swift`). Both
/// give exactly what the reference implementation gives (PyPI `snowballstemmer` 3.1), which
/// `StemmerTests` checks against word lists it produced (`Tests/CairnEngineTests/Fixtures`).
public enum Stemmer: String, Sendable, CaseIterable {
    case english = "en", french = "fr"

    /// The stemmer for a locale code ("en", "en-CA", "fr", "fr_CA"), nil when there is none.
    /// The language part is read without regard to case ("EN-ca" is English).
    public init?(locale: String) {
        var language = ""
        for scalar in locale.unicodeScalars {
            if scalar == "-" || scalar == "_" { break }
            guard scalar.isASCII else { return nil }
            let byte = UInt8(scalar.value)
            language.unicodeScalars.append(Unicode.Scalar(byte >= 65 && byte <= 90 ? byte + 32 : byte))
        }
        self.init(rawValue: language)
    }

    /// The stem of one lower-case word (letters, digits; may hold accents for French). Words the
    /// algorithm leaves alone come back unchanged.
    public func stem(_ word: String) -> String {
        switch self {
        case .english: EnglishStemmer.stem(word)
        case .french: FrenchStemmer.stem(word)
        }
    }
}
