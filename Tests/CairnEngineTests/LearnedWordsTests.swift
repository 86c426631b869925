@testable import CairnEngine
import CairnLoader
import Foundation
import Testing

/// Words answers often hold that no term uses (command words, number words, the words of the
/// flows' own messages) are learned at load (`Normalizer.learn`): their stem and what the
/// vocabulary makes of them are worked out once. An answer holding one must get exactly the key
/// it would get worked out at the answer.
@Suite("Words learned at load get the key they would get at each answer")
struct LearnedWordsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bundled() throws -> Graph {
        let result = try FlowLoader.load(paths: [root.appendingPathComponent("Flows").path])
        return try result.graph ?? { throw FlowErrors(diagnostics: result.diagnostics) }()
    }

    @Test func everyLearnedWordOfTheGuideGetsTheKeyWorkedOutFromScratch() throws {
        let graph = try Self.bundled()
        let u = LocaleUnderstanding(graph: graph, locale: "en")
        let stemmer = try #require(u.normalizer.stemmer)
        var learned = 0, compared = 0, withTypos = 0, withStems = 0
        for (word, e) in u.normalizer.table.pairs where u.normalizer.entries[Int(e)].learnedStem >= 0 {
            learned += 1
            #expect(u.vocabulary.id(word: word) == nil, "'\(word)' is a term word, not a learned one")
            let answer = u.answer(word)
            // A word the tables rewrite (`u` -> `you`) is read as its rewrite, not itself.
            guard answer.tokens.count == 1, answer.tokens[0].text == word else { continue }
            compared += 1
            let token = answer.tokens[0]
            #expect(token.stemIsKnown && token.stem == stemmer.stem(word), "'\(word)': stem \(token.stem)")
            var typos: [Int32] = []
            let fresh = u.vocabulary.key(Token(text: word, stem: stemmer.stem(word)), known: nil, typos: &typos)
            #expect(token.key.id == fresh.id && token.key.stemID == fresh.stemID, "'\(word)'")
            #expect(Array(answer.typos) == typos, "'\(word)': typos \(answer.typos) against \(typos)")
            if !typos.isEmpty { withTypos += 1 }
            if fresh.stemID >= 0 { withStems += 1 }
        }
        // The guide's messages hold hundreds of words no term uses, some a typo of a term word
        // ("text" of "texted"?) or sharing a term's stem ("deleting" of "delete").
        #expect(learned > 300)
        #expect(compared > 300)
        #expect(withTypos > 0)
        #expect(withStems > 0)
    }

    static let files: [String: String] = [
        "settings.yaml": """
        settings:
          start: main.menu
          commands:
            help:
              words: [helpme]
              say: Type the number of a choice.
        """,
        "main.yaml": """
        flow: main
        title: Main
        start: menu
        nodes:
          menu:
            say: Would you like to keep screenshots, or block them?
            choices:
              - { id: save, label: Save proof, keywords: [screenshot], go: menu }
              - { id: block, label: Block them, keywords: [blocking], go: menu }
        """,
    ]

    /// The message's own words reach the terms as they would unlearned: `screenshots` (a word of the
    /// message) by the stem of `screenshot`, `block` (a word of a label) by the stem of `blocking`, a command word by
    /// itself; `would` and `like` (no term's) change nothing.
    @Test(arguments: [("screenshots", "main.menu#save"), ("i would like to block them", "main.menu#block"),
                      ("helpme", "command: help"), ("would", "reprompt"), ("screenshots pls", "main.menu#save")])
    func messageWordsPickWhatTheyWouldUnlearned(answer: String, decision: String) throws {
        let graph = try compile(Self.files)
        let engine = Engine(graph: graph)
        let index = try #require(graph.nodeIndex["main.menu"])
        let session = Session(graph: graph, entry: index)
        let u = LocaleUnderstanding(graph: graph, locale: "en")
        for word in ["would", "like", "screenshots", "helpme", "keep"] {
            let e = u.normalizer.entry(word)
            #expect(e >= 0 && u.normalizer.entries[Int(e)].learnedStem >= 0, "'\(word)' is learned")
        }
        var none: Explanation?
        #expect("\(engine.understand(answer, at: index, in: SessionView(session), explanation: &none).decision)" == decision)
        #expect("\(engine.explain(answer, at: index, in: session).decision)" == decision)
    }
}
