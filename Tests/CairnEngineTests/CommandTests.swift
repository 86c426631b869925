import CairnEngine
import Testing

@Suite("Global commands, interrupts and reprompts")
struct CommandTests {
    @Test func backUndoesTheLastAnswer() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1"); try c.send("young")
        #expect(c.session.variables["age_group"] == "under_18")
        let events = try c.send("back")
        #expect(events.says == ["How old are you?"])
        #expect(c.node == "main.age")
        #expect(c.session.variables["age_group"] == nil, "the answer is undone")
        try c.send("/back")
        #expect(c.node == "main.hello", "the slash form works too")
        #expect(try c.send("back").says == ["There's nothing to go back to yet."])
    }

    @Test func restartForgetsAnswersButKeepsPresets() throws {
        var c = Conversation(try compile(sample), presets: ["counsellors": "yes"])
        try c.start(); try c.send("1"); try c.send("adult")
        let events = try c.send("start over")
        #expect(events.says == ["Hi. I'm an automated guide.", "A person can join later."])
        #expect(c.session.variables == ["counsellors": "yes"])
    }

    @Test func menuKeepsAnswersAndCanBeUndone() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1"); try c.send("adult")
        try c.send("evidence")
        #expect(c.node == "evidence.first")
        #expect(try c.send("menu").says == ["What would you like to do?"])
        #expect(c.session.variables["age_group"] == "adult")
        try c.send("back")
        #expect(c.node == "evidence.first")
    }

    @Test func helpAndRepeatAskTheSameQuestionAgain() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1")
        let help = try c.send("help")
        #expect(help.says.count == 1 && help.says[0].hasPrefix("Type the number of a choice"))
        #expect(help.labels == ["Under 18", "18 or over"])
        #expect(try c.send("repeat").says == ["How old are you?"])
        #expect(c.node == "main.age")
    }

    @Test func deleteEndsAndWipes() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1"); try c.send("adult")
        let events = try c.send("forget me")
        #expect(events.last == .end(reason: .userDelete))
        #expect(c.session.variables.isEmpty && c.session.isEnded)
    }

    @Test(arguments: ["exit", "EXIT", "quit", "/quit", " Exit! ", "get me out"])
    func quickExitWorksAtEveryKindOfPrompt(word: String) throws {
        let graph = try compile(sample)
        for entry in ["main.hello", "main.describe", "evidence.second", "crisis.lines"] {
            var c = Conversation(graph, entry: entry)
            try c.start()
            #expect(try c.send(word) == [.end(reason: .quickExit)], "\(entry)")
        }
    }

    @Test func crisisInterruptsAnywhereAndResumes() throws {
        var c = Conversation(try compile(sample), entry: "main.menu")
        try c.start(); try c.send("evidence"); try c.send("done")
        let events = try c.send("sometimes I think about suicide")
        #expect(events.first == .interrupt(id: "crisis"))
        #expect(events.says == ["Call or text 9-8-8."])
        let back = try c.send("go back to where I was")
        #expect(back.says == ["Let's go back to where you were.", "Note the date and time."])
        #expect(c.node == "evidence.second")
        try c.send("done")
        #expect(c.node == "main.menu", "the call under the interrupt still returns")
    }

    @Test func crisisWordsInsideAFreeTextAnswerInterruptAndAreNotStored() throws {
        var c = Conversation(try compile(sample), entry: "main.describe")
        try c.start()
        try c.send("I want to kill myself")
        #expect(c.session.variables["description"] == nil)
        try c.send("resume")
        #expect(c.node == "main.describe")
    }

    @Test func interruptInsideTheInterruptDoesNotStack() throws {
        var c = Conversation(try compile(sample), entry: "main.menu")
        try c.start()
        try c.send("self-harm"); try c.send("self harm"); try c.send("suicide")
        try c.send("1")
        #expect(c.node == "main.menu", "one return leads back out")
    }

    @Test func backAfterResumingDoesNotReturnIntoTheInterrupt() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1"); try c.send("young")
        try c.send("suicide"); try c.send("1")
        try c.send("back")
        #expect(c.node == "main.age")
    }

    @Test func repromptLadderRetriesThenOpensTheEscapeKeepingThePlace() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1")
        let first = try c.send("purple")
        #expect(first.says == ["Sorry, I didn't catch that."] && first.labels == ["Under 18", "18 or over"])
        #expect(try c.send("banana").says == ["What would you like to do?"], "the second miss opens the escape")
        #expect(c.node == "main.menu")
        let back = try c.send("back")
        #expect(back.says == ["How old are you?"], "and the person's place is kept")
        #expect(c.node == "main.age")
    }

    @Test func withoutAnEscapeTheSecondMissGivesTheHint() throws {
        var files = sample
        files["settings.yaml"] = files["settings.yaml"]!.replacingOccurrences(of: "    then: main.menu", with: "")
        var c = Conversation(try compile(files))
        try c.start(); try c.send("1")
        try c.send("purple")
        #expect(try c.send("banana").says == ["Try a number, like 1."])
        #expect(try c.send("zzz").says == ["Try a number, like 1."], "never dropped: the hint again, at the same question")
        #expect(c.node == "main.age")
    }

    @Test func aGoodAnswerResetsTheLadder() throws {
        var c = Conversation(try compile(sample))
        try c.start()
        try c.send("purple"); try c.send("1"); try c.send("purple")
        #expect(c.log.says.last == "Sorry, I didn't catch that.")
    }

    @Test func ambiguousAnswerAsksWhichOne() throws {
        var c = Conversation(try compile(sample), entry: "main.menu")
        try c.start()
        let events = try c.send("a screenshot of the message")
        #expect(events.says == ["Which one did you mean?"])
        #expect(events == [.say("Which one did you mean?"), .choices([
            ChoiceOption(number: 1, id: "main.menu#1", label: "Save evidence"),
            ChoiceOption(number: 2, id: "main.menu#2", label: "Write a message")])])
        try c.send("2")
        #expect(c.node == "main.describe")
    }
}

@Suite("Undo around interrupts")
struct InterruptUndoTests {
    @Test func backAtTheCrisisLinesAsksTheInterruptedQuestionAgain() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1")
        try c.send("suicide")
        let events = try c.send("back")
        #expect(events.says == ["How old are you?"])
        #expect(c.node == "main.hello" || c.node == "main.age")
        #expect(c.node == "main.age", "the question the person was at, with no answer undone")
    }
}

@Suite("Interrupts whose node sits in the same flow")
struct SameFlowInterruptTests {
    @Test func returnGoesBackToTheQuestionNotToTheEnd() throws {
        var files = sample
        files["settings.yaml"] = files["settings.yaml"]!.replacingOccurrences(of: "go: crisis", with: "go: main.crisis_here")
        files["main.yaml"] = files["main.yaml"]! + """

          crisis_here:
            say: Call or text {{contact.crisis_line.phone}}.
            choices:
              - label: Go back
                return: true
        """
        var c = Conversation(try compile(files))
        try c.start(); try c.send("1")
        try c.send("suicide")
        try c.send("suicide")
        let back = try c.send("1")
        #expect(back.says == ["Let's go back to where you were.", "How old are you?"])
        #expect(!c.session.isEnded)
    }
}

@Suite("Interrupt words")
struct InterruptWordTests {
    /// A guide whose interrupt has words, a phrase with negation in it, and a pattern.
    static let graph = try! compile([
        "settings.yaml": """
        settings:
          start: main.ask
          interrupts:
            crisis:
              words: [suicide, kill myself, self harm, in danger, "don't want to live", "[want wish] * die"]
              go: main.help
        """,
        "main.yaml": """
        flow: main
        title: Main
        start: ask
        nodes:
          ask:
            say: How are you?
            choices:
              - label: Fine
                go: ask
          help:
            say: Help is here.
            return: true
        """,
    ])

    func decision(_ answer: String) -> Decision {
        let engine = Engine(graph: Self.graph)
        return engine.explain(answer, at: Self.graph.nodeIndex["main.ask"]!, in: Session(graph: Self.graph)).decision
    }

    @Test(arguments: ["suicide", "thinking about suicide lately", "SUICIDE!!", "I want to kill myself", "self-harm", "im in danger",
                      "sucide", "suicid", "suiside thoughts", "i dont want to live", "i'm not going to kill myself",
                      "i wish i could just die", "killing myself"])
    func fires(answer: String) { #expect(decision(answer) == .interrupt("crisis")) }

    @Test(arguments: ["1", "side", "decide", "myself", "dangerous game", "harmless", "my phone died", "i want to dye my hair"])
    func doesNotFire(answer: String) { #expect(decision(answer) != .interrupt("crisis")) }
}
