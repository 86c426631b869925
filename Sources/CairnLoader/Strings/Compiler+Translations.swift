import CairnEngine
import Yams

extension Compiler {
    /// Reads a `translations: LOCALE` file (see `TranslationFile`).
    func readTranslations(_ root: Yams.Node, _ r: inout Reader) {
        guard let entries = r.entries(root, "a translation file", allowed: ["translations", "strings", "obsolete"]),
              let head = entries.first(where: { $0.key == "translations" }),
              let locale = r.string(head.value, "the locale of the translations") else { return }
        guard isLocale(locale) else {
            r.error(.badValue, head.value, "'\(Self.excerpt(locale))' is not a language code like fr or fr-CA")
            return
        }
        guard locale != defaultLocale else {
            r.error(.badValue, head.value, "these are translations into '\(locale)', the language the flows are written in (settings.locale); name another language")
            return
        }
        if let other = translationFiles[locale] {
            r.error(.duplicateID, head.value, "translations into '\(locale)' are already in \(other.path); keep one file per language")
            return
        }
        var file = TranslationFile(locale: locale, sourceLocale: defaultLocale, path: r.file)
        func read(_ node: Yams.Node, _ what: String) -> [String: TranslationFile.Entry] {
            guard case .mapping = node else {
                // `strings: {}` is an empty mapping; anything else is a mistake.
                r.error(.wrongType, node, "\(what) should be a mapping of string ids, each with '\(defaultLocale):' and '\(locale):'")
                return [:]
            }
            var out: [String: TranslationFile.Entry] = [:]
            for e in r.entries(node, what) ?? [] {
                guard let fields = r.entries(e.value, "the translation of '\(Self.excerpt(e.key))'", allowed: [defaultLocale, locale, "fuzzy"]) else { continue }
                let get = { (key: String) in fields.first { $0.key == key }?.value }
                guard let sourceNode = get(defaultLocale), let textNode = get(locale) else {
                    r.error(.missingKey, e.keyNode, "the translation of '\(Self.excerpt(e.key))' needs '\(defaultLocale):' (the text it translates) and '\(locale):'")
                    continue
                }
                guard let source = r.string(sourceNode, defaultLocale), let text = r.string(textNode, locale) else { continue }
                let fuzzy = get("fuzzy").flatMap { r.bool($0, "fuzzy") } ?? false
                out[e.key] = TranslationFile.Entry(source: source, text: text, fuzzy: fuzzy, location: r.location(textNode))
            }
            return out
        }
        for e in entries {
            switch e.key {
            case "strings": file.strings = read(e.value, "strings")
            case "obsolete": file.obsolete = read(e.value, "obsolete")
            default: break
            }
        }
        translationFiles[locale] = file
        translationLocations[locale] = r.location(head.value)
    }

    /// Records a writer's text under its string id and adds the translation files' variants for
    /// it, where the flow file gives none in that locale.
    func translate(_ text: Localized<Template>, id: String, source node: Yams.Node, note: String?, _ r: inout Reader) -> Localized<Template> {
        var inline: [String: String] = [:]
        var source = ""
        switch node {
        case .scalar(let s): source = s.string
        case .mapping(let m):
            for (k, v) in m {
                guard case .scalar(let key) = k, case .scalar(let value) = v else { continue }
                if key.string == defaultLocale { source = value.string } else { inline[key.string] = value.string }
            }
        default: break
        }
        var variants = text.variants
        for (locale, file) in translationFiles where variants[locale] == nil {
            if let t = usable(file.strings[id], id: id, source: source, base: text.base, locale: locale) { variants[locale] = t }
        }
        record(SourceText(id: id, source: source, location: r.location(node), note: note, inline: inline,
                          translated: Set(variants.keys)))
        return Localized(text.base, variants)
    }

    /// One of Cairn's own texts, not overridden in settings: its built-in translations, replaced
    /// by the translation files' entries where they have one.
    func builtInText(_ text: Localized<Template>, id: String) -> Localized<Template> {
        let source = text.base.literal ?? ""
        var variants = text.variants
        for (locale, file) in translationFiles {
            if let t = usable(file.strings[id], id: id, source: source, base: text.base, locale: locale) { variants[locale] = t }
        }
        record(SourceText(id: id, source: source, location: nil, note: "one of Cairn's own lines (settings can override it)",
                          builtIn: text.variants.compactMapValues(\.literal), translated: Set(variants.keys)))
        return Localized(text.base, variants)
    }

    private func record(_ text: SourceText) {
        var text = text
        if stringIndex[text.id] != nil {
            var k = 2
            while stringIndex["\(text.id)~\(k)"] != nil { k += 1 }
            text.id = "\(text.id)~\(k)"
        }
        stringIndex[text.id] = strings.count
        strings.append(text)
    }

    /// A translation entry as a template, when it is final and made from the current source text.
    private func usable(_ entry: TranslationFile.Entry?, id: String, source: String, base: Template, locale: String) -> Template? {
        guard let entry, !entry.fuzzy, entry.source == source,
              !entry.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        let at = entry.location ?? SourceLocation(file: translationFiles[locale]?.path ?? "", line: 1, column: 1)
        do {
            let t = try Template.parse(entry.text)
            if Set(t.variables) != Set(base.variables) {
                let mine = t.variables.isEmpty ? "no slots" : t.variables.map { "{{\(Self.excerpt($0))}}" }.joined(separator: ", ")
                let theirs = base.variables.isEmpty ? "no slots" : base.variables.map { "{{\(Self.excerpt($0))}}" }.joined(separator: ", ")
                diagnostics.append(.init(.warning, .translationSlots, at: at,
                                         "the '\(locale)' text of '\(Self.excerpt(id))' has \(mine) but the source has \(theirs); keep the slots as they are (translate only the words around them)"))
            }
            return t
        } catch {
            diagnostics.append(.init(.error, .badTemplate, at: at, "\(error.message) in the '\(locale)' text of '\(Self.excerpt(id))'"))
            return nil
        }
    }

    /// Per locale with translations (a translation file, or texts in the flow files): how many
    /// texts a session in that locale sees in the default locale instead, and translations left
    /// for texts the flows no longer have.
    func checkTranslations(settingsLocation: SourceLocation) {
        var locales = Set(translationFiles.keys)
        for s in strings { locales.formUnion(s.inline.keys) }
        locales.remove(defaultLocale)
        for locale in locales.sorted() {
            let at = translationLocations[locale] ?? settingsLocation
            let file = translationFiles[locale]
            let lang = locale.split(separator: "-").first.map(String.init) ?? locale
            let missing = strings.filter { !$0.translated.contains(locale) && !$0.translated.contains(lang) }
            if !missing.isEmpty {
                var stale = 0, fuzzy = 0
                for s in missing {
                    guard let e = file?.strings[s.id] else { continue }
                    if e.fuzzy { fuzzy += 1 } else if e.source != s.source { stale += 1 }
                }
                var why: [String] = []
                if stale > 0 { why.append("\(stale) out of date (the \(defaultLocale) text changed since)") }
                if fuzzy > 0 { why.append("\(fuzzy) fuzzy (drafts, not shown)") }
                let first = missing.prefix(5).map(\.id).joined(separator: ", ") + (missing.count > 5 ? ", ..." : "")
                diagnostics.append(.init(.warning, .missingTranslation, at: at,
                    "'\(locale)': \(missing.count) of \(strings.count) texts \(missing.count == 1 ? "has" : "have") no translation\(why.isEmpty ? "" : " (\(why.joined(separator: ", ")))"), so sessions in '\(locale)' show \(missing.count == 1 ? "it" : "them") in '\(defaultLocale)': \(first); translate them with 'cairn strings export --locale \(locale)' and 'cairn strings import'"))
            }
            if let file {
                let gone = file.strings.keys.filter { stringIndex[$0] == nil }.sorted()
                if !gone.isEmpty {
                    let first = gone.prefix(5).joined(separator: ", ") + (gone.count > 5 ? ", ..." : "")
                    diagnostics.append(.init(.warning, .obsoleteTranslation, at: file.strings[gone[0]]?.location ?? at,
                        "\(gone.count) '\(locale)' \(gone.count == 1 ? "translation is for a text" : "translations are for texts") the flows no longer have: \(first); 'cairn strings export' then 'cairn strings import' moves them under 'obsolete:'"))
                }
            }
            checkCommandWords(locale, at: at)
        }
    }

    /// A locale whose sessions have no words of their own for some commands (only the default's work).
    private func checkCommandWords(_ locale: String, at: SourceLocation) {
        var lacking: [String] = []
        for kind in Command.Kind.allCases {
            var extra = Command.builtInLocaleWords(kind)
            for (l, list) in settings?.commands[kind]?.localeWords ?? [:] { extra[l] = list }
            let lang = locale.split(separator: "-").first.map(String.init) ?? locale
            if (extra[locale] ?? extra[lang] ?? []).isEmpty { lacking.append(kind.rawValue) }
        }
        guard !lacking.isEmpty else { return }
        diagnostics.append(.init(.warning, .missingCommandWords, at: at,
            "'\(locale)' sessions have no words of their own for \(lacking.joined(separator: ", ")) (only the '\(defaultLocale)' words work); add them in settings, like 'commands: { help: { words: { \(defaultLocale): [help], \(locale): [...] } } }'"))
    }

    /// What the loader tells `cairn strings`: every text and the translation files.
    /// The settings' texts come first (Cairn's own lines among them), then each flow's in order.
    var stringTable: Strings {
        let settingsFirst = strings.filter { $0.id.hasPrefix("settings.") } + strings.filter { !$0.id.hasPrefix("settings.") }
        return Strings(texts: settingsFirst, translations: translationFiles, defaultLocale: defaultLocale)
    }
}
