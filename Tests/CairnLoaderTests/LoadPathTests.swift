import CairnEngine
@testable import CairnLoader
import Foundation
import Testing

/// What the load path does faster must leave every result the same (docs/performance.md,
/// "Loading budgets"): a load for running conversations skips only the symbol index, and the
/// checks made linear report what they reported before.
@Suite("Loading: the fast paths keep every result")
struct LoadPathTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/invalid")

    static func load(_ files: [String: String], options: FlowLoader.Options = .all) -> FlowLoader.Result {
        FlowLoader.load(files: files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) }, options: options)
    }

    @Test(arguments: ["Flows", "Tests/CairnLoaderTests/Fixtures/invalid/understanding", "Tests/CairnLoaderTests/Fixtures/invalid/choices"])
    func aRunningLoadIsTheFullLoadWithoutTheSymbolIndex(_ path: String) throws {
        let dir = Self.repository.appendingPathComponent(path).path
        let full = try FlowLoader.load(paths: [dir])
        let running = try FlowLoader.load(paths: [dir], options: .running)
        #expect(running.diagnostics.map(\.description) == full.diagnostics.map(\.description))
        #expect(running.hidden.map(\.description) == full.hidden.map(\.description))
        #expect(running.graph?.fingerprint == full.graph?.fingerprint)
        #expect(running.graph?.nodes.count == full.graph?.nodes.count)
        #expect(running.strings.texts.count == full.strings.texts.count)
        #expect(!full.symbols.occurrences.isEmpty)
        #expect(running.symbols.occurrences.isEmpty && running.symbols.flows.isEmpty)
    }

    /// A load that leaves its checks for later gives, once they are made, what a load that makes
    /// them at once gives: the same diagnostics in the same order, the same hidden ones, and the
    /// graph exactly when there are no errors. Flows with errors found before the checks are
    /// checked at once (nothing is pending), so that result is the same too.
    @Test(arguments: ["Flows", "Tests/CairnLoaderTests/Fixtures/invalid/understanding", "Tests/CairnLoaderTests/Fixtures/invalid/choices",
                      "Tests/CairnLoaderTests/Fixtures/invalid"])
    func checksMadeLaterGiveWhatALoadGives(_ path: String) throws {
        let dir = Self.repository.appendingPathComponent(path).path
        let now = try FlowLoader.load(paths: [dir], options: .running)
        let later = try FlowLoader.load(paths: [dir], options: .init(symbols: false, checksLater: true))
        let done: FlowLoader.Result
        if let pending = later.pendingChecks {
            #expect(later.graph != nil, "checks are pending only for a graph that read and linked")
            #expect(!later.diagnostics.contains { $0.severity == .error })
            done = pending.result()
            #expect(pending.result().diagnostics.map(\.description) == done.diagnostics.map(\.description), "made once")
        } else {
            done = later
        }
        #expect(done.diagnostics.map(\.description) == now.diagnostics.map(\.description))
        #expect(done.hidden.map(\.description) == now.hidden.map(\.description))
        #expect((done.graph == nil) == (now.graph == nil))
        #expect(done.graph?.fingerprint == now.graph?.fingerprint)
        #expect(done.strings.texts.count == now.strings.texts.count)
    }

    /// Pending checks asked for on many threads at once are made once; every caller gets that result.
    @Test func pendingChecksAreMadeOnceForEveryCaller() throws {
        let dir = Self.repository.appendingPathComponent("Tests/CairnLoaderTests/Fixtures/invalid/choices").path
        let later = try FlowLoader.load(paths: [dir], options: .init(symbols: false, checksLater: true))
        let pending = try #require(later.pendingChecks)
        nonisolated(unsafe) let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 8)
        defer { counts.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in counts[i] = pending.result().diagnostics.count }
        let expected = try FlowLoader.load(paths: [dir]).diagnostics.count
        #expect(Array(counts) == [Int](repeating: expected, count: 8))
        #expect(expected > 0)
    }

    /// Files read on several threads give what reading them one by one gives, in file order:
    /// texts, YAML, and each file's problems (here with broken files among good ones).
    @Test func filesReadOnEveryCoreAreReadAsOneByOne() throws {
        var files = try FlowFiles.read([Self.repository.appendingPathComponent("Flows").path]).files
        files.insert((path: "broken.yaml", data: Data("flow: [\n".utf8)), at: 3)
        files.insert((path: "binary.yaml", data: Data([0x66, 0x00, 0x67])), at: 7)
        files.append((path: "empty.yaml", data: Data()))
        let spread = FlowLoader.readEach(files, parallelFrom: 0)
        let oneByOne = FlowLoader.readEach(files, parallelFrom: .max)
        #expect(spread.count == files.count)
        #expect(spread.map(\.text) == oneByOne.map(\.text))
        #expect(spread.map { $0.diagnostics.map(\.description) } == oneByOne.map { $0.diagnostics.map(\.description) })
        #expect(spread.map { $0.parsed?.1 } == oneByOne.map { $0.parsed?.1 })
        #expect(spread.map { $0.parsed?.0.path } == oneByOne.map { $0.parsed?.0.path })
        #expect(spread.map { $0.parsed?.0.path } == files.map { f in f.data.isEmpty || f.path.hasPrefix("b") ? nil : f.path })
        #expect(spread.filter { !$0.diagnostics.isEmpty }.count == 3)
    }

    /// Topic words a choice answers first: the first such choice of each prompt outside the topic's
    /// flow, prompts in order, choices that go where the topic goes passed over.
    @Test func aShadowedTopicWordNamesTheFirstPromptAndCountsTheOthers() {
        let r = Self.load([
            "settings.yaml": """
            settings:
              start: main.one
              topics:
                removal:
                  words: [take it down, "~gone"]
                  go: other.home
            """,
            "lexicon.yaml": """
            lexicon: test
            concepts:
              gone: [take it down, remove]
            """,
            "main.yaml": """
            flow: main
            title: Main
            nodes:
              one:
                say: First?
                choices:
                  - { id: a, label: Something else, go: two }
                  - { id: b, label: Take it down, go: two }
              two:
                say: Second?
                choices:
                  - { id: c, label: Removal, keywords: [take it down], go: other.home }
                  - { id: d, label: Later, keywords: [take it down, later], go: three }
              three:
                say: Third?
                choices:
                  - { id: e, label: Nothing here, go: one }
                  - { id: f, label: Fine, go: one }
            """,
            "other.yaml": """
            flow: other
            title: Other
            nodes:
              home:
                say: Home.
                choices:
                  - { id: g, label: Take it down, go: main.one }
                  - { id: h, label: Back, go: main.one }
            """,
        ])
        let shadows = r.diagnostics.filter { $0.code == .topicShadowsChoice }
        #expect(shadows.map(\.message) == [
            "topic 'removal' never takes 'take it down' where a choice answers to it first: 'Take it down' at main.one and 1 other prompt",
        ])
        #expect(shadows.first.map { "\($0.location.line):\($0.location.column)" } == "5:15")
    }

    /// Lines are found in the bytes exactly as `split(separator: "\n")` finds them in characters.
    @Test func linesAreSplitAsCharactersWouldBe() throws {
        var texts = ["", "\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\n\nc", "é\n👍🏽\nx", "e\u{301}\n\u{301}b", "\n\n"]
        let flows = Self.repository.appendingPathComponent("Flows")
        for name in try FileManager.default.subpathsOfDirectory(atPath: flows.path) where name.hasSuffix(".yaml") {
            texts.append(try String(contentsOf: flows.appendingPathComponent(name), encoding: .utf8))
        }
        for text in texts {
            #expect(Reader.lines(text) == text.split(separator: "\n", omittingEmptySubsequences: false), "\(text.prefix(40).debugDescription)")
        }
    }

    /// Nesting in text that is not ASCII: the scalar scan may only say "fine" where the character
    /// scan would; everything else is found, and placed, by characters.
    @Test func nestingBeyondASCIIIsJudgedAsByCharacters() {
        let deep = String(repeating: "[", count: SourceFile.maxDepth + 1)
        func tooDeep(_ text: String) -> String? {
            let r = FlowLoader.load(files: [("f.yaml", Data(text.utf8))])
            return r.diagnostics.first { $0.code == .tooDeep }.map { "\($0.location.line):\($0.location.column)" }
        }
        #expect(tooDeep("flow: é\nx: " + deep) == "2:\(4 + SourceFile.maxDepth)")
        #expect(tooDeep("flow: é\r\nx: " + deep) != nil)
        // A combining mark makes "[" part of another character: not a bracket.
        #expect(tooDeep("flow: é\nx: " + String(repeating: "[\u{301}", count: SourceFile.maxDepth + 1)) == nil)
        #expect(tooDeep("flow: é\nx: [[\"é]]]]]]]\"" + deep) == "2:\(14 + SourceFile.maxDepth)")
        #expect(tooDeep("é: 1\n" + String(repeating: " ", count: SourceFile.maxDepth * 4 + 1) + "x: 1") == "2:\(SourceFile.maxDepth * 4 + 1)")
        #expect(tooDeep("flow: é [ok]\nnodes: {a: [b, c]}") == nil)
    }

    /// Files without anchors skip the alias pass only where it could not find too many aliases.
    @Test func aliasesWithoutAnchorsAreCountedPastTheBudget() {
        func codes(_ aliases: Int) -> [DiagnosticCode] {
            let text = "x: [" + Array(repeating: "*a", count: aliases).joined(separator: ", ") + "]\n"
            return FlowLoader.load(files: [("f.yaml", Data(text.utf8))]).diagnostics.map(\.code)
        }
        #expect(codes(AliasBudget.maxAliasNodes + 1) == [.tooManyAliases])
        #expect(!codes(AliasBudget.maxAliasNodes).contains(.tooManyAliases))
    }

    /// The contact-detail check's word search agrees with Foundation's on every kind of text.
    @Test func contactWordsAreFoundAsFoundationFindsThem() {
        let texts = ["Call 686868", "CALL us", "cAlL", "recall", "ca ll", "", "c", "Text 1-800-668", "1-800", "Appelle 1-800-X",
                     "Écris: TEXT 686868", "dİal 911", "ﬁle a line", "LİNE", "phone\u{301}", "numbers"]
        for text in texts {
            for word in ["call", "text", "phone", "dial", "line", "number"] {
                #expect(ContactDetails.contains(text, word, caseInsensitive: true) == (text.range(of: word, options: .caseInsensitive) != nil), "\(text) \(word)")
            }
            #expect(ContactDetails.contains(text, "1-800-", caseInsensitive: false) == (text.range(of: "1-800-") != nil), "\(text)")
        }
    }

    /// The pattern reader gives the same pieces and error offsets (in characters) for ASCII text,
    /// read byte by byte, as for other text.
    @Test func patternOffsetsAreCharactersOnEveryPath() throws {
        #expect(try PatternSyntax.parse("[want wish]\t*  =die") == [.oneOf([.word("want", exact: false), .word("wish", exact: false)]), .gap(3), .word("die", exact: true)])
        #expect(try PatternSyntax.parse("[vouloir désirer] * mourir") == [.oneOf([.word("vouloir", exact: false), .word("désirer", exact: false)]), .gap(3), .word("mourir", exact: false)])
        func offset(_ s: String) -> Int? {
            do { _ = try PatternSyntax.parse(s); return nil } catch { return error.offset }
        }
        #expect(offset("ab\n[c") == 3)
        #expect(offset("éb\n[c") == 3)
        #expect(offset("a\r\n[c") == 2)  // "\r\n" is one character
        #expect(offset("a b ]") == 4)
        #expect(offset("👍🏽 b ]") == 4)
        #expect(offset("x ~1bad") == 2)
    }
}
