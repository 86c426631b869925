import CairnEngine
@testable import CairnLoader
import Foundation
import Testing

@Suite("Loading: bad input never crashes")
struct LoaderEdgeTests {
    static let minimal = "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    end: completed\n"

    func load(_ files: [String: Data]) -> FlowLoader.Result {
        FlowLoader.load(files: files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    func codes(_ r: FlowLoader.Result) -> [String] { r.diagnostics.map(\.code.rawValue) }

    @Test func emptyFileIsAWarningAndTheRestLoads() {
        let r = load(["empty.yaml": Data(), "main.yaml": Data(Self.minimal.utf8)])
        #expect(codes(r) == ["empty-file"])
        #expect(r.graph != nil)
    }

    @Test func binaryFileIsNotText() {
        let r = load(["blob.yaml": Data([0x00, 0xFF, 0xFE, 0x01, 0x89, 0x50]), "main.yaml": Data(Self.minimal.utf8)])
        #expect(codes(r) == ["not-text"])
        #expect(r.graph == nil)
    }

    @Test func invalidUTF8IsNotText() {
        let r = load(["bad.yaml": Data([0x66, 0x6C, 0x6F, 0x77, 0x3A, 0x20, 0xC3, 0x28])])
        #expect(codes(r).contains("not-text"))
    }

    @Test func hugeFileHitsAClearLimit() {
        let huge = Data(("# " + String(repeating: "x", count: 100) + "\n").utf8)
        var data = Data(Self.minimal.utf8)
        while data.count <= 1 << 20 { data.append(huge) }
        let r = load(["main.yaml": data])
        #expect(codes(r) == ["file-too-large"])
        #expect(r.diagnostics[0].message.contains("at most 1048576 bytes"))
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let deep = "flow: main\ntitle: x\nstart: a\nnodes: " + String(repeating: "[", count: 100_000) + "\n"
        let r = load(["main.yaml": Data(deep.utf8)])
        #expect(codes(r) == ["too-deep"])
        let indented = (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        #expect(codes(load(["main.yaml": Data(indented.utf8)])) == ["too-deep"])
    }

    @Test func noFilesMeansNoFlows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FlowLoader.load(paths: [dir.path])
        #expect(codes(r) == ["no-flows"])
    }

    @Test func missingPathIsAnIOErrorNotADiagnostic() {
        #expect(throws: FlowLoader.IOError.self) { try FlowLoader.load(paths: ["/nonexistent/cairn/flows"]) }
    }

    @Test func yaml11BooleansDoNotLeakIntoTexts() throws {
        let yaml = """
        flow: main
        title: Main
        start: a
        nodes:
          a:
            say: no
            choices:
              - label: yes
                keywords: [on, off, y]
                end: completed
              - label: No
                end: completed
        """
        let r = load(["main.yaml": Data(yaml.utf8)])
        let graph = try #require(r.graph)
        var s = Session(graph: graph)
        let events = try Engine(graph: graph).step(&s, .start)
        #expect(events == [.say("no"), .choices([ChoiceOption(number: 1, id: "main.a#1", label: "yes"),
                                                  ChoiceOption(number: 2, id: "main.a#2", label: "No")])])
    }

    /// Keys are compared as the text Cairn reads, not as YAML's implicit types: `1` and `"1"` (or
    /// `yes` and `'yes'`) are the same key to the reader, so a mapping holding both is refused.
    @Test func keysThatReadAsTheSameTextAppearTwice() throws {
        for (first, second) in [("1", "\"1\""), ("yes", "'yes'"), ("x", "x")] {
            let yaml = "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    end: completed\nnote:\n  \(first): one\n  \(second): two\n"
            let r = load(["main.yaml": Data(yaml.utf8)])
            let d = try #require(r.diagnostics.first)
            #expect(d.code.rawValue == "duplicate-id", "\(first) / \(second)")
            #expect(d.message.contains("appears twice in this mapping"), "\(d.message)")
            #expect(d.location.line == 8 || d.location.line == 9, "\(d.location)")
        }
        // Different texts are different keys, whatever YAML would make of them.
        let yaml = "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    end: completed\n  b1:\n    end: completed\n  B1:\n    end: completed\n"
        #expect(!codes(load(["main.yaml": Data(yaml.utf8)])).contains("duplicate-id"))
    }

    @Test func everyProblemIsReportedAtOnceInOrder() {
        let yaml = "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    go: nope\n  b:\n    go: nada\n  c:\n    sya: x\n    end: completed\n"
        let r = load(["main.yaml": Data(yaml.utf8)])
        let errors = r.diagnostics.filter { $0.severity == .error }.map(\.location.line)
        #expect(errors == [6, 8, 10])
    }

    @Test func printerShowsTheLineAndACaret() {
        let d = Diagnostic(.error, .unknownNode, at: SourceLocation(file: "Flows/x.yaml", line: 2, column: 9),
                           "unknown node or flow 'evidnce' (did you mean 'evidence'?)")
        let out = DiagnosticPrinter(colour: false, snippets: true).render(d, sourceLine: "    go: evidnce")
        #expect(out == """
        Flows/x.yaml:2:9: error: unknown node or flow 'evidnce' (did you mean 'evidence'?) [unknown-node]
            go: evidnce
                ^
        """)
        #expect(DiagnosticPrinter(colour: false, snippets: false).render(d, sourceLine: "x")
                == "Flows/x.yaml:2:9: error: unknown node or flow 'evidnce' (did you mean 'evidence'?) [unknown-node]")
    }

    @Test(arguments: [("evidnce", ["evidence", "removal"], "evidence"), ("xyz", ["evidence"], nil), ("sya", ["say", "if"], "say")])
    func didYouMean(name: String, candidates: [String], expected: String?) {
        #expect(suggestion(for: name, among: candidates) == expected)
    }

    @Test func fingerprintFollowsContent() {
        let a = load(["main.yaml": Data(Self.minimal.utf8)]).graph?.fingerprint
        let b = load(["main.yaml": Data(Self.minimal.utf8)]).graph?.fingerprint
        let c = load(["main.yaml": Data((Self.minimal + "    # changed\n").utf8)]).graph?.fingerprint
        #expect(a != nil && a == b && a != c)
    }

    /// The fingerprint (which snapshots carry) is FNV-1a over each file's name, a 0 byte, its
    /// bytes and a 0 byte, files in the order of their paths: a faster loop must not change one value.
    @Test func fingerprintIsFNVOfNamesAndBytes() {
        func fnv(_ files: [(String, [UInt8])]) -> String {  // (name, bytes), in path order
            var h: UInt64 = 0xcbf29ce484222325
            for (name, bytes) in files {
                for b in Array(name.utf8) + [0] + bytes + [0] { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            }
            return String(h, radix: 16)
        }
        let other = "flow: other\ntitle: Ötherwise 😭\nstart: a\nnodes:\n  a:\n    end: completed\n"
        let files = [("dir/main.yaml", Data(Self.minimal.utf8)), ("b/other.yaml", Data(other.utf8))]
        #expect(FlowLoader.fingerprint(files.map { (path: $0.0, data: $0.1) })
                == fnv([("other.yaml", Array(other.utf8)), ("main.yaml", Array(Self.minimal.utf8))]))
        #expect(FlowLoader.fingerprint([(path: "x.yaml", data: Data())]) == fnv([("x.yaml", [])]))
    }
}
