import CairnEngine
import CairnLoader
import CairnTranscripts
import Foundation
import Testing

let flows: [String: String] = [
    "settings.yaml": """
    settings:
      start: main
      variables:
        description: { default: "the image of me" }
        situation: { shareable: true }
    """,
    "main.yaml": """
    flow: main
    title: Main
    start: hello
    nodes:
      hello:
        say:
          - Hi. I'm an automated guide.
          - |
            Two things:

            - one
            - two
        choices:
          - label: Continue
            set: { situation: shared }
            go: describe
          - label: Talk to a person
            handoff: { share: [situation] }
      describe:
        say: Which image is it? You can type skip.
        ask: description
        optional: true
        go: show
      show:
        say: "I do not consent to you sharing {{description}}."
        end: completed
    """,
]

func engine() throws -> Engine {
    let r = FlowLoader.load(files: flows.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) })
    return Engine(graph: try #require(r.graph))
}

func run(_ text: String) throws -> [TranscriptRunner.Result] {
    let (t, errors) = Transcript.parse(path: "t.transcript", text: text)
    #expect(errors.isEmpty, "\(errors)")
    let runner = TranscriptRunner(engine: try engine())
    let transcript = try #require(t)
    return transcript.conversations.map { runner.run($0, in: transcript) }
}

let passing = """
# A comment.
=== with a description
bot: Hi. I'm an automated guide.
bot: Two things:
     - one
     - two
[1] Continue
[2] Talk to a person
you: continue
bot: Which image is it?...
ask: description
you: the beach photo
bot: I do not consent to you sharing the beach photo.
end: completed

=== handoff, skipping the greeting
bot: *
[1] Continue
[2] Talk to a person
you: 2
handoff: nothing shared
end: handoff
"""

@Suite("Transcripts")
struct TranscriptTests {
    @Test func passingConversationsPass() throws {
        let results = try run(passing)
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0.passed }, "\(results.compactMap(\.failure))")
    }

    @Test func aWrongLineFailsWithPositionAndDiff() throws {
        let results = try run(passing.replacingOccurrences(of: "the beach photo.", with: "the lake photo."))
        let failure = try #require(results[0].failure)
        #expect(failure == """
        t.transcript:13:1: error: conversation 'with a description': the bot's output differs after 'you: the beach photo' (line 12)
        - bot: I do not consent to you sharing the lake photo.
        + bot: I do not consent to you sharing the beach photo.
          end: completed
        """)
        #expect(results[1].passed)
    }

    @Test func exhaustiveByDefault() throws {
        let missingLine = passing.replacingOccurrences(of: "bot: Which image is it?...\n", with: "")
        let missing = try run(missingLine)
        #expect(missing[0].passed == false, "an unexpected bot line fails")
        let extraLine = passing.replacingOccurrences(of: "end: completed", with: "end: completed\nbot: Bye.")
        let extra = try run(extraLine)
        #expect(extra[0].passed == false, "a missing bot line fails")
    }

    @Test func wildcardSkipsAnyNumberOfMessagesOnly() throws {
        let text = "=== w\nbot: *\n[1] Continue\n[2] Talk to a person\n"
        let withChoices = try run(text)
        #expect(withChoices[0].passed)
        let withoutChoices = try run("=== w\nbot: *\n")
        #expect(withoutChoices[0].passed == false, "bot: * does not skip choices")
    }

    @Test func goingOnAfterTheEndFails() throws {
        let text = "=== e\nbot: *\n[1] Continue\n[2] Talk to a person\nyou: exit\nend: quick_exit\nyou: hello\n"
        let results = try run(text)
        let failure = try #require(results[0].failure)
        #expect(failure.hasPrefix("t.transcript:7:1: error: conversation 'e': the conversation has already ended"))
    }

    @Test func startOptionsPickFlowLocaleAndPresets() throws {
        let text = "=== o\nflow: main.show\nset: description = a photo\nbot: I do not consent to you sharing a photo.\nend: completed\n"
        let results = try run(text)
        #expect(results[0].passed)
    }

    @Test(arguments: [
        ("=== x\nbot hello\n", 2, 1, "unknown line; lines start with"),
        ("=== x\nfoo: bar\n", 2, 1, "unknown line kind 'foo:'"),
        ("=== x\nyou: 1\nlocale: fr\n", 3, 1, "'locale:' sets how the conversation starts"),
        ("=== x\nhost: leave\n", 2, 7, "'host:' takes cancel or timeout"),
        ("=== x\n[x] label\n", 2, 1, "a choice line looks like '[1] Label'"),
        ("=== x\n  indented\n", 2, 1, "an indented line continues a 'bot:' message"),
        ("=== x\nset: nothing\n", 2, 6, "'set:' looks like 'set: name = value'"),
        ("# only a comment\n", 1, 1, "the transcript has no conversations"),
    ])
    func malformedLinesArePositionedErrors(text: String, line: Int, column: Int, message: String) {
        let (t, errors) = Transcript.parse(path: "bad.transcript", text: text)
        #expect(t == nil)
        #expect(errors.count == 1)
        #expect(errors.first.map { $0.line == line && $0.column == column && $0.message.hasPrefix(message) } == true, "\(errors)")
    }

    @Test func handoffListValuesKeepTheirCommas() throws {
        let (t, errors) = Transcript.parse(path: "h.transcript", text: "=== h\nhandoff: age=13, topics=evidence,message, x=1\n")
        #expect(errors.isEmpty)
        guard case .expect(.handoff(let vars), _)? = t?.conversations.first?.steps.first else { Issue.record("no handoff line"); return }
        #expect(vars == ["age": "13", "topics": "evidence,message", "x": "1"])
        #expect(Item.handoff(vars).lines == ["handoff: age=13, topics=evidence,message, x=1"])
    }

    @Test func binaryGarbageDoesNotCrash() {
        let text = String(decoding: (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        let (_, errors) = Transcript.parse(path: "g.transcript", text: text)
        #expect(!errors.isEmpty)
    }

    @Test func updateRewritesOnlyWhatDiffersKeepingCommentsAndWildcards() throws {
        let broken = passing
            .replacingOccurrences(of: "bot: I do not consent to you sharing the beach photo.", with: "# keep this comment\nbot: Old wording.")
            .replacingOccurrences(of: "handoff: nothing shared", with: "handoff: situation=x")
        let (t, _) = Transcript.parse(path: "t.transcript", text: broken)
        let transcript = try #require(t)
        let runner = TranscriptRunner(engine: try engine())
        let updated = TranscriptUpdater.update(transcript, results: transcript.conversations.map { runner.run($0, in: transcript) })
        let expected = passing
            .replacingOccurrences(of: "bot: I do not consent to you sharing the beach photo.",
                                  with: "# keep this comment\nbot: I do not consent to you sharing the beach photo.")
        #expect(updated == expected)
        let rerun = try run(updated)
        #expect(rerun.allSatisfy { $0.passed })
    }

    @Test func recordedConversationPassesUnchanged() throws {
        let engine = try engine()
        var session = Session(graph: engine.graph)
        var recorder = TranscriptRecorder(name: "recorded")
        recorder.record(nil, try engine.step(&session, .start))
        for input in ["1", "  the photo from May ", "x"] where !session.isEnded {
            recorder.record(.text(input), try engine.step(&session, .text(input)))
        }
        let results = try run(recorder.text)
        #expect(results.count == 1 && results[0].passed, "\(recorder.text)\n\(results.compactMap(\.failure))")
    }

    @Test func coverageCountsVisitedNodesAndTakenChoices() throws {
        let engine = try engine()
        let results = try run("=== c\nbot: *\n[1] Continue\n[2] Talk to a person\nyou: 2\nhandoff: nothing shared\nend: handoff\n")
        let coverage = Coverage(graph: engine.graph, trace: results[0].trace)
        #expect(coverage.visited == 1 && coverage.total == 3)
        #expect(coverage.flows[0].untakenChoices.map(\.id) == ["main.hello#1"])
        #expect(coverage.report.contains("main.yaml:19:3: note: node 'main.describe' is never visited"))
    }

    @Test func junitHasACasePerConversation() throws {
        let results = try run(passing.replacingOccurrences(of: "end: handoff", with: "end: nope"))
        let xml = JUnitReport.xml(results)
        #expect(xml.contains("<testsuites tests=\"2\" failures=\"1\">"))
        #expect(xml.contains("<testcase classname=\"t.transcript\" name=\"with a description\"/>"))
        #expect(xml.contains("<failure message=\"output differs\">"))
    }
}
