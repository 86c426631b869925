import Foundation
import CairnEngine
import Testing

@Suite("Templates")
struct TemplateTests {
    @Test func fillsFromValuesThenFallbackThenDefault() throws {
        let t = try Template.parse("I do not consent to you sharing {{description}}, {{when or \"ever\"}}.")
        #expect(t.variables == ["description", "when"])
        #expect(t.render(["description": "the photo", "when": "now"]) == "I do not consent to you sharing the photo, now.")
        #expect(t.render([:], defaults: ["description": "the image of me"]) == "I do not consent to you sharing the image of me, ever.")
        #expect(t.render([:]) == "I do not consent to you sharing , ever.", "never raw braces")
    }

    @Test func emptyValueCountsAsUnset() throws {
        #expect(try Template.parse("{{a or 'x'}}").render(["a": ""]) == "x")
    }

    @Test(arguments: [("Hi {{name", "'{{' is not closed with '}}'", 3), ("{{ }}", "empty '{{}}': put a variable name inside", 0),
                      ("a {{two words}}", "'two words' is not a variable name (use letters, digits and _)", 2),
                      ("{{a or bare}}", "the fallback after 'or' must be in quotes, like {{a or \"the image\"}}", 0)])
    func errorsSayWhatToFix(text: String, message: String, offset: Int) {
        #expect { try Template.parse(text) } throws: { ($0 as? Template.ParseError).map { $0.message == message && $0.offset == offset } ?? false }
    }
}

@Suite("Conditions")
struct ConditionTests {
    static let vars = ["age_group": "under_18", "situation": "shared", "topics": "evidence,message", "count": "3"]

    @Test(arguments: [
        ("age_group is under_18", true),
        ("age_group is UNDER_18", true),
        ("age_group is not under_18", false),
        ("description is set", false),
        ("description is not set", true),
        ("age_group is one of adult, under_18", true),
        ("topics has evidence", true),
        ("topics has evid", false),
        ("count >= 3", true),
        ("count < 3", false),
        ("count != 2", true),
        ("missing > 1", false),
        ("situation is shared and age_group is adult", false),
        ("situation is shared or age_group is adult", true),
        ("situation is friend or situation is shared and count = 3", true),
        ("not (situation is friend)", true),
        ("situation is \"shared\"", true),
    ])
    func evaluates(text: String, expected: Bool) throws {
        #expect(try Condition.parse(text).evaluate(Self.vars) == expected)
    }

    @Test(arguments: [(" Evidence , message", "evidence", true), ("evidence,,message", "MESSAGE", true), ("evidence", "evidenc", false),
                      ("", "x", false), ("\tsupport\n", "Support", true), ("Évidence,message", "éVIDENCE", true), ("évidence", "evidence", false)])
    func listsHoldWordsWhateverTheirCaseAndSpaces(list: String, word: String, holds: Bool) {
        #expect(Condition.has("topics", word).evaluate(["topics": list]) == holds)
    }

    @Test func listBytePathAgreesWithTheGeneralOne() {
        // Lists and words from a small alphabet with spaces, commas and case: every one is decided
        // as splitting, trimming and lower-casing would decide it.
        let alphabet = Array("aAb ,\t")
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) % n }
        func text(_ max: Int) -> String { String((0..<next(max)).map { _ in alphabet[next(alphabet.count)] }) }
        for _ in 0..<5_000 {
            let list = text(9), word = text(4)
            let expected = list.split(separator: ",").contains {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == word.lowercased()
            }
            #expect(Condition.has("topics", word).evaluate(["topics": list]) == expected, "\(list.debugDescription) has \(word.debugDescription)")
        }
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(try Condition.parse("a is 1 or b is 2 and c is 3") == .or([.equals("a", "1"), .and([.equals("b", "2"), .equals("c", "3")])]))
    }

    @Test(arguments: [("", 0), ("age_group", 9), ("age_group is", 12), ("age_group equals x", 10), ("(a is b", 7),
                      ("a is b)", 6), ("count >= lots", 9), ("1abc is x", 0), ("a is \"open", 5)])
    func errorsHavePositions(text: String, offset: Int) {
        #expect { try Condition.parse(text) } throws: { ($0 as? Condition.ParseError)?.offset == offset }
    }
}
