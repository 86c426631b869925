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
}
