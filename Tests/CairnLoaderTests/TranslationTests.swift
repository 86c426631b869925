import CairnEngine
import CairnLoader
import Foundation
import Testing

/// Translation files beside the flows: how they become locale variants, and export and import
/// with msgmerge's semantics, in memory.
@Suite("Translations")
struct TranslationTests {
    static let flow = """
        flow: main
        title: Main
        start: hello
        nodes:
          hello:
            say:
              - Hi {{name or "you"}}.
              - text: You came back.
                if: seen is set
            choices:
              - label: Go on
                id: next
                set: { seen: "yes" }
                go: ask
              - label: { en: Stop, fr: Arrêter }
                id: stop
                end: completed
          ask:
            say: What should I call you?
            ask: name
            retry: A few words, please.
            end: completed
        """

    static func load(_ files: [String: String]) -> FlowLoader.Result {
        FlowLoader.load(files: files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) })
    }

    static func say(_ graph: Graph, locale: String, _ inputs: [String] = []) throws -> [String] {
        let engine = Engine(graph: graph)
        var session = Session(graph: graph, locale: locale)
        var out: [String] = []
        func collect(_ events: [Event]) {
            for e in events {
                if case .say(let s) = e { out.append(s) }
                if case .choices(let options) = e { out += options.map(\.label) }
            }
        }
        collect(try engine.step(&session, .start))
        for input in inputs { collect(try engine.step(&session, .text(input))) }
        return out
    }

    @Test func everyTextHasAStableIDAndItsPosition() throws {
        let result = Self.load(["main.yaml": Self.flow])
        let ids = result.strings.texts.map(\.id)
        #expect(Array(ids.prefix(2)) == ["settings.reprompt.first", "settings.reprompt.second"], "settings first, Cairn's own lines among them")
        for id in ["main.hello.say", "main.hello.say.2", "main.hello.choice.next", "main.hello.choice.stop", "main.ask.say", "main.ask.retry",
                   "settings.texts.which_one", "settings.texts.ended"] {
            #expect(ids.contains(id), "\(id) in \(ids)")
        }
        let second = try #require(result.strings.text("main.hello.say.2"))
        #expect(second.note == "shown only if seen is set")
        #expect(second.location?.line == 8)
        #expect(result.strings.text("main.hello.choice.stop")?.inline == ["fr": "Arrêter"])
        #expect(result.strings.text("settings.texts.which_one")?.location == nil)
    }

    @Test func aTranslationFileTranslatesASession() throws {
        let fr = """
            translations: fr
            strings:
              main.hello.say:
                en: "Hi {{name or \\"you\\"}}."
                fr: "Salut {{name or \\"toi\\"}}."
              main.hello.choice.next:
                en: Go on
                fr: Continuer
              main.ask.say:
                en: What should I call you?
                fr: Comment veux-tu que je t'appelle?
                fuzzy: true
            """
        let result = Self.load(["main.yaml": Self.flow, "locales/fr.yaml": fr])
        let graph = try #require(result.graph, "\(result.diagnostics)")
        #expect(try Self.say(graph, locale: "fr") == ["Salut toi.", "Continuer", "Arrêter"])
        #expect(try Self.say(graph, locale: "fr-CA") == ["Salut toi.", "Continuer", "Arrêter"], "fr-CA falls back to fr")
        #expect(try Self.say(graph, locale: "en") == ["Hi you.", "Go on", "Stop"])
        // A fuzzy entry is a draft: the English shows; Cairn's own lines are French.
        #expect(try Self.say(graph, locale: "fr", ["zzz", "continuer"]) == ["Salut toi.", "Continuer", "Arrêter", "Désolé, je n'ai pas compris.",
                                                                         "Continuer", "Arrêter", "What should I call you?"])
        let warning = try #require(result.diagnostics.first { $0.code == .missingTranslation })
        #expect(warning.location == SourceLocation(file: "locales/fr.yaml", line: 1, column: 15))
        #expect(warning.message.contains("'fr': 3 of 18 texts have no translation (1 fuzzy (drafts, not shown))"), "\(warning.message)")
        #expect(warning.message.contains(": main.hello.say.2, main.ask.say, main.ask.retry;"), "the first ids: \(warning.message)")
    }

    @Test func aChangedSourceTextIsOutOfDateUntilTranslatedAgain() throws {
        let fr = "translations: fr\nstrings:\n  main.hello.choice.next:\n    en: Go\n    fr: Vas-y\n"
        let result = Self.load(["main.yaml": Self.flow, "locales/fr.yaml": fr])
        let graph = try #require(result.graph)
        #expect(try Self.say(graph, locale: "fr").contains("Go on"), "not the translation of another text")
        #expect(result.diagnostics.contains { $0.message.contains("(1 out of date (the en text changed since))") })
        let po = result.strings.po(locale: "fr")
        let entry = try #require(po.entries.first { $0.context == "main.hello.choice.next" })
        #expect(entry.isFuzzy && entry.previousID == "Go" && entry.string == "Vas-y", "msgmerge: the old translation, fuzzy, with the old msgid")
    }

    @Test func exportShowsWhereEachTranslationComesFrom() throws {
        let fr = "translations: fr\nstrings:\n  gone.node.say:\n    en: Old\n    fr: Vieux\n"
        let result = Self.load(["main.yaml": Self.flow, "locales/fr.yaml": fr])
        let po = result.strings.po(locale: "fr")
        func entry(_ id: String) -> POFile.Entry? { po.entries.first { $0.context == id } }
        #expect(entry("main.hello.choice.stop")?.string == "Arrêter", "inline in the flow file")
        #expect(entry("main.hello.choice.stop")?.extractedComments.contains("Translated in the flow file itself: change it there.") == true)
        #expect(entry("settings.texts.which_one")?.string == "Lequel de ces choix voulais-tu dire?", "Cairn's own French")
        #expect(entry("main.hello.say")?.references == ["main.yaml:7"])
        #expect(entry("main.hello.say")?.extractedComments == ["Keep {{name}} as written: Cairn fills it in."])
        #expect(entry("main.hello.say.2")?.extractedComments == ["shown only if seen is set"])
        #expect(entry("main.ask.say")?.string == "")
        #expect(entry("gone.node.say")?.obsolete == true && entry("gone.node.say")?.string == "Vieux", "gone from the flows: #~")
        #expect(po.headerField("Language") == "fr")
        #expect(result.diagnostics.contains { $0.code == .obsoleteTranslation })
    }

    @Test func importMergesAndReports() throws {
        let result = Self.load(["main.yaml": Self.flow])
        var po = result.strings.po(locale: "fr")
        func set(_ id: String, _ text: String, fuzzy: Bool = false, source: String? = nil) {
            let i = po.entries.firstIndex { $0.context == id }!
            po.entries[i].strings = [text]
            if fuzzy { po.entries[i].flags = ["fuzzy"] }
            if let source { po.entries[i].id = source }
        }
        set("main.hello.choice.next", "Continuer")
        set("main.ask.say", "Ton nom?", fuzzy: true)
        set("main.ask.retry", "Quelques mots.", source: "A few words.")
        set("main.hello.choice.stop", "Stop!")
        po.entries.append(POFile.Entry(context: "not.a.text", id: "X", string: "Y"))
        let (file, report) = try result.strings.merge(po, locale: "fr", path: "locales/fr.yaml")
        #expect(report.imported == 1 + 12, "Continuer, and Cairn's own French, unchanged (not written)")
        #expect(report.fuzzy == ["main.ask.say"])
        #expect(report.changed == ["main.ask.retry"])
        #expect(report.unknown == ["not.a.text"])
        #expect(report.inline.map(\.id) == ["main.hello.choice.stop"])
        #expect(Set(file.strings.keys) == ["main.hello.choice.next", "main.ask.say", "main.ask.retry"])
        #expect(file.obsolete["not.a.text"]?.text == "Y")
        #expect(file.strings["main.ask.say"]?.fuzzy == true)
        // An older export with that entry still empty leaves the translation alone.
        let (kept, _) = try Strings(texts: result.strings.texts, translations: ["fr": file], defaultLocale: "en")
            .merge(result.strings.po(locale: "fr").withEmptyEntries(), locale: "fr", path: "locales/fr.yaml")
        #expect(kept.strings["main.hello.choice.next"]?.text == "Continuer")
        // What import writes loads back, in the flows' order.
        let yaml = file.yaml(order: result.strings.texts.map(\.id))
        let again = Self.load(["main.yaml": Self.flow, "locales/fr.yaml": yaml])
        let graph = try #require(again.graph, "\(again.diagnostics)")
        #expect(try Self.say(graph, locale: "fr") == ["Hi you.", "Continuer", "Arrêter"])
        let loaded = try #require(again.strings.translations["fr"])
        #expect(loaded.strings.mapValues { [$0.source, $0.text, "\($0.fuzzy)"] } == file.strings.mapValues { [$0.source, $0.text, "\($0.fuzzy)"] })
        #expect(loaded.obsolete.mapValues(\.text) == file.obsolete.mapValues(\.text))
        #expect(yaml.range(of: "main.hello.choice.next")!.lowerBound < yaml.range(of: "main.ask.say")!.lowerBound)
    }

    @Test func pluralFormsAndEntriesWithoutAnIDAreRefused() throws {
        let result = Self.load(["main.yaml": Self.flow])
        var plural = POFile.Entry(context: "main.ask.say", id: "one", string: "un")
        plural.idPlural = "many"
        plural.line = 12
        #expect(throws: Strings.ImportError.self) { try result.strings.merge(POFile(header: [], entries: [plural]), locale: "fr", path: "x") }
        var bare = POFile.Entry(context: nil, id: "Hi", string: "Salut")
        bare.line = 3
        do {
            _ = try result.strings.merge(POFile(header: [], entries: [bare]), locale: "fr", path: "x")
            Issue.record("an entry without msgctxt was imported")
        } catch {
            #expect(error.line == 3 && error.message.contains("no msgctxt"))
        }
        #expect(try Strings.locale(of: POFile(header: [("Language", "fr_CA")], entries: []), given: nil) == "fr-CA")
        #expect(throws: Strings.ImportError.self) { try Strings.locale(of: POFile(header: [("Language", "de")], entries: []), given: "fr") }
    }

    @Test func aBadTranslationIsAnErrorInTheTranslationFile() {
        let fr = "translations: fr\nstrings:\n  main.ask.say:\n    en: What should I call you?\n    fr: \"Ton {{nom\"\n"
        let result = Self.load(["main.yaml": Self.flow, "locales/fr.yaml": fr])
        #expect(result.graph == nil)
        let error = result.diagnostics.first { $0.code == .badTemplate }
        #expect(error?.location.file == "locales/fr.yaml" && error?.location.line == 5, "\(result.diagnostics)")
    }

    @Test func commandWordsPerLocale() throws {
        let settings = """
            settings:
              commands:
                help:
                  words: { en: [help, info], fr: [aide, au secours] }
                  say: { en: Type a number., fr: Tape un numéro. }
            """
        let result = Self.load(["main.yaml": Self.flow, "settings.yaml": settings])
        let graph = try #require(result.graph, "\(result.diagnostics)")
        #expect(try Self.say(graph, locale: "fr", ["au secours"]).contains("Tape un numéro."))
        #expect(try Self.say(graph, locale: "fr", ["info"]).contains("Tape un numéro."), "the default locale's words work everywhere")
        #expect(try !Self.say(graph, locale: "en", ["aide"]).contains("Type a number."), "French words only in French sessions")
        #expect(try Self.say(graph, locale: "fr", ["quitter"]).count == 3, "Cairn's French exit word leaves")
        #expect(try Self.say(graph, locale: "en", ["quitter"]).count == 3, "exit words of every language leave, in every session")
        // Cairn's own French words, typed with accents, apostrophes and hyphens as people type them.
        let plain = try #require(Self.load(["main.yaml": Self.flow]).graph)
        let help = Texts.defaultText(.help, locale: "fr")
        #expect(try Self.say(plain, locale: "fr", ["À l'aide"]).contains(help))
        #expect(try Self.say(plain, locale: "fr", ["répéter"]).count == 6, "the message and choices again")
        #expect(try Self.say(plain, locale: "fr", ["retour"]).contains(Texts.defaultText(.nothingToUndo, locale: "fr")))
    }
}

extension POFile {
    /// The same entries with every translation emptied, as in a first export.
    func withEmptyEntries() -> POFile {
        var copy = self
        for i in copy.entries.indices { copy.entries[i].strings = [""] }
        return copy
    }
}
