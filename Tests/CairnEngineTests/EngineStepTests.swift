import CairnEngine
import Testing

@Suite("Engine step")
struct EngineStepTests {
    @Test func startSaysMessagesThenChoices() throws {
        var c = Conversation(try compile(sample))
        let events = try c.start()
        #expect(events == [.say("Hi. I'm an automated guide."),
                           .choices([ChoiceOption(number: 1, id: "main.hello#1", label: "Continue"),
                                     ChoiceOption(number: 2, id: "main.hello#2", label: "Leave now")])])
        #expect(c.node == "main.hello")
    }

    @Test func messageConditionUsesHostPresets() throws {
        var c = Conversation(try compile(sample), presets: ["counsellors": "yes"])
        #expect(try c.start().says == ["Hi. I'm an automated guide.", "A person can join later."])
    }

    @Test func choiceConditionHidesAndRenumbers() throws {
        let graph = try compile(sample)
        var young = Conversation(graph)
        try young.start(); try young.send("1")
        #expect(try young.send("young").labels == ["Save evidence", "Write a message", "Take It Down", "Talk to a person"])
        var adult = Conversation(graph)
        try adult.start(); try adult.send("1")
        let events = try adult.send("adult")
        #expect(events.labels == ["Save evidence", "Write a message", "Talk to a person"])
        #expect(try adult.send("3").endReason == .handoff, "3 is the third visible choice")
    }

    @Test func templateUsesAnswerOrDefault() throws {
        let graph = try compile(sample)
        var c = Conversation(graph, entry: "main.describe")
        try c.start()
        #expect(try c.send("the beach photo").says == ["I do not consent to you sharing the beach photo."])
        var skip = Conversation(graph, entry: "main.describe")
        try skip.start()
        #expect(try skip.send("skip").says == ["I do not consent to you sharing the image of me."])
    }

    @Test func callRunsSubFlowAndReturns() throws {
        var c = Conversation(try compile(sample), entry: "main.menu")
        try c.start()
        #expect(try c.send("evidence").says == ["Capture the URL."])
        try c.send("done")
        let events = try c.send("skip")
        #expect(events.says == ["What would you like to do?"])
        #expect(c.node == "main.menu")
    }

    @Test func handoffSharesOnlyListedVariablesThatAreSet() throws {
        var c = Conversation(try compile(sample))
        try c.start(); try c.send("1"); try c.send("1")
        try c.send("evidence"); try c.send("1"); try c.send("1")
        let events = try c.send("talk to a person")
        #expect(events == [.handoff(variables: ["age_group": "under_18", "topics": "evidence"]), .end(reason: .handoff)])
        #expect(c.session.variables.isEmpty, "an ended session holds nothing")
    }

    @Test func listVariableAddsEachWordOnce() throws {
        var c = Conversation(try compile(sample), entry: "main.menu")
        try c.start()
        for _ in 0..<2 { try c.send("evidence"); try c.send("1"); try c.send("1") }
        try c.send("message")
        #expect(c.session.variables["topics"] == "evidence,message")
    }

    @Test func everySessionEndsExactlyOnce() throws {
        let graph = try compile(sample)
        for inputs in [["2"], ["exit"], ["1", "quit"], ["1", "delete"], ["get me out"], ["1", "1", "human"]] {
            var c = Conversation(graph)
            try c.start()
            for i in inputs { try c.send(i) }
            #expect(c.log.ends == 1, "\(inputs)")
            #expect(c.session.isEnded)
        }
    }

    @Test func hostCancelAndTimeoutEndWithTheirReasons() throws {
        let graph = try compile(sample)
        var c = Conversation(graph)
        try c.start()
        #expect(try c.turn(.cancel) == [.end(reason: .hostCancelled)])
        var t = Conversation(graph)
        try t.start()
        #expect(try t.turn(.timeout) == [.end(reason: .idleTimeout)])
    }

    @Test func callerMistakesAreTypedErrors() throws {
        let graph = try compile(sample)
        let engine = Engine(graph: graph)
        var s = Session(graph: graph)
        #expect(throws: EngineError.notStarted) { try engine.step(&s, .text("hi")) }
        _ = try engine.step(&s, .start)
        #expect(throws: EngineError.alreadyStarted) { try engine.step(&s, .start) }
        _ = try engine.step(&s, .text("exit"))
        #expect(throws: EngineError.ended(.quickExit)) { try engine.step(&s, .text("1")) }
        var other = Session(graph: try compile(sample.merging(["extra.yaml": "flow: extra\ntitle: X\nstart: a\nnodes:\n  a:\n    end: completed\n"]) { a, _ in a }))
        #expect(throws: EngineError.self) { try engine.step(&other, .start) }
    }

    @Test func deterministic() throws {
        let graph = try compile(sample)
        let inputs = ["1", "yung", "evidence", "1", "2", "message", "a photo", "1", "back", "human"]
        var runs: [[Event]] = []
        for _ in 0..<2 {
            var c = Conversation(graph)
            try c.start()
            for i in inputs { try c.send(i) }
            runs.append(c.log)
        }
        #expect(runs[0] == runs[1])
    }

    @Test func localeFallsBackToDefault() throws {
        var files = sample
        files["main.yaml"] = files["main.yaml"]!.replacingOccurrences(of: "say: How old are you?", with: "say:\n      en: How old are you?\n      fr: Quel âge as-tu?")
        let graph = try compile(files)
        var fr = Conversation(graph, locale: "fr-CA")
        #expect(try fr.start().says == ["Hi. I'm an automated guide."], "no French text: the default")
        #expect(try fr.send("1").says == ["Quel âge as-tu?"], "fr-CA uses fr")
        var de = Conversation(graph, locale: "de")
        try de.start()
        #expect(try de.send("1").says == ["How old are you?"])
    }
}
