@testable import CairnEngine
import CairnLoader
import Foundation
import Testing

/// A number alone (`2`, `3.`, `#2`) picks its choice without tokens (`Engine.numberAlone`); the
/// whole way (`explain`, which records why) must decide the same for every answer, also where a
/// number is a keyword, a rewrite, a command word, an interrupt word or a concept member.
@Suite("A number alone decides what the whole way decides")
struct NumberAloneTests {
    static let files: [String: String] = [
        "settings.yaml": """
        settings:
          start: main.menu
          commands:
            help:
              words: [help, "0"]
              say: Type the number of a choice.
          interrupts:
            crisis:
              words: [kms, "999"]
              go: main.crisis
          capture:
            age: ~age
        """,
        "lexicon.yaml": """
        lexicon: test
        rewrite:
          "4": for
        concepts:
          age:
            teen: ["13", "14", "15"]
        """,
        "main.yaml": """
        flow: main
        title: Main
        start: menu
        nodes:
          menu:
            say: Pick one.
            choices:
              - { id: a, label: Apples, go: menu }
              - { id: b, label: Bananas, go: shown }
              - { id: c, label: Cherries, go: keyed }
          shown:
            say: Some choices show only sometimes.
            choices:
              - { id: hidden, label: Hidden one, if: secret is yes, go: menu }
              - { id: first, label: "Hello {{name or 'you'}}", go: menu }
              - { id: second, label: Second, go: menu }
              - { id: third, label: Third, go: menu }
              - { id: fourth, label: Fourth, go: menu }
          keyed:
            say: Numbers as words of their own.
            choices:
              - { id: one, label: One thing, go: menu }
              - { id: two, label: Two things, keywords: ["13", "3"], go: menu }
              - { id: three, label: Three things, go: menu }
              - { id: four, label: Four things, go: menu }
              - { id: five, label: Five things, go: menu }
          crisis:
            say: Here are the lines.
            set: { secret: "yes" }
            go: menu
          ask:
            say: What is your name?
            ask: name
            go: menu
        """,
    ]

    static let answers = ["1", "2", "3", "4", "5", "6", "0", "01", "002", "13", "14", "999", "9999", "10000", "#2", "3.", "  2  ",
                          "(1)", "2!", "2?!", "1 2", "1,2", "2nd", "2'", "'2", "-1", "+3", "1.5", "", " ", "two", "#", "2\n", "２", "2️⃣"]

    @Test func everyAnswerAtEveryPromptDecidesTheSameBothWays() throws {
        let graph = try compile(Self.files)
        let engine = Engine(graph: graph)
        for node in ["main.menu", "main.shown", "main.keyed", "main.ask"] {
            for secret in ["yes", "no"] {
                let index = try #require(graph.nodeIndex[node])
                let session = Session(graph: graph, presets: ["secret": secret], entry: index)
                for answer in Self.answers {
                    var none: Explanation?
                    let quick = engine.understand(answer, at: index, in: SessionView(session), explanation: &none)
                    let whole = engine.explain(answer, at: index, in: session)
                    #expect(quick.decision == whole.decision, "\(node) (secret \(secret)): '\(answer)'")
                    var captured: [String: String] = [:]
                    for (k, v) in quick.captures { captured[k] = v }
                    #expect(captured == whole.captures, "\(node): '\(answer)'")
                }
            }
        }
    }

    /// What the numbers above must decide (so the comparison is not between two wrong answers): a
    /// number picks by number before any keyword (`3` at `keyed`), a command or interrupt word first.
    @Test(arguments: [("main.menu", "2", "main.menu#b"), ("main.menu", "#3", "main.menu#c"),
                      ("main.menu", "4", "reprompt"), ("main.menu", "999", "interrupt: crisis"), ("main.menu", "0", "command: help"),
                      ("main.shown", "1", "main.shown#first"), ("main.keyed", "3", "main.keyed#three"),
                      ("main.keyed", "13", "main.keyed#two")])
    func numbersPickWhatTheyShould(node: String, answer: String, decision: String) throws {
        let graph = try compile(Self.files)
        let engine = Engine(graph: graph)
        let index = try #require(graph.nodeIndex[node])
        let session = Session(graph: graph, presets: ["secret": "no"], entry: index)
        var none: Explanation?
        #expect("\(engine.understand(answer, at: index, in: SessionView(session), explanation: &none).decision)" == decision)
    }
}
