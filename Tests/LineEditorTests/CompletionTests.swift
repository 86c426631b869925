import Testing
@testable import LineEditor

/// The pure Tab-completion decision: `completion(for:candidates:)`.
@Suite struct CompletionTests {
    let commands = ["/help", "/history", "/hello", "/quit", "/load alpha", "/load beta"]

    @Test func noCandidatesIsNoMatch() {
        #expect(completion(for: "", candidates: []) == .noMatch)
        #expect(completion(for: "/x", candidates: []) == .noMatch)
    }

    @Test func nothingStartsWithTheLine() {
        #expect(completion(for: "/x", candidates: commands) == .noMatch)
        #expect(completion(for: "help", candidates: commands) == .noMatch)  // prefix, not substring
    }

    @Test func matchingIsCaseSensitive() {
        #expect(completion(for: "/H", candidates: commands) == .noMatch)
    }

    @Test func candidateShorterThanLineDoesNotMatch() {
        #expect(completion(for: "/quitting", candidates: commands) == .noMatch)
    }

    @Test func uniqueMatchInsertsTheRest() {
        #expect(completion(for: "/q", candidates: commands) == .unique(completion: "/quit", insert: "uit"))
        #expect(completion(for: "/load b", candidates: commands)
                == .unique(completion: "/load beta", insert: "eta"))
    }

    @Test func lineEqualToTheOnlyMatchInsertsNothing() {
        #expect(completion(for: "/quit", candidates: commands) == .unique(completion: "/quit", insert: ""))
    }

    @Test func duplicateAndEmptyCandidatesAreIgnored() {
        #expect(completion(for: "/q", candidates: ["", "/quit", "/quit", ""])
                == .unique(completion: "/quit", insert: "uit"))
        #expect(completion(for: "", candidates: [""]) == .noMatch)
    }

    @Test func commonPrefixLongerThanLineIsInserted() {
        #expect(completion(for: "/lo", candidates: commands)
                == .commonPrefix(insert: "ad ", matches: ["/load alpha", "/load beta"]))
    }

    @Test func commonPrefixStopsAtTheFirstDifference() {
        #expect(completion(for: "/he", candidates: commands)
                == .commonPrefix(insert: "l", matches: ["/help", "/hello"]))
    }

    @Test func emptyLineMatchesEverything() {
        #expect(completion(for: "", candidates: commands)
                == .commonPrefix(insert: "/", matches: commands))
        #expect(completion(for: "", candidates: ["a", "b"]) == .ambiguous(matches: ["a", "b"]))
    }

    @Test func noLongerPrefixListsMatchesInGivenOrder() {
        #expect(completion(for: "/", candidates: commands) == .ambiguous(matches: commands))
        #expect(completion(for: "/h", candidates: commands)
                == .ambiguous(matches: ["/help", "/history", "/hello"]))
    }

    @Test func lineEqualToOneOfSeveralMatchesIsAmbiguous() {
        #expect(completion(for: "/load", candidates: ["/loadall", "/load"])
                == .ambiguous(matches: ["/loadall", "/load"]))
    }

    @Test func accentedCharactersCountAsWholeCharacters() {
        #expect(completion(for: "/r", candidates: ["/reset", "/résumé"])
                == .ambiguous(matches: ["/reset", "/résumé"]))
        #expect(completion(for: "/ré", candidates: ["/reset", "/résumé"])
                == .unique(completion: "/résumé", insert: "sumé"))
        #expect(completion(for: "caf", candidates: ["café", "cafés"])
                == .commonPrefix(insert: "é", matches: ["café", "cafés"]))
    }

    @Test func canonicallyEquivalentSpellingsMatch() {
        let decomposed = "e\u{301}t\u{E9}"  // "e" + combining acute, then precomposed "é"
        #expect(completion(for: "\u{E9}", candidates: [decomposed]) == .unique(completion: decomposed, insert: "t\u{E9}"))
    }

    @Test func prefixNeverSplitsACombiningSequence() {
        // "e" is not a prefix of "é" written as "e" + U+0301: they are different characters.
        #expect(completion(for: "e", candidates: ["e\u{301}"]) == .noMatch)
        #expect(completion(for: "", candidates: ["e\u{301}a", "e\u{301}b", "e"])
                == .ambiguous(matches: ["e\u{301}a", "e\u{301}b", "e"]))
        #expect(completion(for: "👍", candidates: ["👍🏽 ok", "👍 ok"]) == .unique(completion: "👍 ok", insert: " ok"))
    }
}

/// The candidate listing shown for an ambiguous Tab: `columnLayout(_:width:)`.
@Suite struct ColumnLayoutTests {
    @Test func emptyGivesNoLines() {
        #expect(columnLayout([], width: 80).isEmpty)
    }

    @Test func shortItemsFitOnOneLine() {
        #expect(columnLayout(["a", "bb", "c"], width: 80) == ["a  bb  c"])
    }

    @Test func itemsFillColumnsTopToBottom() {
        // 3 columns (rows of 2) need 3+2+3+2+1 = 11; 2 columns (rows of 3) need 3+2+3 = 8.
        let items = ["aaa", "bbb", "ccc", "ddd", "e"]
        #expect(columnLayout(items, width: 11) == ["aaa  ccc  e", "bbb  ddd"])
        #expect(columnLayout(items, width: 10) == ["aaa  ddd", "bbb  e", "ccc"])
    }

    @Test func columnsAreAsWideAsTheirLongestItem() {
        #expect(columnLayout(["a", "bbbb", "cc", "d"], width: 10) == ["a     cc", "bbbb  d"])
    }

    @Test func tooNarrowGivesOneColumnWithoutTrailingSpaces() {
        let lines = columnLayout(["alpha", "beta", "gamma"], width: 3)
        #expect(lines == ["alpha", "beta", "gamma"])
    }

    @Test func widthCountsCharactersNotBytes() {
        #expect(columnLayout(["é", "ü"], width: 4) == ["é  ü"])
    }
}
