import Foundation
import Testing

@Suite("cairn test: the built binary")
struct TestCLITests {
    @Test func passingTranscriptsExitZero() throws {
        let ws = try Workspace(transcripts: ["t.transcript": passingTranscript])
        defer { ws.remove() }
        let run = try ws.cairn("test")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdoutLines.last == "2 passed, 0 failed")
    }

    @Test func aDifferenceExitsOneWithPositionAndDiff() throws {
        let ws = try Workspace(transcripts: ["t.transcript": failingTranscript])
        defer { ws.remove() }
        let run = try ws.cairn("test")
        #expect(run.status == 1, "\(run)")
        #expect(run.stdoutLines.last == "1 passed, 1 failed")
        #expect(run.stderr.contains("Transcripts/t.transcript:17:1: error: conversation 'a name': the bot's output differs after 'you: Sam' (line 16)"), "\(run)")
        #expect(run.stderrLines.contains("- bot: Hello Sam."))
        #expect(run.stderrLines.contains("+ bot: Nice to meet you, Sam."))
    }

    @Test func updateRewritesThenPasses() throws {
        let ws = try Workspace(transcripts: ["t.transcript": failingTranscript])
        defer { ws.remove() }
        let update = try ws.cairn("test", "--update")
        #expect(update.stderr.contains("updated Transcripts/t.transcript"), "\(update)")
        let text = try ws.read("Transcripts/t.transcript")
        #expect(text.contains("bot: Nice to meet you, Sam.") && !text.contains("Hello Sam"))
        #expect(text.contains("bot: *") && text.contains("=== leave at once"), "wildcards and names are kept")
        let again = try ws.cairn("test")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdoutLines.last == "2 passed, 0 failed")
    }

    @Test func coverageListsWhatIsNeverVisited() throws {
        let ws = try Workspace(transcripts: ["t.transcript": passingTranscript])
        defer { ws.remove() }
        let run = try ws.cairn("test", "--coverage")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("total: 3/4 nodes (75.0%)"), "\(run)")
        #expect(run.stdout.contains("Flows/main.yaml:22:3: note: node 'main.crisis' is never visited"), "\(run)")
        #expect(run.stdout.contains("note: choice 'main.hello#1'") == false, "both hello choices are taken")
    }

    @Test func minCoverageFailsBelowTheBar() throws {
        let ws = try Workspace(transcripts: ["t.transcript": passingTranscript])
        defer { ws.remove() }
        let low = try ws.cairn("test", "--min-coverage", "50")
        #expect(low.status == 0, "\(low)")
        let high = try ws.cairn("test", "--min-coverage", "100")
        #expect(high.status == 1, "\(high)")
        #expect(high.stderr.contains("cairn: error: coverage 75.0% is below --min-coverage 100.0%"), "\(high)")
        #expect(high.stdoutLines.last == "2 passed, 0 failed", "the transcripts themselves passed")
    }

    @Test func junitWritesAReport() throws {
        let ws = try Workspace(transcripts: ["t.transcript": failingTranscript])
        defer { ws.remove() }
        let run = try ws.cairn("test", "--junit", "report.xml")
        #expect(run.status == 1)
        let xml = try ws.read("report.xml")
        #expect(xml.hasPrefix("<?xml"))
        #expect(xml.contains("<testsuite") && xml.contains("leave at once") && xml.contains("a name"))
        #expect(xml.components(separatedBy: "<failure").count == 2, "one failure: \(xml)")
    }
}
