import CairnEngine
import CairnTranscripts
import Testing

/// `cairn test` echoes what a transcript and the bot say; a control character in either must never
/// forge a line of output or move the terminal (issue 12). Each failure line has them written out.
@Suite("Transcripts: untrusted text in diagnostics")
struct TranscriptEscapingTests {
    /// Every control character of a failure except the newlines between its lines.
    func controls(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0.isControlCharacter && $0 != "\n" }
    }

    @Test func aDifferingAnswerIsEscapedInTheDiff() throws {
        let text = "=== evil\u{1B}]0;x\u{07}\nbot: *\n[1] Continue\n[2] Talk to a person\nyou: 1\nbot: *\nask: description\n"
            + "you: pic\u{1B}[2J\rFAKE.transcript:1:1: error: forged\u{2028}\nbot: I do not consent to you sharing a cat.\u{1B}[0m\nend: completed\n"
        let results = try run(text)
        let failure = try #require(results.first?.failure)
        #expect(controls(failure).isEmpty, "\(failure.debugDescription)")
        #expect(failure.contains("conversation 'evil\\u{1B}]0;x\\u{7}'"))
        #expect(failure.contains("after 'you: pic\\u{1B}[2J\\rFAKE.transcript:1:1: error: forged\\u{2028}'"))
        #expect(failure.contains("- bot: I do not consent to you sharing a cat.\\u{1B}[0m"))
        #expect(failure.contains("+ bot: I do not consent to you sharing pic\\u{1B}[2J\\rFAKE.transcript:1:1: error: forged."), "the answer as stored, trimmed")
        #expect(!failure.split(separator: "\n").contains { $0.hasPrefix("FAKE") })
    }

    @Test func aMalformedLineIsEscaped() throws {
        let (_, errors) = Transcript.parse(path: "t\u{1B}.transcript", text: "=== x\nfoo\u{1B}[31m: bar\r\n")
        let e = try #require(errors.first)
        let empty = controls(e.description).isEmpty
        #expect(empty, "\(e.description.debugDescription)")
        #expect(e.description.hasPrefix("t\\u{1B}.transcript:2:1: error: "))
    }

    @Test func anUnderstandingFailureIsEscaped() throws {
        let file = "at: main.hello\nsomething else\u{1B}[2J\u{85}\u{9B}31m => 1\nat: main.nowhere\u{1B}\nyes => 1\n"
        let (u, errors) = UnderstandingFile.parse(path: "u.understanding", text: file)
        for e in errors { #expect(controls(e.description).isEmpty, "\(e.description.debugDescription)") }
        let runner = UnderstandingRunner(engine: try engine())
        let failures = u.cases.compactMap { runner.run($0, in: u.path).failure }
        #expect(!failures.isEmpty)
        for f in failures {
            #expect(controls(f).isEmpty && !f.contains("\n"), "\(f.debugDescription)")
        }
        #expect(failures.contains { $0.contains("'something else\\u{1B}[2J\\u{85}\\u{9B}31m'") }, "\(failures)")
    }
}
