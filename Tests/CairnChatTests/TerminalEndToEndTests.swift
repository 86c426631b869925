import CairnEngine
import CairnLoader
import CairnTranscripts
import Foundation
import Testing

/// The built `cairn` on a real pseudo-terminal: keys typed, the screen read back (libedit included).
///
/// Serialized, with polling waits and long deadlines, to stay reliable on a busy two-core machine.
@Suite(.serialized) struct TerminalEndToEndTests {
    static let clear = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    /// `cairn --flows <test flows>` plus `arguments`, waiting for the first prompt.
    func start(_ arguments: [String] = [], columns: Int = 80, environment: [String: String] = [:]) throws -> TerminalProcess {
        let chat = try TerminalProcess(["--flows", try TestFlows.directory().path] + arguments, columns: columns,
                                       rows: 30, environment: environment)
        try #require(chat.waitFor("3. Finish"), "no menu on screen: \(chat.screen)")
        try #require(chat.waitUntil { $0.screen.last == ">" }, "no prompt: \(chat.screen)")
        return chat
    }

    @Test func arrowKeysEditTheLineBeforeEnter() throws {
        let chat = try start(["--no-clear"])
        chat.type("evdence" + String(repeating: "\u{1B}[D", count: 5) + "i")  // Left x5, then insert
        #expect(chat.waitUntil { $0.screen.last == "> evidence" })
        chat.type("\r")
        #expect(chat.waitFor("Describe it in a few words."))
        #expect(chat.screen.contains("> evidence"))
        chat.type("\u{01}a photo\u{05}!\u{1B}[H>\r")  // Ctrl-A, text, Ctrl-E, "!", Home, ">"
        #expect(chat.waitFor("Thanks. Noted >a photo!."))
    }

    @Test func tabCompletesChoicesAndCommands() throws {
        let chat = try start(["--no-clear"])
        chat.type("sa\t")
        #expect(chat.waitUntil { $0.screen.last == "> save evidence" })
        chat.type("\r")
        #expect(chat.waitFor("Describe it in a few words."))
        chat.type("/re\t")  // two matches: listed under the line, which is kept
        #expect(chat.waitUntil { $0.allText.contains("/repeat  /restart") && $0.screen.last == "> /re" })
        chat.type("p\t\r")
        #expect(chat.waitUntil { $0.allText.components(separatedBy: "Describe it in a few words.").count == 3 })
        #expect(chat.screen.contains("> /repeat"))
    }

    @Test func slashContactsShowsTheDirectoryOnTheTerminal() throws {
        let chat = try start(["--no-clear"])
        chat.type("/contacts\r")
        #expect(chat.waitFor("Text: CONNECT to 686868"), "\(chat.screen)")
        #expect(chat.model.allText.contains("A test helpline: someone to talk to.\nToll-free: 0000"), "\(chat.model.allText)")
        #expect(chat.waitUntil { $0.screen.last == ">" }, "the same question is still waiting")
    }

    @Test func ctrlDLeavesAtOnceAndClearsTheScreen() throws {
        let chat = try start()
        chat.type("\u{04}")
        #expect(chat.waitForExit() == 0)
        #expect(chat.raw.hasSuffix(Self.clear))
        #expect(chat.screen.isEmpty && chat.model.scrollback.isEmpty)
    }

    @Test func ctrlCLeavesAtOnceAndClearsTheScreen() throws {
        let chat = try start()
        chat.type("half an answer\u{03}")
        #expect(chat.waitForExit() == 0)
        #expect(chat.raw.hasSuffix(Self.clear))
        #expect(chat.screen.isEmpty)
    }

    @Test func exitWithNoClearKeepsTheConversation() throws {
        let chat = try start(["--no-clear"])
        chat.type("exit\r")
        #expect(chat.waitForExit() == 0)
        #expect(!chat.raw.contains("\u{1B}[2J"))
        #expect(chat.screen.contains("What would you like to do?") && chat.screen.contains("> exit"))
    }

    @Test func aNaturalEndWaitsForEnterThenClears() throws {
        let chat = try start()
        chat.type("finish\r")
        #expect(chat.waitFor("Press Enter to close this chat. The screen will be cleared."))
        #expect(chat.waitUntil { $0.screen.last == ">" })
        #expect(chat.process.isRunning)
        chat.type("\r")
        #expect(chat.waitForExit() == 0)
        #expect(chat.screen.isEmpty)
    }

    @Test func wrapsToTheWindowAndRewrapsAfterAResize() throws {
        let chat = try start(["--no-clear"], columns: 40)
        #expect(printedLines(chat.raw).allSatisfy { $0.count <= 40 })
        #expect(chat.raw.contains("- Take a screenshot of the post, with\r\n  the date and the time showing."))
        chat.resize(columns: 70, rows: 30)
        let before = chat.raw.count
        chat.type("restart\r")
        #expect(chat.waitFor("3. Finish"))
        let after = printedLines(String(chat.raw.dropFirst(before)))
        #expect(after.allSatisfy { $0.count <= 70 } && after.contains { $0.count > 40 })
        #expect(after.contains("- Take a screenshot of the post, with the date and the time showing."))
    }

    @Test func colourAndBoldOnlyWhenAllowed() throws {
        let rich = try start(["--no-clear"])
        #expect(rich.raw.contains("Type \u{1B}[1mexit\u{1B}[22m to leave") && rich.raw.contains("\u{1B}[36m1.\u{1B}[39m Save"))
        let monochrome = try start(["--no-clear"], environment: ["NO_COLOR": "1"])
        #expect(monochrome.raw.contains("Type *exit* to leave") && monochrome.raw.contains("  1. Save evidence"))
        #expect(!monochrome.raw.contains("\u{1B}[1m") && !monochrome.raw.contains("\u{1B}[36m"))
        let plain = try start(["--no-clear", "--plain"], columns: 40)
        #expect(plain.raw.contains("Type exit to leave at once.") && plain.raw.contains("\r\n1. Save evidence"))
        #expect(plain.raw.contains("- Take a screenshot of the post, with the date and the time showing."))
        #expect(!plain.raw.contains("\u{1B}[1m") && !plain.raw.contains("──"))
    }

    @Test func bundledGuideStartsFromAnotherDirectoryAndQuickExits() throws {
        let chat = try TerminalProcess([], in: try TestFlows.temporaryDirectory())
        try #require(chat.waitUntil { $0.screen.last == ">" }, "no prompt: \(chat.screen)")
        #expect(chat.model.allText.contains("1. "))
        #expect(chat.model.allText.contains("In this terminal, leaving also clears the window"), "the welcome says what exit does here")
        chat.type("exit\r")
        #expect(chat.waitForExit() == 0)
        #expect(chat.screen.isEmpty)
    }

    /// A conversation saved from a terminal (where the welcome mentions clearing) replays unchanged.
    @Test func aTranscriptSavedOnATerminalPasses() throws {
        let dir = try TestFlows.temporaryDirectory()
        let file = dir.appendingPathComponent("saved.transcript").path
        let chat = try TerminalProcess(["--no-clear"], in: dir)
        try #require(chat.waitUntil { $0.screen.last == ">" }, "no prompt: \(chat.screen)")
        chat.type("1\r")
        try #require(chat.waitFor("What's going on?"))
        chat.type("/save \(file)\r")
        try #require(chat.waitUntil { _ in FileManager.default.fileExists(atPath: file) })
        chat.type("exit\r")
        #expect(chat.waitForExit() == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("set: screen_clears"), "--no-clear: the welcome says nothing about clearing")
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let graph = try #require(try FlowLoader.load(paths: [repo.appendingPathComponent("Flows").path]).graph)
        let (transcript, errors) = Transcript.parse(path: file, text: text)
        #expect(errors.isEmpty)
        for conversation in try #require(transcript).conversations {
            let result = TranscriptRunner(engine: Engine(graph: graph)).run(conversation, in: transcript!)
            #expect(result.failure == nil, "\(result.failure ?? "")")
        }

        let cleared = dir.appendingPathComponent("cleared.transcript").path
        let chat2 = try TerminalProcess([], in: dir)
        try #require(chat2.waitUntil { $0.screen.last == ">" })
        chat2.type("/save \(cleared)\r")
        try #require(chat2.waitUntil { _ in FileManager.default.fileExists(atPath: cleared) })
        chat2.type("exit\r")
        _ = chat2.waitForExit()
        let text2 = try String(contentsOfFile: cleared, encoding: .utf8)
        #expect(text2.contains("set: screen_clears = yes") && text2.contains("In this terminal, leaving also clears"))
        let (t2, _) = Transcript.parse(path: cleared, text: text2)
        let r2 = TranscriptRunner(engine: Engine(graph: graph)).run(try #require(t2).conversations[0], in: t2!)
        #expect(r2.failure == nil, "\(r2.failure ?? "")")
    }

    /// The lines cairn printed, without escape sequences (what would show, before the terminal wraps).
    private func printedLines(_ raw: String) -> [String] {
        raw.replacing(/\x1B\[[0-9;?]*[A-Za-z]/, with: "").components(separatedBy: "\r\n")
    }
}
