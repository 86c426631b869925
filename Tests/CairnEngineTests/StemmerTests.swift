@testable import CairnEngine
import Foundation
import Testing

@Suite("Snowball stemmers")
struct StemmerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Every word of `Fixtures/stems-<code>.tsv` (made by the reference implementation, see
    /// `Fixtures/make-stem-fixtures.py`) gets the reference's stem.
    @Test("stems as the reference implementation does", arguments: Stemmer.allCases)
    func reference(_ stemmer: Stemmer) throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("stems-\(stemmer.rawValue).tsv"), encoding: .utf8)
        var checked = 0
        var wrong = 0
        var first: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                Issue.record("malformed fixture line: \(line)")
                continue
            }
            let (word, expected) = (String(fields[0]), String(fields[1]))
            let stem = stemmer.stem(word)
            checked += 1
            if stem != expected {
                wrong += 1
                if first.count < 20 { first.append("\(word): \(stem), expected \(expected)") }
            }
        }
        #expect(checked >= 8000, "only \(checked) words in the fixture")
        #expect(wrong == 0, "\(wrong) of \(checked) words differ from the reference, first:\n\(first.joined(separator: "\n"))")
    }

    @Test("English examples")
    func english() {
        let examples = [
            ("blackmailing", "blackmail"), ("blackmailed", "blackmail"), ("blackmail", "blackmail"),
            ("screenshotted", "screenshot"), ("screenshots", "screenshot"),
            ("threatened", "threaten"), ("threatening", "threaten"),
            ("dying", "die"), ("lying", "lie"), ("skies", "sky"), ("news", "news"),
            ("cops", "cop"), ("nudes", "nude"), ("hacked", "hack"), ("hopping", "hop"), ("hoping", "hope"),
            ("generously", "generous"), ("communication", "communic"), ("proceeding", "proceed"),
            ("inning", "inning"),
            // Non-ASCII letters count as consonants, as in the reference.
            ("résumés", "résumé"),
            // Short words are left alone.
            ("is", "is"), ("a", "a"), ("", ""),
        ]
        for (word, stem) in examples {
            #expect(Stemmer.english.stem(word) == stem, "\(word)")
        }
    }

    @Test("French examples")
    func french() {
        let examples = [
            ("continuellement", "continuel"), ("heureusement", "heureux"), ("activité", "activ"),
            ("harcèlement", "harcel"), ("harceler", "harcel"), ("harcelé", "harcel"),
            ("menaces", "menac"), ("menacer", "menac"), ("parents", "parent"), ("aidez", "aid"),
            ("chantage", "chantag"), ("naïve", "naïv"), ("noël", "noël"), ("quand", "quand"), ("", ""),
        ]
        for (word, stem) in examples {
            #expect(Stemmer.french.stem(word) == stem, "\(word)")
        }
    }

    @Test("a locale code picks its language's stemmer")
    func locales() {
        #expect(Stemmer(locale: "en") == .english)
        #expect(Stemmer(locale: "en-CA") == .english)
        #expect(Stemmer(locale: "EN_us") == .english)
        #expect(Stemmer(locale: "fr") == .french)
        #expect(Stemmer(locale: "fr_CA") == .french)
        #expect(Stemmer(locale: "fr-FR") == .french)
        #expect(Stemmer(locale: "de") == nil)
        #expect(Stemmer(locale: "") == nil)
        #expect(Stemmer(locale: "english") == nil)
        #expect(Stemmer(rawValue: "fr") == .french)
    }
}
