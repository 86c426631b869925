import CairnEngine
import LineEditor
import Testing
@testable import CairnChat

/// The chat loop with injected input and output: a thin adapter around `Engine.step`.
@Suite struct ChatLoopTests {
    @Test func showsTheStartThenAnswersEachLine() throws {
        let chat = ChatHarness(["1", "the post"], graph: try TestFlows.graph())
        #expect(chat.run() == .left)
        #expect(chat.output.hasPrefix("Hi. I'm a test guide. Type exit to leave at once.\n\nSome steps"))
        #expect(chat.output.contains("1. Save evidence\n2. Talk to someone\n3. Finish\n\nDescribe it in a few words.\n\n"))
        #expect(chat.output.hasSuffix("Thanks. Noted the post.\n\n1. Back to the menu\n\n"))
        #expect(chat.reader.prompts == ["> ", "> ", "> "])
    }

    /// Whatever is typed, the loop shows exactly what the engine returns for it (commands included).
    @Test(arguments: [["1", "back"], ["1", "/back"], ["/repeat"], ["1", "/menu"], ["help"], ["1", "x", "/restart"], ["evidence", "/help"]])
    func commandsAreTheEngines(_ lines: [String]) throws {
        let graph = try TestFlows.graph()
        let chat = ChatHarness(lines, graph: graph)
        _ = chat.run()
        let engine = Engine(graph: graph)
        let renderer = TerminalRenderer(mode: .plain, width: { nil })
        var session = Session(graph: graph)
        var expected = renderer.render(try engine.step(&session, .start)) + "\n"
        for line in lines { expected += renderer.render(try engine.step(&session, .text(line))) + "\n" }
        #expect(chat.output == expected)
        #expect(chat.loop.session == session)
    }

    /// `beforeFirstAnswer` runs once, after the first prompt and before the first answer is taken;
    /// false ends the chat with an error and the answer is never given to the engine.
    @Test func theFirstAnswerWaitsForWhatMustComeFirst() throws {
        final class Calls: @unchecked Sendable { var count = 0 }
        for passes in [true, false] {
            let calls = Calls()
            let options = ChatLoop.Options(beforeFirstAnswer: { calls.count += 1; return passes })
            let graph = try TestFlows.graph()
            let chat = ChatHarness(["1", "the post"], graph: graph, options: options)
            var session = Session(graph: graph)
            let start = TerminalRenderer(mode: .plain, width: { nil }).render(try Engine(graph: graph).step(&session, .start)) + "\n"
            let outcome = chat.run()
            #expect(calls.count == 1)
            if passes {
                #expect(outcome == .left)
                #expect(chat.output.hasSuffix("Thanks. Noted the post.\n\n1. Back to the menu\n\n"))
            } else {
                #expect(outcome == .ended(.error))
                #expect(chat.output == start, "the first prompt is shown, and nothing after it")
                #expect(chat.loop.session == session, "the answer never reached the engine")
                #expect(chat.reader.prompts.count == 1)
            }
        }
        // Commands of the chat itself (/why, /contacts) need nothing from the flows' checks.
        let calls = Calls()
        let chat = ChatHarness(["/contacts"], graph: try TestFlows.graph(), options: .init(beforeFirstAnswer: { calls.count += 1; return false }))
        #expect(chat.run() == .left)
        #expect(calls.count == 0)
    }

    @Test func exitAndQuitLeaveAtOnce() throws {
        for word in ["exit", "/quit", "QUIT"] {
            let chat = ChatHarness([word, "1"], graph: try TestFlows.graph())
            #expect(chat.run() == .ended(.quickExit))
            #expect(chat.reader.prompts.count == 1)
        }
    }

    @Test func endOfInputAndCtrlCLeaveAtOnce() throws {
        #expect(ChatHarness([], graph: try TestFlows.graph()).run() == .left)
        let chat = ChatHarness(["1"], then: .interrupted, graph: try TestFlows.graph())
        #expect(chat.run() == .left)
        #expect(chat.reader.prompts.count == 2)
    }

    @Test func leavingClearsTheScreenOnlyOnATerminal() throws {
        let onTerminal = ChatLoop.Options(terminal: true, clearOnExit: true)
        let endings: [([String], LineReadResult)] = [(["exit"], .endOfInput), ([], .endOfInput), ([], .interrupted)]
        for (lines, last) in endings {
            let chat = ChatHarness(lines, then: last, graph: try TestFlows.graph(), options: onTerminal)
            _ = chat.run()
            #expect(chat.clears == 1)
        }
        let piped = ChatHarness(["exit"], graph: try TestFlows.graph(), options: .init(terminal: false, clearOnExit: true))
        _ = piped.run()
        #expect(piped.clears == 0)
        let kept = ChatHarness(["exit"], graph: try TestFlows.graph(), options: .init(terminal: true, clearOnExit: false))
        _ = kept.run()
        #expect(kept.clears == 0)
    }

    @Test func deleteClearsFirstThenSaysSo() throws {
        let chat = ChatHarness(["1", "delete"], graph: try TestFlows.graph(), options: .init(terminal: true))
        #expect(chat.run() == .ended(.userDelete))
        #expect(chat.clears == 1)
        #expect(chat.output.hasSuffix(Texts.defaultText(.deleted) + "\n"))
        #expect(chat.outputAtClear.first?.contains("Describe it") == true)
    }

    @Test func aNaturalEndWaitsForEnterOnATerminalThenClears() throws {
        let chat = ChatHarness(["finish", ""], graph: try TestFlows.graph(), options: .init(terminal: true))
        #expect(chat.run() == .ended(.completed))
        #expect(chat.output.contains("The conversation has ended.\n\nPress Enter to close this chat."))
        #expect(chat.reader.prompts.count == 2)
        #expect(chat.clears == 1)
    }

    @Test func aNaturalEndInAScriptJustStops() throws {
        let chat = ChatHarness(["finish", "ignored"], graph: try TestFlows.graph())
        #expect(chat.run() == .ended(.completed))
        #expect(chat.output.hasSuffix("The conversation has ended.\n\n"))
        #expect(chat.reader.prompts.count == 1)
    }

    @Test func handoffSaysNobodyIsConnected() throws {
        let chat = ChatHarness(["talk"], graph: try TestFlows.graph())
        #expect(chat.run() == .ended(.handoff))
        #expect(chat.output.contains("A helpline from the flows is at 0000.\n\n" + TerminalRenderer.handoffNote))
    }

    @Test func aRuntimeFailureEndsWithAnError() throws {
        let chat = ChatHarness([], graph: TestFlows.loopingGraph())
        #expect(chat.run() == .ended(.error))
        #expect(chat.output.contains("Sorry, something went wrong"))
    }

    @Test func entryAndLocaleComeFromTheSession() throws {
        let graph = try TestFlows.graph()
        let french = ChatHarness([], graph: graph, session: Session(graph: graph, locale: "fr"))
        _ = french.run()
        #expect(french.output.hasPrefix("Bonjour. Je suis un guide de test.\n"))
        let menu = ChatHarness([], graph: graph, session: Session(graph: graph, entry: graph.nodeIndex["welcome.menu"]))
        _ = menu.run()
        #expect(menu.output.hasPrefix("What would you like to do?\n"))
    }
}
