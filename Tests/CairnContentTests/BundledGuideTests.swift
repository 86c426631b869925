import CairnEngine
import CairnLoader
import CairnTestSupport
import CairnTranscripts
import Foundation
import Testing

/// The bundled guide: it loads cleanly (no contact detail outside the directory), every crisis
/// interrupt shows the guide's crisis lines, its transcripts pass and visit every node, and its
/// words stay easy to read.
@Suite("Bundled guide")
struct BundledGuideTests {
    static let repo = Repository.root
    static let flows = repo.appendingPathComponent("Flows").path
    static let transcripts = repo.appendingPathComponent("Transcripts").path

    static func graph() throws -> Graph {
        let result = try FlowLoader.load(paths: [flows])
        return try #require(result.graph, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
    }

    /// Under `cairn serve`'s default 64 KiB request line (48,751 bytes of session, see
    /// `Dispatcher.Limits.maxSessionBytes`), the guide's own shape (every variable, undo step and
    /// frame at once) leaves room for answers: 27,418 bytes when this was written.
    @Test func theGuideLeavesRoomForAnswersInASnapshot() throws {
        let budget = try #require(Engine(graph: try Self.graph(), maxSessionBytes: 48_751).valueBudget)
        #expect(budget >= 24_000, "\(budget) bytes left for answers")
    }

    /// No errors, and no warning but one: the guide's own texts are not translated into French
    /// yet (only the settings' texts and Cairn's own lines are), which `cairn check` says.
    @Test func loadsWithNoErrorsOrWarningsButTheFrenchStillToTranslate() throws {
        let result = try FlowLoader.load(paths: [Self.flows])
        let others = result.diagnostics.filter { !($0.code == .missingTranslation && $0.location.file.hasSuffix("Flows/locales/fr.yaml")) }
        #expect(others.isEmpty, "\(others.map(\.description).joined(separator: "\n"))")
        #expect(result.diagnostics.count <= 1)
        #expect(result.graph != nil)
    }

    /// The guide's crisis lines as its "Crisis Lines & Counseling" and "Take Down Services" give
    /// them, copied here so the check needs nothing beside the repository. (CI also compares every
    /// detail in Flows/ and Transcripts/ with the source guide itself: `.ci/run`.)
    static let crisisLines: [(id: String, phone: String, letters: String?, note: String?, text: String?, keyword: String?)] = [
        ("national_suicide_crisis_helpline", "9-8-8", nil, nil, "9-8-8", nil),  // "Call or text 9-8-8"
        ("kids_help_phone", "1-800-668-6868", nil, nil, "686868", "CONNECT"),   // "Toll-free: 1-800-668-6868", "Text CONNECT to 686868"
        ("crisis_centre_bc", "1-800-784-2433", "1-800-SUICIDE", nil, nil, nil),  // "1-800-SUICIDE/ 1-800-784-2433"
        ("bc_mental_health_support_line", "310-6789", nil, "no area code", nil, nil),  // "Call 310-6789 (no area code)"
    ]

    /// The contact cards a step showed.
    static func cards(_ events: [Event]) -> [Contact] {
        events.compactMap { if case .contact(let c) = $0 { c } else { nil } }
    }

    @Test func everyCrisisInterruptShowsTheCrisisLinesExactlyAsTheGuideGivesThem() throws {
        let engine = Engine(graph: try Self.graph())
        // Suicide or self-harm words, and unsure distress answered "yes": the four lines, in order.
        for answers in [["I want to die"], ["sometimes I think about cutting myself"], ["i cant do this anymore", "yes"]] {
            var session = Session(graph: engine.graph, entry: engine.graph.nodeIndex["menu.main"])
            _ = try engine.step(&session, .start)
            var events: [Event] = []
            for answer in answers { events = try engine.step(&session, .text(answer)) }
            let shown = Self.cards(events)
            #expect(shown.map(\.id) == Self.crisisLines.map(\.id), "after \(answers)")
            for (card, line) in zip(shown, Self.crisisLines) {
                #expect(card.phone.map(\.number) == [line.phone])
                #expect(card.phone.first?.letters == line.letters)
                #expect(card.phone.first?.note == line.note)
                #expect(card.text.map(\.number) == (line.text.map { [$0] } ?? []))
                #expect(card.text.first?.keyword == line.keyword)
            }
        }
        // Danger from another person: 911 first, then Kids Help Phone.
        var session = Session(graph: engine.graph, entry: engine.graph.nodeIndex["menu.main"])
        _ = try engine.step(&session, .start)
        let events = try engine.step(&session, .text("he hit me and hes outside my house"))
        #expect(events.first == .interrupt(id: "danger"))
        #expect(events.dropFirst().first == .say("If you're in danger right now, call 911."))
        #expect(Self.cards(events).map(\.id) == ["kids_help_phone"])
    }

    @Test func theDirectorySaysWhereEachEntryComesFromAndInventsNothing() throws {
        let contacts = try Self.graph().contacts.all(locale: "en")
        #expect(contacts.count >= 30, "every organisation the guide names")
        #expect(Set(contacts.map(\.id)).count == contacts.count)
        for c in contacts {
            #expect(!c.source.isEmpty, "\(c.id) says where in the guide it comes from")
        }
        // The one detail beyond the guide is 911, and it says so.
        let beyond = contacts.filter { $0.source.hasPrefix("Not in the guide") }
        #expect(beyond.map(\.id) == ["emergency"])
        #expect(beyond.first?.phone.map(\.number) == ["911"])
    }

    /// Every settings text and every line of Cairn's own has its French, so a French session's
    /// help, reprompts, topic lines and ending are French.
    @Test func theSettingsAndCairnsOwnLinesAreInFrench() throws {
        let result = try FlowLoader.load(paths: [Self.flows])
        let settings = result.strings.texts.filter { $0.id.hasPrefix("settings.") }
        #expect(settings.count >= 15)
        let untranslated = settings.filter { !$0.translated.contains("fr") }.map(\.id)
        #expect(untranslated.isEmpty, "no French for \(untranslated)")
        #expect(result.strings.translations["fr"]?.strings.values.allSatisfy { !$0.fuzzy } == true)
    }

    @Test func everyTranscriptPassesAndTogetherTheyVisitEveryNode() throws {
        let graph = try Self.graph()
        let runner = TranscriptRunner(engine: Engine(graph: graph))
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.transcripts).filter { $0.hasSuffix(".transcript") }.sorted()
        #expect(files.count >= 10, "the bundled guide has golden transcripts")
        var trace = Trace()
        var conversations = 0
        for file in files {
            let path = Self.transcripts + "/" + file
            let (transcript, errors) = Transcript.parse(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
            #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
            guard let transcript else { continue }
            for conversation in transcript.conversations {
                let result = runner.run(conversation, in: transcript)
                conversations += 1
                if let failure = result.failure { Issue.record(Comment(rawValue: failure)) }
                trace.nodes.formUnion(result.trace.nodes)
                trace.choices.formUnion(result.trace.choices)
            }
        }
        let coverage = Coverage(graph: graph, trace: trace)
        print("bundled guide: \(graph.flows.count) flows, \(graph.nodes.count) nodes, \(files.count) transcripts, \(conversations) conversations, "
              + "\(coverage.visited)/\(coverage.total) nodes visited")
        #expect(coverage.visited == coverage.total, "unvisited: \(coverage.flows.flatMap(\.unvisitedNodes).map(\.id))")
    }

    @Test func messagesAreChatSizedAndEasyToRead() throws {
        let graph = try Self.graph()
        let defaults = graph.settings.defaults
        var texts: [String] = []
        for node in graph.nodes {
            texts += node.messages.compactMap { $0.text?.base.render([:], defaults: defaults) }
        }
        // A card's words are read too: what each organisation offers, and its extra line.
        texts += graph.contacts.all(locale: graph.settings.defaultLocale).flatMap { [$0.offers] + ($0.also.map { [$0] } ?? []) }
        let stats = Readability(texts)
        print("bundled guide: \(texts.count) messages, longest \(stats.longest) characters, "
              + "Flesch-Kincaid grade \(String(format: "%.1f", stats.grade)), \(stats.words) words")
        #expect(stats.longest <= 700, "a message should fit a chat bubble")
        #expect(stats.grade <= 8.0, "words a 13-year-old can follow")
    }
}
