import CairnEngine

/// A translation file beside the flows, `Flows/locales/fr.yaml`: one locale's texts by string id,
/// each with the source text it was translated from, so a changed source shows up as out of date.
///
/// Written by `cairn strings import`, one entry per text in the flows' order, so a diff shows one
/// changed entry per changed text; the writers' flow files are never rewritten.
///
///     translations: fr
///     strings:
///       welcome.start.say:
///         en: "Hi. I'm here to help."
///         fr: "Salut. Je suis là pour t'aider."
///       menu.main.choice.legal:
///         en: "The law"
///         fr: "La loi"
///         fuzzy: true           # a translator's draft: kept, not shown
///     obsolete:                 # texts no longer in the flows, kept for the translator
///       menu.old.say: { en: "...", fr: "..." }
public struct TranslationFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The source-locale text this translates.
        public var source: String
        public var text: String
        /// A draft (PO `#, fuzzy`): kept for the translator, never shown to a person.
        public var fuzzy: Bool
        /// Where the translation is written (line of its text), when read from a file.
        public var location: SourceLocation?

        public init(source: String, text: String, fuzzy: Bool = false, location: SourceLocation? = nil) {
            self.source = source
            self.text = text
            self.fuzzy = fuzzy
            self.location = location
        }
    }

    public var locale: String
    public var sourceLocale: String
    public var path: String
    public var strings: [String: Entry]
    public var obsolete: [String: Entry]

    public init(locale: String, sourceLocale: String, path: String, strings: [String: Entry] = [:], obsolete: [String: Entry] = [:]) {
        self.locale = locale
        self.sourceLocale = sourceLocale
        self.path = path
        self.strings = strings
        self.obsolete = obsolete
    }

    /// The file's YAML: `order` first (the flows' string ids, in their order), then any other
    /// entries sorted by id, then the obsolete ones sorted by id. Every text is double-quoted with
    /// escapes, so no text can be misread as YAML.
    public func yaml(order: [String]) -> String {
        var out = ["# yaml-language-server: $schema=../../docs/schema/translations.schema.json",
                   "# Translations of the flows into '\(locale)', by string id (docs/translations.md).",
                   "# Written by `cairn strings import`: translate with `cairn strings export --locale \(locale)`",
                   "# and a PO editor. '\(sourceLocale):' is the text each translation was made from.",
                   "",
                   "translations: \(locale)"]
        func entry(_ id: String, _ e: Entry, indent: String) {
            out.append("\(indent)\(Self.key(id)):")
            out.append("\(indent)  \(sourceLocale): \(Self.quoted(e.source))")
            out.append("\(indent)  \(locale): \(Self.quoted(e.text))")
            if e.fuzzy { out.append("\(indent)  fuzzy: true") }
        }
        var written: Set<String> = []
        let ids = order.filter { strings[$0] != nil && written.insert($0).inserted }
            + strings.keys.filter { !order.contains($0) }.sorted()
        out.append(ids.isEmpty ? "strings: {}" : "strings:")
        for id in ids { entry(id, strings[id]!, indent: "  ") }
        if !obsolete.isEmpty {
            out.append("obsolete:")
            for id in obsolete.keys.sorted() { entry(id, obsolete[id]!, indent: "  ") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A string id as a YAML key: plain when it is only letters, digits and `_ . ~ -`.
    static func key(_ id: String) -> String {
        let plain = !id.isEmpty && id.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains(Character($0)))) || "_.~-".unicodeScalars.contains($0)
        } && id.first!.isLetter
        return plain ? id : quoted(id)
    }

    /// A YAML double-quoted scalar: `\`, `"` and every control or invisible line-breaking character escaped.
    static func quoted(_ s: String) -> String {
        doubleQuoted(s) { u in
            guard u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || [0x2028, 0x2029, 0xFEFF].contains(u.value) else {
                return nil
            }
            let hex = String(u.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
