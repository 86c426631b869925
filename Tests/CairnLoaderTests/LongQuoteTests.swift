import CairnEngine
@testable import CairnLoader
import Foundation
import Testing

/// What a diagnostic quotes of a flow file (a key, a name, a reference, a pattern) is cut to 60
/// Unicode scalars and "…", then escaped as always: a 100,000-character key gives a message a
/// person can read, not 100 KB on one line (issue 12).
@Suite("Diagnostics: long quoted text is cut")
struct LongQuoteTests {
    static let long = String(repeating: "x", count: 100_000)

    static func load(_ files: [(String, String)]) -> [Diagnostic] {
        FlowLoader.load(files: files.map { ($0.0, Data($0.1.utf8)) }).diagnostics
    }

    static let flow = """
    flow: main
    title: Main
    start: a
    nodes:
      a:
        say: Hi
        end: completed

    """

    @Test func aLongConceptKeyIsQuotedShort() {
        // A key over 1,024 characters must be written as an explicit YAML key (`? key`).
        let lexicon = "lexicon: extra\nconcepts:\n  ? \"a-\(Self.long)\"\n  : [word]\n"
        let d = Self.load([("main.yaml", Self.flow), ("extra.yaml", lexicon)])
        #expect(d.map(\.description) == [
            "extra.yaml:3:5: error: 'a-\(String(repeating: "x", count: 58))…' is not a concept name: use letters, digits and _, starting with a letter [bad-id]",
        ])
    }

    @Test func longKeysReferencesAndPatternsAreQuotedShort() {
        let flow = """
        flow: main
        title: Main
        start: a
        nodes:
          a:
            say: Hi
            ? \(Self.long)
            : 1
            choices:
              - label: One
                keywords: ["\(Self.long) *0"]
                go: \(Self.long)
              - label: Two
                keywords: ["~\(Self.long)-"]
                end: completed

        """
        let d = Self.load([("main.yaml", flow)])
        let x60 = String(repeating: "x", count: 60)
        #expect(d.map(\.message).sorted() == [
            "'*0' is not a gap: write '*' or '*N' with N from 1 to 9, in '\(x60)…'",
            "'~\(String(repeating: "x", count: 39))…' is not a concept name: write '~' then letters, digits and _, in '~\(String(repeating: "x", count: 59))…'",
            "unknown key '\(x60)…' in node 'a'",
            "unknown node or flow '\(x60)…'",
        ], "\(d.map { $0.message.prefix(200) })")
        #expect(d.allSatisfy { $0.description.count < 300 })
    }

    /// One character can hold any number of combining marks, and control characters are escaped
    /// after the cut: both stay bounded.
    @Test func combiningMarksAndControlCharactersStayBounded() {
        let marks = "e" + String(repeating: "\u{301}", count: 50_000)
        let escapes = String(repeating: "\u{1B}c\u{7}\n", count: 10_000)
        let lexicon = "lexicon: extra\nconcepts:\n  ? \"\(marks)\"\n  : [word]\n  ? \"-\(escapes.replacingOccurrences(of: "\u{1B}", with: "\\e").replacingOccurrences(of: "\u{7}", with: "\\a").replacingOccurrences(of: "\n", with: "\\n"))\"\n  : [word]\n"
        let d = Self.load([("main.yaml", Self.flow), ("extra.yaml", lexicon)])
        #expect(d.count == 2, "\(d.map { $0.description.prefix(200) })")
        for one in d {
            #expect(one.code == .badID)
            #expect(one.description.unicodeScalars.count < 400, "\(one.description.prefix(200))")
            #expect(!one.description.unicodeScalars.contains { $0.isControlCharacter })
        }
        #expect(d.contains { $0.description.contains("'-\\u{1B}c\\u{7}\\n\\u{1B}c\\u{7}\\n") && $0.description.contains("…' is not a concept name") })
    }

    @Test func shortTextIsQuotedWhole() {
        #expect(Compiler.excerpt(String(repeating: "y", count: 60)) == String(repeating: "y", count: 60))
        #expect(Compiler.excerpt(String(repeating: "y", count: 61)) == String(repeating: "y", count: 60) + "…")
        #expect(Compiler.excerpt("e\u{301}" + String(repeating: "\u{301}", count: 100)) == "e" + String(repeating: "\u{301}", count: 59) + "…")
    }
}
