import CairnEngine

/// Every text of a set of flows that a translator can translate, and the translation files found
/// beside them: what `cairn strings export` writes and `cairn strings import` merges into.
///
/// Texts keep the order the loader met them in (settings, then each flow file's nodes), which is
/// the order of the PO file. Ids are stable while the flows keep their node and choice ids
/// (docs/translations.md).
public struct Strings: Sendable {
    public var texts: [SourceText]
    /// By locale code.
    public var translations: [String: TranslationFile]
    /// The settings' locale: the language every text is written in first.
    public var defaultLocale: String

    public init(texts: [SourceText] = [], translations: [String: TranslationFile] = [:], defaultLocale: String = "en") {
        self.texts = texts
        self.translations = translations
        self.defaultLocale = defaultLocale
    }

    /// The text with string id `id`, if the flows have it.
    public func text(_ id: String) -> SourceText? { texts.first { $0.id == id } }
}

/// One translatable text: a message, a choice label, a retry line, a settings text or one of
/// Cairn's own lines.
public struct SourceText: Sendable, Equatable {
    /// Stable id, such as `welcome.start.say`, `menu.main.choice.removal`, `settings.texts.which_one`.
    public var id: String
    /// The text in the default locale, as written (with `{{slots}}`).
    public var source: String
    /// Where it is written; nil for Cairn's own texts that settings do not override.
    public var location: SourceLocation?
    /// For translators: when it is shown (its condition), or that it is Cairn's own.
    public var note: String?
    /// Translations written in the flow file itself (`fr:` under the text), by locale.
    public var inline: [String: String]
    /// Cairn's own translations of a built-in text, by locale.
    public var builtIn: [String: String]
    /// The locales a session sees this text in (inline, a translation file, or built in).
    public var translated: Set<String>

    public init(id: String, source: String, location: SourceLocation?, note: String? = nil,
                inline: [String: String] = [:], builtIn: [String: String] = [:], translated: Set<String> = []) {
        self.id = id
        self.source = source
        self.location = location
        self.note = note
        self.inline = inline
        self.builtIn = builtIn
        self.translated = translated
    }

    /// The `{{slot}}` names of a text as written, in order, for comparing a translation with its source.
    public static func slots(_ text: String) -> [String] {
        guard let t = try? Template.parse(text) else { return [] }
        return t.variables
    }
}
