import CairnEngine
import Foundation
import Testing

/// Template and condition errors quote the writer's words shortened, so a message stays short
/// however long the text (found by Fuzz/run fuzz-template; issue 12).
@Suite("Parse errors: short messages")
struct ParseMessageTests {
    /// The input fuzz-template found: invalid UTF-8 (repaired as U+FFFD) inside a slot makes a
    /// 126-character name that the message quoted whole.
    @Test func theFuzzedTemplateGetsAShortMessage() throws {
        let bytes: [UInt8] = Array("{{{{d5555".utf8) + [0xCF] + Array("{".utf8) + Array(repeating: 0xD0, count: 126)
            + Array("{x or \"V".utf8) + [0xD1] + Array("\"}}".utf8) + [0x9A, 0xF3] + Array("t}}".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        let error = #expect(throws: Template.ParseError.self) { try Template.parse(text) }
        #expect((error?.message.count ?? 999) < 120, "\(error?.message ?? "")")
        #expect(error?.message.hasSuffix("…' is not a variable name (use letters, digits and _)") == true)
    }

    @Test func longWordsAreShortenedInTemplateAndConditionErrors() throws {
        let long = String(repeating: "ab-", count: 2_000)
        let cases: [(String, Bool)] = [
            ("{{\(long)}}", true), ("{{x\(long) or y}}", true),
            ("\(long) is set", false), ("x is set \(long)", false), ("x \(long) y", false), ("x < \(long)", false),
            ("\(String(repeating: "a", count: 5_000)) is (", false),
        ]
        for (text, isTemplate) in cases {
            let message: String
            if isTemplate {
                message = (#expect(throws: Template.ParseError.self) { try Template.parse(text) })?.message ?? ""
            } else {
                message = (#expect(throws: Condition.ParseError.self) { try Condition.parse(text) })?.message ?? ""
            }
            #expect(!message.isEmpty && message.count < 200, "\(message.prefix(300))")
        }
    }

    @Test func shortTextIsQuotedWhole() {
        #expect("platform".shortenedForMessage == "platform")
        #expect(String(repeating: "é", count: 40).shortenedForMessage == String(repeating: "é", count: 40))
        #expect(String(repeating: "é", count: 41).shortenedForMessage == String(repeating: "é", count: 40) + "…")
        let error = #expect(throws: Template.ParseError.self) { try Template.parse("{{a-b}}") }
        #expect(error?.message == "'a-b' is not a variable name (use letters, digits and _)")
    }

    /// A text is cut where its 40th scalar ends, whether it is ASCII, accented or emoji, and left
    /// whole up to there (the byte-count shortcut for short texts gives the same).
    @Test func textIsCutAtItsFortiethScalar() {
        for unit in ["a", "é", "e\u{301}", "😭", "👍🏽"] {
            for count in [0, 1, 10, 13, 20, 39, 40, 41, 80] {
                let text = String(repeating: unit, count: count)
                let scalars = Array(text.unicodeScalars)
                let expected = scalars.count <= 40 ? text : String(String.UnicodeScalarView(scalars.prefix(40))) + "…"
                #expect(text.shortenedForMessage == expected, "\(unit) × \(count)")
                #expect(Substring(text).shortenedForMessage(3) == (scalars.count <= 3 ? text : String(String.UnicodeScalarView(scalars.prefix(3))) + "…"))
            }
        }
    }

    /// Names are ASCII letters, digits and `_`, not starting with a digit: judged byte by byte, as
    /// the old test of Unicode properties judged them.
    @Test func identifiersAreAsciiLettersDigitsAndUnderscores() {
        func byProperties(_ s: String) -> Bool {
            guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
            return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
        }
        let samples = ["", "a", "Z", "_", "_1", "1a", "ask_name", "Flow2", "a-b", "a b", "a.b", "é", "aé", "a\u{301}", "ǅ", "a😭",
                       "@", "[", "`", "{", "a@", "a[", "a`", "a{", "a/", "a:", "9", "a9", "\u{0}", "a\u{7F}", "ａ"]
        var generated: [String] = []
        var state: UInt64 = 12345
        let alphabet = Array("aZ_09-.@[`{ éß😭\u{301}") // letters, digits, edges of the ranges and others
        for _ in 0..<2_000 {
            var s = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(state >> 61) {
                s.append(alphabet[Int((state >> UInt64(8 * k % 56)) & 0xFF) % alphabet.count])
            }
            generated.append(s)
        }
        for s in samples + generated {
            #expect(Identifier.isValid(s) == byProperties(s), "\(s.debugDescription)")
            #expect(Identifier.isValid(Substring(s)) == byProperties(s))
        }
    }
}
