@testable import CairnEngine
import CairnLoader
import Foundation
import Testing

/// A number alone (`2`, `3.`, `#2`) picks its choice without tokens (`Engine.numberAlone`), and a
/// command word typed as written is decided at load (`LocaleUnderstanding.commandsAlone`); the
/// whole way (`explain`, which records why) must decide the same for every answer, also where a
/// number is a keyword, a rewrite, a command word, an interrupt word, a concept member or a word
/// of a longer term, and where a command word is heard by an interrupt or rewritten to another.
@Suite("A number or a command alone decides what the whole way decides")
struct NumberAloneTests {
    static let files: [String: String] = [
        "settings.yaml": """
        settings:
          start: main.menu
          commands:
            help:
              words: [help, "0", hlp, give up, "helping"]
              say: Type the number of a choice.
            menu:
              words: [menu, main menu, home]
            back:
              words: [back, undo, go back]
            exit:
              words: [exit, leave now]
          interrupts:
            crisis:
              words: [kms, "999", code 7, give up]
              go: main.crisis
            danger:
              words: ["=helping"]
              go: main.crisis
          topics:
            law:
              words: [section 162.1]
              say: About the law.
              go: main.shown
          capture:
            age: ~age
            grade: ~grade
        """,
        "lexicon.yaml": """
        lexicon: test
        rewrite:
          "4": for
          hlp: menu
          "6 7": six seven
        concepts:
          age:
            teen: ["13", "14", "15"]
          grade:
            nine: [grade 9, "9th grade"]
          year:
            second: ["2", year 2]
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
              - { id: two, label: Two things, keywords: ["13", "3", plan 5], capture: { year: ~year }, go: menu }
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

    static let answers = ["1", "2", "3", "4", "5", "6", "6 7", "7", "9", "0", "01", "002", "13", "14", "162", "999", "9999", "10000", "#2", "3.",
                          "  2  ", "(1)", "2!", "2?!", "1 2", "1,2", "2nd", "2'", "'2", "-1", "+3", "1.5", "", " ", "two", "#", "2\n",
                          "２", "2️⃣", "#7", "9.",
                          "help", "Help", "HELP", "help!", " help", "hlp", "give up", "helping", "menu", "main menu", "home", "back",
                          "undo", "go back", "go  back", "back.", "exit", "leave now", "menus", "bak"]

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

    /// The answers decided at load are those whose whole way is known alone: a known number
    /// that no term matches alone (the `1` and `162` of "section 162.1", the `5` of "plan 5", the
    /// `7` of "code 7", the `9` of "grade 9"), not one that a term is (`3`, `13`, `999`); a command
    /// word no interrupt hears, not `give up` (an interrupt word) or `helping` (one by its exact form).
    @Test func theAnswersDecidedAtLoadAreTheOnesNothingElseHears() throws {
        let graph = try compile(Self.files)
        let u = Engine(graph: graph).core.understanding(for: "en")
        for n in ["1", "5", "7", "9", "162"] { #expect(u.numbersAlone[n] != nil, "\(n)") }
        // `2` is a member of a choice's capture (`year`), `6` starts a rewrite ("6 7").
        for n in ["2", "3", "6", "13", "14", "15", "999", "4"] { #expect(u.numbersAlone[n] == nil, "\(n)") }
        for w in ["help", "0", "hlp", "menu", "main menu", "home", "back", "undo", "go back"] { #expect(u.commandsAlone[w] != nil, "\(w)") }
        for w in ["give up", "helping", "exit", "leave now"] { #expect(u.commandsAlone[w] == nil, "\(w)") }
        // As written `hlp` is help's; as matched (rewritten) it is the menu's, which the whole way gives.
        #expect(u.commandsAlone["hlp"].map { graph.settings.commands[Int($0)].kind } == .menu)
    }

    /// What the numbers above must decide (so the comparison is not between two wrong answers): a
    /// number picks by number before any keyword (`3` at `keyed`), a command or interrupt word first.
    @Test(arguments: [("main.menu", "2", "main.menu#b"), ("main.menu", "#3", "main.menu#c"),
                      ("main.menu", "4", "reprompt"), ("main.menu", "999", "interrupt: crisis"), ("main.menu", "0", "command: help"),
                      ("main.shown", "1", "main.shown#first"), ("main.keyed", "3", "main.keyed#three"),
                      ("main.keyed", "13", "main.keyed#two"), ("main.keyed", "5", "main.keyed#five"),
                      ("main.menu", "1", "main.menu#a"), ("main.menu", "7", "reprompt"), ("main.menu", "give up", "interrupt: crisis"),
                      ("main.menu", "helping", "interrupt: danger"), ("main.menu", "hlp", "command: menu"), ("main.ask", "back", "command: back")])
    func numbersPickWhatTheyShould(node: String, answer: String, decision: String) throws {
        let graph = try compile(Self.files)
        let engine = Engine(graph: graph)
        let index = try #require(graph.nodeIndex[node])
        let session = Session(graph: graph, presets: ["secret": "no"], entry: index)
        var none: Explanation?
        #expect("\(engine.understand(answer, at: index, in: SessionView(session), explanation: &none).decision)" == decision)
    }
}
