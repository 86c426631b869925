import CairnEngine
import Testing

@Suite("Matching answers to choices")
struct MatcherTests {
    /// The menu the table below is matched against.
    static let menu: [Matcher.Terms] = [
        .init(label: "save evidence", keywords: ["evidence", "screenshot", "proof"]),
        .init(label: "get the image removed", keywords: ["remove", "removal", "take down"]),
        .init(label: "talk to someone", keywords: ["talk", "person"]),
        .init(label: "back to the start", keywords: ["bake sale"]),
    ]

    static let table: [(String, Matcher.Result)] = [
        // 1. numbers
        ("2", .matched(1, rule: .number)),
        ("#2", .matched(1, rule: .number)),
        ("2.", .matched(1, rule: .number)),
        ("option 3", .matched(2, rule: .number)),
        ("9", .none),
        ("0", .none),
        // 2. labels: case, accents and punctuation never matter
        ("Save evidence", .matched(0, rule: .label)),
        ("SAVE EVIDENCE!!!", .matched(0, rule: .label)),
        ("sävé évidençe", .matched(0, rule: .label)),
        ("get-the-image-removed", .matched(1, rule: .label)),
        // 3. keywords
        ("proof", .matched(0, rule: .keyword)),
        ("Take down", .matched(1, rule: .keyword)),
        // 4. contained as whole words
        ("i want to take a screenshot", .matched(0, rule: .contained)),
        ("can i talk to a person please", .matched(2, rule: .contained)),
        ("evidence and removal", .ambiguous([0, 1], rule: .contained)),
        ("proofread", .none),  // whole words only: not "proof"
        // 5. typos, scaled to word length
        ("evidnce", .matched(0, rule: .typo)),
        ("screnshot", .matched(0, rule: .typo)),
        ("remvoe", .matched(1, rule: .typo)),
        ("get the imgae removed", .matched(1, rule: .typo)),
        // typos that must NOT match something else
        ("tall", .none),        // 4 letters tolerate no typo: not "talk"
        ("bake", .none),        // not "back", and "bake sale" needs both words
        ("persons", .matched(2, rule: .typo)),
        ("move", .none),        // not "remove": 2 edits away from a 6-letter word
        ("", .none),
        ("   ", .none),
    ]

    @Test(arguments: table)
    func rule(answer: String, expected: Matcher.Result) {
        #expect(Matcher.match(normalize(answer), Self.menu) == expected)
    }

    @Test func labelBeatsAKeywordOfAnotherChoice() {
        let terms: [Matcher.Terms] = [.init(label: "yes", keywords: []), .init(label: "no", keywords: ["yes please"])]
        #expect(Matcher.match("yes", terms) == .matched(0, rule: .label))
    }

    @Test func equalTyposOnTwoChoicesAreAmbiguous() {
        let terms: [Matcher.Terms] = [.init(label: "report", keywords: []), .init(label: "repost", keywords: [])]
        #expect(Matcher.match("repot", terms) == .ambiguous([0, 1], rule: .typo))
    }

    @Test(arguments: [("  Don't  SHARE—it!  ", "dont share it"), ("Réponse", "reponse"), ("self-harm", "self harm"),
                      ("ÉCOLE", "ecole"), ("it’s", "its"), ("1-800", "1 800")])
    func normalization(input: String, expected: String) {
        #expect(normalize(input) == expected)
    }

    @Test(arguments: [("kitten", "sitting", 3), ("evidnce", "evidence", 1), ("ab", "ba", 1), ("abc", "abc", 0), ("", "ab", 2)])
    func editDistanceCounts(a: String, b: String, d: Int) {
        #expect(editDistance(a, b, limit: 5) == d)
    }

    @Test func editDistanceStopsAtTheLimit() {
        #expect(editDistance("aaaaaaaa", "bbbbbbbb", limit: 2) == 3)
    }
}

extension Matcher.Result: CustomTestStringConvertible {
    public var testDescription: String { "\(self)" }
}

@Suite("Matching: phrases inside phrases")
struct ContainedPhraseTests {
    static let age: [Matcher.Terms] = [.init(label: "under 18", keywords: ["young"]), .init(label: "18 or over", keywords: ["18", "adult"])]

    @Test func theLongerPhraseWinsWhenItHoldsTheOther() {
        #expect(Matcher.match(normalize("I'm under 18"), Self.age) == .matched(0, rule: .contained))
        #expect(Matcher.match(normalize("I am 18"), Self.age) == .matched(1, rule: .contained))
    }

    @Test func unrelatedPhrasesStayAmbiguous() {
        #expect(Matcher.match(normalize("young adult"), Self.age) == .ambiguous([0, 1], rule: .contained))
    }
}
