import CairnEngine

extension Strings {
    /// The PO file for translating into `locale`, with msgmerge's semantics: each text's current
    /// translation (from its flow file, the translation file, or Cairn's own), a translation whose
    /// source text changed since as `#, fuzzy` with the old source as `#| msgid`, drafts still
    /// fuzzy, and translations of texts the flows no longer have as `#~` obsolete entries.
    public func po(locale: String) -> POFile {
        let file = translations[locale]
        var entries: [POFile.Entry] = []
        for text in texts {
            var entry = POFile.Entry(context: text.id, id: text.source, string: "")
            if let note = text.note { entry.extractedComments.append(note) }
            let slots = SourceText.slots(text.source)
            if !slots.isEmpty {
                entry.extractedComments.append("Keep \(slots.map { "{{\($0)}}" }.joined(separator: ", ")) as written: Cairn fills it in.")
            }
            if let at = text.location { entry.references = ["\(at.file):\(at.line)"] }
            if let inline = text.inline[locale] {
                entry.strings = [inline]
                entry.extractedComments.append("Translated in the flow file itself: change it there.")
            } else if let t = file?.strings[text.id], !t.text.isEmpty {
                entry.strings = [t.text]
                if t.source != text.source {
                    entry.flags.append("fuzzy")
                    entry.previousID = t.source
                } else if t.fuzzy {
                    entry.flags.append("fuzzy")
                }
            } else if let builtIn = text.builtIn[locale] {
                entry.strings = [builtIn]
            }
            entries.append(entry)
        }
        var obsolete = file?.obsolete ?? [:]
        for (id, e) in file?.strings ?? [:] where text(id) == nil { obsolete[id] = e }
        for id in obsolete.keys.sorted() {
            let e = obsolete[id]!
            entries.append(POFile.Entry(context: id, id: e.source, string: e.text, flags: e.fuzzy ? ["fuzzy"] : [], obsolete: true))
        }
        let header: [(String, String)] = [
            ("Project-Id-Version", "cairn flows"),
            ("Language", locale),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            // Left empty for the translator's tool to fill (msgfmt --check accepts empty values).
            ("PO-Revision-Date", ""),
            ("Last-Translator", ""),
            ("Language-Team", ""),
            ("X-Generator", "cairn strings export"),
            ("X-Source-Language", defaultLocale),
        ]
        return POFile(header: header, entries: entries)
    }

    /// What an import did, for the translator.
    public struct ImportReport: Sendable, Equatable {
        /// Final translations written.
        public var imported = 0
        /// Entries with no translation (left out).
        public var untranslated = 0
        /// `#, fuzzy` entries: kept as drafts, not shown to anyone.
        public var fuzzy: [String] = []
        /// Entries whose source text is not the flows' current one (kept, out of date until re-translated).
        public var changed: [String] = []
        /// Entries for texts the flows do not have (kept under `obsolete:`).
        public var unknown: [String] = []
        /// Entries translated in the flow files themselves, whose translation differs (not imported).
        public var inline: [(id: String, location: SourceLocation?)] = []
        /// `#~` entries kept under `obsolete:`.
        public var obsolete = 0

        public init() {}

        public static func == (a: ImportReport, b: ImportReport) -> Bool {
            a.imported == b.imported && a.untranslated == b.untranslated && a.fuzzy == b.fuzzy && a.changed == b.changed
                && a.unknown == b.unknown && a.inline.map(\.id) == b.inline.map(\.id) && a.obsolete == b.obsolete
        }

        /// One line per kind of entry, for the translator.
        public var lines: [String] {
            func ids(_ list: [String]) -> String { list.prefix(5).joined(separator: ", ") + (list.count > 5 ? ", ..." : "") }
            var out = ["\(imported) translations imported, \(untranslated) entries untranslated"]
            if !fuzzy.isEmpty { out.append("\(fuzzy.count) fuzzy entries kept as drafts, not shown until the fuzzy mark is removed: \(ids(fuzzy))") }
            if !changed.isEmpty { out.append("\(changed.count) entries translate an older source text (out of date until translated again): \(ids(changed))") }
            if !unknown.isEmpty { out.append("\(unknown.count) entries are for texts the flows do not have (kept as obsolete): \(ids(unknown))") }
            for (id, at) in inline { out.append("\(id) is translated in its flow file\(at.map { " (\($0.file):\($0.line))" } ?? ""); change it there") }
            if obsolete > 0 { out.append("\(obsolete) obsolete (#~) entries kept as obsolete") }
            return out
        }
    }

    /// Why a PO file cannot be imported: the line (1-based) and what to fix, as when it cannot be read.
    public typealias ImportError = POFile.ParseError

    /// The locale a PO file is for: `--locale` when given (it must agree with the header), else
    /// the header's `Language:` (`fr_CA` read as `fr-CA`).
    public static func locale(of po: POFile, given: String?) throws(ImportError) -> String {
        let header = po.headerField("Language").map { $0.replacingOccurrences(of: "_", with: "-") }.flatMap { $0.isEmpty ? nil : $0 }
        switch (given, header) {
        case (let g?, let h?) where g != h:
            throw ImportError(line: 1, message: "the file's header says Language: \(h), not \(g)")
        case (let g?, _): return g
        case (nil, let h?): return h
        case (nil, nil): throw ImportError(line: 1, message: "the header has no 'Language:'; say which with --locale")
        }
    }

    /// Merges a translated PO file into the locale's translation file (a new one at `path` when
    /// there is none): entries the PO translates replace the file's; the others, and entries the
    /// PO leaves empty, stay as they are.
    public func merge(_ po: POFile, locale: String, path: String) throws(ImportError) -> (TranslationFile, ImportReport) {
        var file = translations[locale] ?? TranslationFile(locale: locale, sourceLocale: defaultLocale, path: path)
        var report = ImportReport()
        for e in po.entries {
            if e.idPlural != nil {
                throw ImportError(line: e.line, message: "plural forms (msgid_plural) are not used by Cairn's texts; export the file again with 'cairn strings export'")
            }
            guard let id = e.context, !id.isEmpty else {
                throw ImportError(line: e.line, message: "this entry has no msgctxt; Cairn's entries are found by their msgctxt, the string id (export the file again with 'cairn strings export')")
            }
            let entry = TranslationFile.Entry(source: e.id, text: e.string, fuzzy: e.isFuzzy)
            if e.obsolete {
                if text(id) == nil, !e.string.isEmpty { file.obsolete[id] = entry; report.obsolete += 1 }
                continue
            }
            guard !e.string.isEmpty else {
                // An older export's empty entry never wipes a translation made since.
                report.untranslated += 1
                continue
            }
            guard let current = text(id) else {
                file.strings[id] = nil
                file.obsolete[id] = entry
                report.unknown.append(id)
                continue
            }
            if let inline = current.inline[locale] {
                if inline != e.string { report.inline.append((id, current.location)) }
                continue
            }
            if current.builtIn[locale] == e.string, !e.isFuzzy, e.id == current.source {
                // Cairn's own translation, unchanged: nothing to write.
                file.strings[id] = nil
                report.imported += 1
                continue
            }
            file.strings[id] = entry
            file.obsolete[id] = nil
            if e.isFuzzy { report.fuzzy.append(id) } else if e.id != current.source { report.changed.append(id) } else { report.imported += 1 }
        }
        return (file, report)
    }
}
