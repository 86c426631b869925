import CairnEngine
import Synchronization
import Testing
@testable import CairnChat

/// The terminal renderer: wrapping, emphasis, bullets, numbered choices, modes.
@Suite struct TerminalRendererTests {
    let long = "You can type exit at any time to leave at once, and nothing you type is kept anywhere."

    func renderer(_ mode: TerminalRenderer.Mode = .monochrome, width: Int? = 30) -> TerminalRenderer {
        TerminalRenderer(mode: mode, width: { width })
    }

    @Test func wrapsWordsToTheWidth() {
        let lines = renderer(width: 30).render([.say(long)]).split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 30 && !$0.hasSuffix(" ") })
        #expect(lines.joined(separator: " ") == Substring(long))
    }

    @Test func rewrapsWhenTheWidthChanges() {
        let width = Mutex(30)
        let renderer = TerminalRenderer(mode: .monochrome, width: { width.withLock { $0 } })
        let narrow = renderer.render([.say(long)])
        width.withLock { $0 = 60 }
        let wide = renderer.render([.say(long)])
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 30 })
        #expect(wide.split(separator: "\n").contains { $0.count > 30 })
    }

    @Test func bulletsAndNumberedLinesHangUnderTheirText() {
        let text = "Steps:\n- Take a screenshot of the post, with the date showing.\n2. Write down the account name, exactly."
        let out = renderer(width: 30).render([.say(text)])
        #expect(out == """
            Steps:
            - Take a screenshot of the
              post, with the date showing.
            2. Write down the account
               name, exactly.

            """)
    }

    @Test func blankLinesAndMessagesKeepTheirShape() {
        let out = renderer(width: nil).render([.say("One.\n\nTwo."), .say("Three.")])
        #expect(out == "One.\n\nTwo.\n\nThree.\n")
    }

    @Test func emphasisIsBoldOnlyInRichMode() {
        let say: [Event] = [.say("Type *exit* to leave.")]
        #expect(renderer(.rich).render(say) == "Type \u{1B}[1mexit\u{1B}[22m to leave.\n")
        #expect(renderer(.monochrome).render(say) == "Type *exit* to leave.\n")
        #expect(renderer(.plain).render(say) == "Type exit to leave.\n")
    }

    @Test func loneStarsAreNotEmphasis() {
        #expect(renderer(.plain).render([.say("2 * 3 = 6, and * alone, *not closed")]) == "2 * 3 = 6, and * alone, *not closed\n")
        #expect(renderer(.plain).render([.say("(*really*), \"*this*\".")]) == "(really), \"this\".\n")
    }

    @Test func emphasisDoesNotCountTowardsTheWidth() {
        let out = renderer(.rich, width: 11).render([.say("*aaaa* *bbbb* cc")])
        #expect(out == "\u{1B}[1maaaa\u{1B}[22m \u{1B}[1mbbbb\u{1B}[22m\ncc\n")
    }

    @Test func choicesAreNumberedAndAligned() {
        let options = (1...10).map { ChoiceOption(number: $0, id: "c\($0)", label: "Choice \($0)") }
        let lines = renderer(width: nil).render([.choices(options)]).split(separator: "\n")
        #expect(lines.first == "   1. Choice 1")
        #expect(lines[8] == "   9. Choice 9")
        #expect(lines.last == "  10. Choice 10")
    }

    @Test func longChoiceLabelsHangUnderTheLabel() {
        let option = ChoiceOption(number: 1, id: "a", label: "Someone is pressuring me for images or money")
        #expect(renderer(width: 30).render([.choices([option])]) == """
              1. Someone is pressuring me
                 for images or money

            """)
    }

    @Test func choiceNumbersAreColouredOnlyInRichMode() {
        let options = [ChoiceOption(number: 1, id: "a", label: "Go")]
        #expect(renderer(.rich).render([.choices(options)]) == "  \u{1B}[36m1.\u{1B}[39m Go\n")
        #expect(renderer(.plain).render([.choices(options)]) == "1. Go\n")
    }

    @Test func plainModeNeverWrapsOrDecorates() {
        let out = renderer(.plain, width: 20).render([.say(long), .end(reason: .completed)])
        #expect(out == long + "\n\n" + TerminalRenderer.endedNote + "\n")
        #expect(!out.contains("\u{1B}"))
    }

    @Test func decoratedEndLine() {
        #expect(renderer(.monochrome).render([.end(reason: .completed)]) == "── The conversation has ended. ──\n")
    }

    @Test func quickExitAndSilentEventsShowNothing() {
        #expect(renderer().render([.end(reason: .quickExit)]) == "")
        #expect(renderer().render([.ask(variable: "d", expect: "text", optional: true), .interrupt(id: "crisis")]) == "")
    }

    @Test func handoffSaysNobodyIsConnectedAndAddsNoContacts() {
        let out = renderer(.plain).render([.say("From the flows."), .handoff(variables: ["age": "18"]), .end(reason: .handoff)])
        #expect(out == "From the flows.\n\n\(TerminalRenderer.handoffNote)\n\n\(TerminalRenderer.endedNote)\n")
        #expect(!TerminalRenderer.handoffNote.contains { $0.isNumber })
    }

    @Test func failureIsExplainedKindly() {
        let out = renderer(.plain).render([.failure("step limit reached at loop.a"), .end(reason: .error)])
        #expect(out.hasPrefix("Sorry, something went wrong"))
        #expect(out.contains("(step limit reached at loop.a)"))
    }

    @Test func promptMarksItsColourForTheLineEditor() {
        #expect(renderer(.plain).prompt == "> ")
        #expect(renderer(.rich).prompt == "\u{1}\u{1B}[1m\u{1}>\u{1}\u{1B}[0m\u{1} ")
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(TextLayout.width(of: "a") == 1)
        #expect(TextLayout.width(of: "日") == 2)
        #expect(TextLayout.width(of: "😀") == 2)
        #expect(TextLayout.width(of: "e\u{301}") == 1)
        let out = renderer(width: 10).render([.say("日本語 日本語 ab")])
        #expect(out == "日本語\n日本語 ab\n")
    }

    @Test func tinyWidthsStillShowEveryCharacter() {
        for width in 1...6 {
            let out = renderer(width: width).render([.say("- a list item"), .choices([ChoiceOption(number: 1, id: "a", label: "Go on")])])
            #expect(out.filter { !$0.isWhitespace } == "-alistitem1.Goon")
        }
    }

    @Test func overlongWordsAreCut() {
        #expect(renderer(width: 12).render([.say("https://example.org/very/long")]) == "https://exam\nple.org/very\n/long\n")
    }
}
