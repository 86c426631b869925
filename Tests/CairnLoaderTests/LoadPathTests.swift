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

    /// A value written out in full, the entries of dictionaries and sets in sorted order (their
    /// own order depends on how they were built, not on what they hold).
    static func canonical(_ value: Any, _ indent: String = "") -> String {
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty { return indent + String(reflecting: value) }
        var lines = mirror.children.map { canonical($0.value, indent + "  ").replacingOccurrences(of: "\n", with: "\n") }
        if let labels = Optional(mirror.children.map(\.label)), mirror.displayStyle != .dictionary && mirror.displayStyle != .set {
            lines = zip(labels, lines).map { ($0.0.map { indent + "  " + $0 + ":\n" } ?? "") + $0.1 }
        } else {
            lines.sort()
        }
        return indent + "\(mirror.subjectType)\n" + lines.joined(separator: "\n")
    }

    /// Everything a load gives, written out (the graph's flows, nodes and settings in full).
    static func written(_ r: FlowLoader.Result) -> [String] {
        let graph = r.graph.map { canonical(($0.flows, $0.nodes, $0.settings, $0.fingerprint)) } ?? "no graph"
        return [graph, r.diagnostics.map(\.description).joined(separator: "\n"), r.hidden.map(\.description).joined(separator: "\n"),
                r.sources.sorted { $0.key < $1.key }.map { "\($0.key)\n\($0.value)" }.joined(separator: "\n"),
                "\(r.strings.texts.count) texts", "\(r.symbols.occurrences.count) occurrences", "\(r.pendingChecks != nil)"]
    }

    /// The first line where two write-outs differ (nil when they are the same).
    static func firstDifference(_ a: [String], _ b: [String]) -> String? {
        let x = a.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (l, r)) in zip(x, y).enumerated() where l != r { return "line \(i + 1): \(l.prefix(200)) ≠ \(r.prefix(200))" }
        return x.count == y.count ? nil : "\(x.count) lines ≠ \(y.count) lines"
    }

    /// Files read on a second thread while the compiler reads (`ReadAhead`) give what reading them
    /// one by one gives: the same graph, diagnostics in the same order, hidden ones, sources and
    /// strings; also with broken files among good ones, a file whose lines say one thing and whose
    /// YAML another (the compiler reads the set again, one by one), and checks left for later.
    @Test(arguments: ["Flows"] + ["understanding", "choices", "contacts", "translations", "duplicate_settings", "not_a_flow",
                                  "knock_on", "yaml_syntax", "unknown_references", "variables", "graph", "duplicate_ids"].map { "Tests/CairnLoaderTests/Fixtures/invalid/" + $0 })
    func filesReadAheadGiveWhatFilesReadOneByOneGive(_ path: String) throws {
        let files = try FlowFiles.read([Self.repository.appendingPathComponent(path).path]).files
        var sets = [files]
        if path == "Flows" {
            #expect(FlowLoader.plan(files) != nil, "the guide's files show what they hold on their lines")
            var broken = files
            broken.insert((path: "broken.yaml", data: Data("flow: [\n".utf8)), at: 3)
            broken.insert((path: "binary.yaml", data: Data("flow: x\n\u{0}".utf8)), at: 7)
            broken.append((path: "empty.yaml", data: Data("flow:\n".utf8)))
            sets.append(broken)
            var misleading = files
            misleading.append((path: "zz.yaml", data: Data("\"settings\": { start: menu.start }\nflow: zz\n".utf8)))
            sets.append(misleading)
        }
        for set in sets {
            for options in [FlowLoader.Options.all, .running, .init(symbols: false, checksLater: true)] {
                let ahead = FlowLoader.load(files: set, diagnostics: [], options: options, readAheadFrom: 0)
                let oneByOne = FlowLoader.load(files: set, diagnostics: [], options: options, readAheadFrom: .max)
                #expect(Self.firstDifference(Self.written(ahead), Self.written(oneByOne)) == nil)
                let checkedAhead = ahead.pendingChecks?.result() ?? ahead, checked = oneByOne.pendingChecks?.result() ?? oneByOne
                #expect(Self.firstDifference(Self.written(checkedAhead), Self.written(checked)) == nil)
                #expect(ahead.graph != nil || !ahead.diagnostics.isEmpty)
            }
        }
    }

    /// Loads reading ahead on many threads at once (as `swift test`, an editor or a server
    /// reloading beside the chat may) each give the one-by-one result: no load waits on
    /// another's files, none is held up when every thread is busy.
    @Test func manyLoadsReadingAheadAtOnceEachGiveTheSameResult() throws {
        let files = try FlowFiles.read([Self.repository.appendingPathComponent("Flows").path]).files
        let expected = Self.written(FlowLoader.load(files: files, diagnostics: [], options: .running, readAheadFrom: .max))
        nonisolated(unsafe) let same = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 12)
        defer { same.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 12) { i in
            same[i] = Self.written(FlowLoader.load(files: files, diagnostics: [], options: .running, readAheadFrom: 0)) == expected
        }
        #expect(Array(same) == [Bool](repeating: true, count: 12))
    }

    /// The write-out tells graphs apart by any text, and not by the order of a dictionary's entries.
    @Test func theWriteOutSeesEveryTextAndNoDictionaryOrder() {
        func graph(_ say: String) -> Graph? {
            Self.load(["main.yaml": "flow: main\ntitle: Main\nstart: start\nnodes:\n  start:\n    say: \(say)\n    end: completed\n"]).graph
        }
        #expect(Self.canonical(graph("Hi.")!.nodes) == Self.canonical(graph("Hi.")!.nodes))
        #expect(Self.canonical(graph("Hi.")!.nodes) != Self.canonical(graph("Hi!")!.nodes))
        var a: [String: Int] = [:], b: [String: Int] = [:]
        for i in 0..<100 { a["k\(i)"] = i }
        for i in (0..<100).reversed() { b["k\(i)"] = i }
        #expect(Self.canonical(a) == Self.canonical(b))
        b["k5"] = 6
        #expect(Self.canonical(a) != Self.canonical(b))
    }

    /// The keys a file's lines show at its top: plain words at the first column, then a colon.
    @Test func topKeysAreThePlainKeysAtTheFirstColumn() {
        let text = "# flow: no\nflow: menu\ntitle: Menu\nnodes:\n  start:\n    say: \"x: y\"\n\"quoted\": 1\n- item\nkey:value\nlast:"
        #expect(FlowLoader.topKeys(Data(text.utf8)) == ["flow", "title", "nodes", "last"])
        #expect(FlowLoader.plan([(path: "a.yaml", data: Data("lexicon: a\n".utf8)), (path: "b.yaml", data: Data("flow: b\n".utf8))])
                == Compiler.FilePlan(kinds: [.lexicon, .flow]))
        #expect(FlowLoader.plan([(path: "a.yaml", data: Data("{flow: a}".utf8))]) == nil)
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

    /// A `&` with a space after it is text, not an anchor; anchors after such text still count.
    @Test func anAmpersandInTextIsNoAnchor() {
        var bomb = "note: Lines & Counselling, R & D\na0: &a0 [" + Array(repeating: "x", count: 10).joined(separator: ", ") + "]\n"
        for i in 1...5 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(AliasBudget.firstExcess(bomb) != nil)
        #expect(AliasBudget.firstExcess("note: Lines & Counselling &\nx: [*a, *b]\n") == nil)
        #expect(FlowLoader.load(files: [("f.yaml", Data(bomb.utf8))]).diagnostics.map(\.code) == [.tooManyAliases])
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
