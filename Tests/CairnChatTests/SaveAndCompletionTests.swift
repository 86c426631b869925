import CairnEngine
import CairnTranscripts
import Foundation
import Testing
@testable import CairnChat

/// `/save`, `--record` and Tab completion.
@Suite struct SaveAndCompletionTests {
    @Test func saveWritesATranscriptThatPassesUnchanged() throws {
        let dir = try TestFlows.temporaryDirectory()
        let file = dir.appending(path: "chat.transcript").path
        let chat = ChatHarness(["1", "a blurry photo", "/save \(file)", "1"], graph: try TestFlows.graph())
        _ = chat.run()
        #expect(chat.output.contains("Saved the conversation so far to \(file)."))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("/save"))
        #expect(text.contains("you: a blurry photo\nbot: Thanks. Noted a blurry photo.\n[1] Back to the menu\n"))
        try expectPasses(text, path: file)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func saveIsNotAnAnswer() throws {
        let graph = try TestFlows.graph()
        let dir = try TestFlows.temporaryDirectory()
        let chat = ChatHarness(["/save \(dir.path)/a.transcript", "/save"], graph: graph)
        _ = chat.run()
        var session = Session(graph: graph)
        _ = try Engine(graph: graph).step(&session, .start)
        #expect(chat.loop.session == session)
        #expect(chat.output.contains("type /save and a file name, like /save chat.transcript."))
    }

    @Test func saveNeverReplacesAFileUnlessAskedWithBang() throws {
        let dir = try TestFlows.temporaryDirectory()
        let file = dir.appending(path: "kept.transcript").path
        try "precious\n".write(toFile: file, atomically: true, encoding: .utf8)
        let chat = ChatHarness(["/save \(file)"], graph: try TestFlows.graph())
        _ = chat.run()
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "precious\n")
        #expect(chat.output.contains("\(file) already exists, so I didn't save over it. To replace it, type /save! \(file)"))
        _ = ChatHarness(["/save! '\(file)'"], graph: try TestFlows.graph()).run()
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("=== recorded conversation\n"))
    }

    @Test func saveErrorsAreExplained() throws {
        let dir = try TestFlows.temporaryDirectory()
        let chat = ChatHarness(["/save \(dir.path)/missing/chat.transcript", "/save \(dir.path)"], graph: try TestFlows.graph())
        _ = chat.run()
        #expect(chat.output.contains("I couldn't save to \(dir.path)/missing/chat.transcript: the folder \(dir.path)/missing doesn't exist."))
        #expect(chat.output.contains("I couldn't save to \(dir.path): it's a folder."))
    }

    @Test func saveCommandParsing() {
        #expect(SaveCommand("/save a.transcript") == SaveCommand(path: "a.transcript", replacing: false))
        #expect(SaveCommand("  /save!   \"my chat.transcript\" ") == SaveCommand(path: "my chat.transcript", replacing: true))
        #expect(SaveCommand("/save") == SaveCommand(path: nil, replacing: false))
        #expect(SaveCommand("/saved") == nil)
        #expect(SaveCommand("save a") == nil)
        #expect(TranscriptFile.expand("~/x") == NSHomeDirectory() + "/x")
    }

    @Test func recordKeepsTheWholeSessionAfterEveryTurn() throws {
        let dir = try TestFlows.temporaryDirectory()
        let file = dir.appending(path: "record.transcript").path
        let graph = try TestFlows.graph()
        let options = ChatLoop.Options(start: StartOptions(flow: "welcome.menu", locale: "fr"), recordPath: file)
        let chat = ChatHarness(["evidence", "skip", "1", "finish"], graph: graph, options: options,
                               session: Session(graph: graph, locale: "fr", entry: graph.nodeIndex["welcome.menu"]))
        #expect(chat.run() == .ended(.completed))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("=== recorded conversation\nflow: welcome.menu\nlocale: fr\n"))
        #expect(text.hasSuffix("you: finish\nend: completed\n"))
        try expectPasses(text, path: file)
    }

    @Test func completionOffersChoicesCommandsAndSlashForms() throws {
        let chat = ChatHarness([], graph: try TestFlows.graph())
        _ = chat.run()
        let all = chat.loop.completions(for: "")
        #expect(all.contains("Save evidence") && all.contains("proof") && all.contains("main menu"))
        #expect(all.contains("/back") && all.contains("/restart") && all.contains("/exit") && all.contains("/save "))
        #expect(!all.contains("/main menu"))
        #expect(chat.loop.completions(for: "sa") == ["save evidence"])
        #expect(chat.loop.completions(for: "/RES") == ["/REStart"])  // what was typed stays as typed
        #expect(chat.loop.completions(for: "/sa") == ["/save "])
    }

    @Test func completionFollowsTheSession() throws {
        let chat = ChatHarness(["1"], graph: try TestFlows.graph())
        _ = chat.run()
        #expect(chat.loop.completions(for: "Sa").isEmpty)  // at the free-text question, no choices
        #expect(chat.loop.completions(for: "he") == ["help"])
    }

    /// Runs `text` as a transcript against the test flows; it must pass unchanged.
    private func expectPasses(_ text: String, path: String) throws {
        let (transcript, errors) = Transcript.parse(path: path, text: text)
        #expect(errors.isEmpty)
        let runner = TranscriptRunner(engine: Engine(graph: try TestFlows.graph()))
        for conversation in try #require(transcript).conversations {
            let result = runner.run(conversation, in: try #require(transcript))
            #expect(result.passed, "\(result.failure ?? "")")
        }
    }
}
