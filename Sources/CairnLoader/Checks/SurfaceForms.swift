import CairnEngine

/// The plain words a term answers to, as the engine normalizes them, for overlap checks: a
/// keyword's or label's own words, and for `~concept` every plain member (through nested concepts).
/// Patterns with gaps or alternatives have no fixed form and are left out.
final class SurfaceForms {
    let lexicon: Lexicon
    let defaultLocale: String
    /// One normalizer per locale (making one reads the whole table), and the forms found so far.
    private var normalizers: [String: TextNormalizer] = [:]
    private var cache: [String: [(form: String, via: String?)]] = [:]
    private var stems: [String: String?] = [:]
    /// Parses a pattern (the compiler's, which parses each text once).
    private let parse: (String) -> [PatternPiece]?

    init(_ lexicon: Lexicon, defaultLocale: String, parse: @escaping (String) -> [PatternPiece]? = { try? PatternSyntax.parse($0) }) {
        self.lexicon = lexicon
        self.defaultLocale = defaultLocale
        self.parse = parse
    }

    func normalizer(_ locale: String) -> TextNormalizer {
        if let n = normalizers[locale] { return n }
        let lexicon = lexicon.lexicon(for: locale)
        let n = BuiltInLexicon.sharedNormalizer(for: lexicon, locale: locale) ?? TextNormalizer(lexicon, locale: locale)
        normalizers[locale] = n
        return n
    }

    /// `(form, concept it came through)` for each plain form of `source`.
    func of(_ source: String, locale: String) -> [(form: String, via: String?)] {
        let key = locale + "\u{0}" + source
        if let done = cache[key] { return done }
        var seen = Set<String>()
        let out = forms(source, locale: locale, via: nil, seen: &seen)
        cache[key] = out
        return out
    }

    private func forms(_ source: String, locale: String, via: String?, seen: inout Set<String>) -> [(form: String, via: String?)] {
        guard let pieces = parse(source) else { return [] }
        if pieces.count == 1, case .concept(let name) = pieces[0] {
            guard seen.insert(name).inserted, let def = lexicon.lexicon(for: locale).concepts[name] else { return [] }
            return def.members.flatMap { forms($0.source, locale: locale, via: via ?? name, seen: &seen) }
        }
        guard !PatternSyntax.isPattern(pieces) else { return [] }
        let text = normalizer(locale).tokens(source).text
        return text.isEmpty ? [] : [(text, via)]
    }

    /// The stem of a one-word form.
    func stem(_ word: String, locale: String) -> String? {
        let key = locale + "\u{0}" + word
        if let done = stems[key] { return done }
        let stem = normalizer(locale).tokens(word).first?.stem
        stems[key] = stem
        return stem
    }
}
