import CairnEngine
import CairnLoader
import CairnTranscripts
import Foundation
import Testing

/// `contact: ID` lines: a card is checked by its entry's id, recorded the same way, and `bot: *`
/// passes over cards as it does over messages.
@Suite("Transcripts: contact cards")
struct ContactLineTests {
    static let files = [
        ("settings.yaml", "settings:\n  start: main\n"),
        ("contacts.yaml", """
            contacts:
              helpline:
                name: A helpline
                offers: help at any hour.
                phone: 9-8-8
                source: a test
              clinic:
                name: A clinic
                offers: legal advice.
                details: none
                source: a test
            """),
        ("main.yaml", """
            flow: main
            title: Main
            start: a
            nodes:
              a:
                say:
                  - "These can help:"
                  - contact: helpline
                  - contact: clinic
                  - Or call {{contact.helpline.phone}}.
                choices:
                  - label: Done
                    end: completed
            """),
    ]

    static func results(_ text: String) throws -> [TranscriptRunner.Result] {
        let r = FlowLoader.load(files: files.map { ($0.0, Data($0.1.utf8)) })
        let runner = TranscriptRunner(engine: Engine(graph: try #require(r.graph, "\(r.diagnostics)")))
        let (t, errors) = Transcript.parse(path: "c.transcript", text: text)
        #expect(errors.isEmpty, "\(errors)")
        let transcript = try #require(t)
        return transcript.conversations.map { runner.run($0, in: transcript) }
    }

    @Test func aCardIsCheckedByItsID() throws {
        let pass = try Self.results("=== cards\nbot: These can help:\ncontact: helpline\ncontact: clinic\nbot: Or call 9-8-8.\n[1] Done\nyou: 1\nend: completed\n")
        #expect(pass.allSatisfy { $0.passed }, "\(pass.compactMap(\.failure))")
        let wrong = try Self.results("=== cards\nbot: These can help:\ncontact: clinic\ncontact: helpline\nbot: *\n[1] Done\n")
        let failure = try #require(wrong.first?.failure)
        #expect(failure.contains("differs at the start") && failure.contains("- contact: clinic"), "\(failure)")
    }

    @Test func anyMessagesPassesOverCards() throws {
        let r = try Self.results("=== skip\nbot: *\n[1] Done\nyou: 1\nend: completed\n")
        #expect(r.allSatisfy { $0.passed }, "\(r.compactMap(\.failure))")
    }

    @Test func aRecordedCardIsAContactLineThatPassesUnchanged() throws {
        let r = FlowLoader.load(files: Self.files.map { ($0.0, Data($0.1.utf8)) })
        let graph = try #require(r.graph)
        let engine = Engine(graph: graph)
        var session = Session(graph: graph)
        var recorder = TranscriptRecorder(name: "recorded")
        recorder.record(nil, try engine.step(&session, .start))
        #expect(recorder.text == "=== recorded\nbot: These can help:\ncontact: helpline\ncontact: clinic\nbot: Or call 9-8-8.\n[1] Done\n")
        #expect(try Self.results(recorder.text).allSatisfy { $0.passed })
    }
}
