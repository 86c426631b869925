import CairnTestSupport
import Foundation
import Testing

/// The built `cairn` with pipes for stdin, stdout and stderr: the way scripts and tests use it.
@Suite struct PipedEndToEndTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `cairn arguments` with `input` on stdin (in `directory`, if given) and waits for it.
    func cairn(_ arguments: [String], input: String = "", in directory: URL? = nil, binary: URL? = nil) throws -> Run {
        let run = try Subprocess.run(try binary ?? CairnBinary.url(), arguments, input: input, in: directory)
        return Run(status: run.status, output: run.stdout, errors: run.stderr)
    }

    func flows() throws -> String { try TestFlows.directory().path }

    @Test func pipedLinesGivePlainOutput() throws {
        let run = try cairn(["--flows", try flows()], input: "1\nthe post\nexit\n")
        #expect(run.status == 0 && run.errors.isEmpty)
        #expect(run.output.hasPrefix("Hi. I'm a test guide. Type exit to leave at once.\n\n"))
        #expect(run.output.contains("\n1. Save evidence\n2. Talk to someone\n3. Finish\n\nDescribe it in a few words.\n\n"))
        #expect(run.output.hasSuffix("Thanks. Noted the post.\n\n1. Back to the menu\n\n"))
        #expect(!run.output.contains("\u{1B}") && !run.output.contains("> "))
    }

    @Test func theEndOfTheInputEndsTheChat() throws {
        let run = try cairn(["--flows", try flows()], input: "finish")  // no final newline
        #expect(run.status == 0)
        #expect(run.output.hasSuffix("The conversation has ended.\n\n"))
    }

    @Test func brokenFlowsPrintDiagnosticsAndExit1() throws {
        let dir = try TestFlows.temporaryDirectory()
        try "settings:\n  start: x\n".write(to: dir.appending(path: "settings.yaml"), atomically: true, encoding: .utf8)
        try "flow: x\ntitle: X\nstart: a\nnodes:\n  a:\n    say: hi\n    go: nowhere\n"
            .write(to: dir.appending(path: "x.yaml"), atomically: true, encoding: .utf8)
        let run = try cairn(["--flows", dir.path])
        #expect(run.status == 1 && run.output.isEmpty)
        #expect(run.errors.contains("x.yaml:7:9: error: unknown node or flow 'nowhere'"))
        #expect(run.errors.contains("    go: nowhere\n        ^"))
        #expect(!run.errors.contains("Fatal error") && !run.errors.contains("Backtrac"))
    }

    @Test func aMissingFlowsDirectoryIsExplained() throws {
        let run = try cairn(["--flows", "/nonexistent/flows"])
        #expect(run.status == 1)
        #expect(run.errors == "cairn: error: /nonexistent/flows: no such file or directory\n")
    }

    @Test func flowAndLocalePickTheStartAndTheLanguage() throws {
        let menu = try cairn(["--flows", try flows(), "--flow", "welcome.menu"], input: "exit\n")
        #expect(menu.output.hasPrefix("What would you like to do?\n"))
        let french = try cairn(["--flows", try flows(), "--locale", "fr", "--flow", "welcome"], input: "exit\n")
        #expect(french.output.hasPrefix("Bonjour. Je suis un guide de test.\n"))
    }

    @Test func anUnknownFlowIsAUsageError() throws {
        let run = try cairn(["--flows", try flows(), "--flow", "welcome.mneu"])
        #expect(run.status == 64)
        #expect(run.errors == "cairn: error: there's no flow or node called 'welcome.mneu' (did you mean 'welcome.menu'?)\n")
    }

    @Test func recordWritesTheSessionAndNeverReplacesAFile() throws {
        let file = try TestFlows.temporaryDirectory().appending(path: "session.transcript").path
        let run = try cairn(["--flows", try flows(), "--record", file], input: "talk\n")
        #expect(run.status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("=== recorded conversation\nbot: Hi. I'm a test guide."))
        #expect(text.hasSuffix("you: talk\nbot: A helpline from the flows is at 0000.\nhandoff: nothing shared\nend: handoff\n"))
        let again = try cairn(["--flows", try flows(), "--record", file], input: "exit\n")
        #expect(again.status == 1 && again.output.isEmpty)
        #expect(again.errors == "cairn: error: \(file) already exists; choose another name for --record\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
    }

    @Test func theBundledGuideRunsFromAnyDirectoryAndFromACopiedBinary() throws {
        let elsewhere = try TestFlows.temporaryDirectory()
        let run = try cairn([], input: "exit\n", in: elsewhere)
        #expect(run.status == 0 && run.errors.isEmpty && !run.output.isEmpty)
        let copy = elsewhere.appending(path: "cairn")
        try FileManager.default.copyItem(at: try CairnBinary.url(), to: copy)
        let copied = try cairn([], input: "exit\n", in: elsewhere, binary: copy)
        #expect(copied.status == 0 && copied.output == run.output)
    }
}
