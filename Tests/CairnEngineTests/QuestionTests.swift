import CairnEngine
import Testing

@Suite("Free-text questions")
struct QuestionTests {
    func ask(_ expect: String, extra: String = "", retry: String = "Please try again.") throws -> Graph {
        try compile(["q.yaml": """
        flow: q
        title: Q
        start: ask
        nodes:
          ask:
            say: Answer please.
            ask: answer
            expect: \(expect)
        \(extra)
            retry: \(retry)
            go: done
          done:
            say: 'Got {{answer or "nothing"}}.'
            end: completed
        """])
    }

    func answers(_ graph: Graph, _ input: String) throws -> [String] {
        var c = Conversation(graph)
        try c.start()
        return try c.send(input).says
    }

    @Test(arguments: [("yes", "Got yes."), ("Yeah", "Got yes."), ("nope", "Got no."), ("maybe", "Please try again.")])
    func yesNo(input: String, said: String) throws {
        #expect(try answers(try ask("yes_no"), input) == [said])
    }

    @Test(arguments: [("13", "Got 13."), ("12", "Please try again."), ("19", "Please try again."), ("x", "Please try again.")])
    func numberInRange(input: String, said: String) throws {
        #expect(try answers(try ask("number", extra: "    min: 13\n    max: 18"), input) == [said])
    }

    @Test(arguments: [("Instagram", "Got instagram."), ("instagarm", "Got instagram."), ("myspace", "Please try again.")])
    func oneOf(input: String, said: String) throws {
        #expect(try answers(try ask("one_of", extra: "    values: [instagram, tiktok]"), input) == [said])
    }

    @Test(arguments: [("AB-12", "Got AB-12."), ("ab12", "Please try again.")])
    func pattern(input: String, said: String) throws {
        #expect(try answers(try ask("pattern", extra: "    pattern: '[A-Z]{2}-[0-9]+'"), input) == [said])
    }

    @Test func nonEmptyRejectsBlank() throws {
        let graph = try ask("non_empty")
        #expect(try answers(graph, "   ") == ["Please try again."])
        #expect(try answers(graph, "  a photo ") == ["Got a photo."])
    }

    @Test func textKeepsTheWordsAsTyped() throws {
        #expect(try answers(try ask("text"), "It's the one from May") == ["Got It's the one from May."])
    }

    @Test func retryLadderOpensTheEscapeAtTheSecondMiss() throws {
        var files = sample
        files["main.yaml"] = files["main.yaml"]!.replacingOccurrences(of: "    optional: true\n", with: "    expect: yes_no\n    retry: Yes or no?\n")
        var c = Conversation(try compile(files), entry: "main.describe")
        try c.start()
        #expect(try c.send("hmm").says == ["Yes or no?"])
        #expect(try c.send("hmm").says == ["What would you like to do?"])
        try c.send("back")
        #expect(c.node == "main.describe", "back at the question")
    }
}
