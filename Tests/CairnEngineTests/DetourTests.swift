import CairnEngine
import CairnLoader
import Testing

/// A guide with the detours people take: a lost node after two misses, a delete that asks first,
/// a crisis interrupt, and a free-text question.
let detourGuide: [String: String] = [
    "settings.yaml": """
    settings:
      start: main.ask
      menu: main.menu
      commands:
        delete:
          words: [delete]
          go: main.confirm_delete
          instant: [forget me, delete this chat]
      interrupts:
        crisis:
          words: [suicide]
          go: main.lines
      reprompt:
        first: Sorry, I didn't catch that.
        then: main.lost
    """,
    "contacts.yaml": crisisLineDirectory,
    "main.yaml": """
    flow: main
    title: Main
    start: ask
    nodes:
      ask:
        say: Where is the picture?
        choices:
          - label: On a website
            go: note
          - label: Menu please
            go: menu
      note:
        say: Which site?
        ask: site
        expect: non_empty
        go: menu
      menu:
        say: The menu.
        choices:
          - label: Ask again
            go: ask
      lost:
        say: I'm a simple guide.
        choices:
          - label: Try again
            return: true
          - label: Lines
            go: lines
          - label: The menu
            go: menu
      lines:
        say: Call {{contact.crisis_line.phone}}.
        choices:
          - label: Back to where I was
            return: true
      confirm_delete:
        say: Delete this chat?
        choices:
          - id: "yes"
            label: "Yes"
            go: deleted
          - id: "no"
            label: "No"
            return: true
      deleted:
        say: Deleted.
        end: user_delete
    """,
]

@Suite("Detours that keep the person's place")
struct DetourTests {
    static let graph = try! compile(detourGuide)

    @Test func twoMissesOpenTheLostNodeAndTryAgainReturns() throws {
        var c = Conversation(Self.graph)
        try c.start()
        #expect(try c.send("zzz").says == ["Sorry, I didn't catch that."])
        #expect(try c.send("qqq").says == ["I'm a simple guide."])
        let back = try c.send("try again")
        #expect(back.says == ["Let's go back to where you were.", "Where is the picture?"])
        #expect(c.node == "main.ask")
        #expect(try c.send("zzz").says == ["Sorry, I didn't catch that."], "the ladder starts again")
    }

    @Test func fromTheLostNodeTheCrisisLinesStillLeadBack() throws {
        var c = Conversation(Self.graph)
        try c.start(); try c.send("zzz"); try c.send("qqq")
        try c.send("lines")
        #expect(c.node == "main.lines")
        try c.send("back to where i was")
        #expect(c.node == "main.ask")
    }

    @Test func theMenuEndsDetours() throws {
        var c = Conversation(Self.graph)
        try c.start(); try c.send("zzz"); try c.send("qqq")
        try c.send("the menu")
        #expect(c.node == "main.menu")
        try c.send("ask again")
        // An interrupt now returns to where the person is, not to the question they left before the menu.
        try c.send("suicide")
        try c.send("back to where i was")
        #expect(c.node == "main.ask")
        try c.send("1")
        #expect(c.node == "main.note")
        try c.send("suicide")
        try c.send("back to where i was")
        #expect(c.node == "main.note", "the interrupt returns to the question it interrupted")
    }

    @Test func aBareDeleteAsksFirstAndNoReturns() throws {
        var c = Conversation(Self.graph)
        try c.start()
        #expect(try c.send("delete").says == ["Delete this chat?"])
        #expect(!c.session.isEnded)
        let no = try c.send("no")
        #expect(no.says == ["Let's go back to where you were.", "Where is the picture?"])
        #expect(c.node == "main.ask")
    }

    @Test func yesAtTheConfirmationDeletes() throws {
        var c = Conversation(Self.graph)
        try c.start(); try c.send("1"); try c.send("insta")
        try c.send("delete")
        let yes = try c.send("yes")
        #expect(yes.says == ["Deleted."])
        #expect(yes.endReason == .userDelete)
        #expect(c.session.variables.isEmpty, "what the session held is wiped")
    }

    @Test(arguments: ["forget me", "delete this chat", "Delete this chat!"])
    func unmistakableWordsDeleteAtOnce(answer: String) throws {
        var c = Conversation(Self.graph)
        try c.start()
        let events = try c.send(answer)
        #expect(events.endReason == .userDelete)
        #expect(events.says == ["Everything from this conversation has been deleted."])
    }

    @Test func deleteTypedAtTheConfirmationDeletes() throws {
        var c = Conversation(Self.graph)
        try c.start(); try c.send("delete")
        #expect(try c.send("delete").endReason == .userDelete)
    }

    @Test func helpAtAFreeTextQuestionAsksTheQuestionAgain() throws {
        var c = Conversation(Self.graph)
        try c.start(); try c.send("1")
        let help = try c.send("help")
        #expect(help.says.last == "Which site?")
        #expect(help.last == .ask(variable: "site", expect: "non_empty", optional: false))
    }
}
