@_spi(Fuzzing) import CairnLoader
import Foundation
import Testing

/// A mapping with duplicated keys, one of them not text (`? [x]`, a list used as a key), is
/// reported at the same place at every load. Yams points at the first duplicated key as it sorts
/// them, and with a list among text keys that order is not total: the key it picked changed from
/// one load to the next (`fuzz-flowset` found it: the same files gave `f0.yaml:13:3` one by one and
/// `f0.yaml:15:3` read ahead). The mapping's first line is given instead.
@Suite("A duplicated key that is not text is reported at one place")
struct DuplicateKeyPlaceTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzzed")

    static func load(_ files: [(String, String)], readingAhead: Bool = false) -> [String] {
        FlowLoader.load(files: files.map { (path: $0.0, data: Data($0.1.utf8)) }, readingAhead: readingAhead).diagnostics.map(\.description)
    }

    /// The input `fuzz-flowset` found, byte for byte: two files split on `=====` lines.
    @Test func theFuzzedSetGivesTheSameDiagnosticsAtEveryLoad() throws {
        // (Invalid UTF-8 in it is repaired, as the fuzz target reads its input.)
        let text = String(decoding: try Data(contentsOf: Self.fixtures.appendingPathComponent("duplicate-keys-not-text.flowset")), as: UTF8.self)
        let files = text.components(separatedBy: "\n=====\n").prefix(16).enumerated().map { ("f\($0.offset).yaml", $0.element) }
        let first = Self.load(files)
        for i in 0..<40 { #expect(Self.load(files, readingAhead: i % 2 == 0) == first) }
        let duplicate = try #require(first.first { $0.contains("[duplicate-id]") })
        #expect(duplicate.hasPrefix("f0.yaml:5:1: error: the key '<uncovertable>', 'b', 'c'"), "\(duplicate)")
    }

    /// Where the mapping starts, for keys in the shapes YAML allows: under a key, in a list item,
    /// after a compact list, explicit (`? `) keys, and a flow mapping.
    @Test(arguments: [
        ("nodes:\n  a:\n    say: Hi\n  ? [x]\n  : 1\n  b: 1\n  ? [x]\n  : 2\n  b: 2\n", "2:1"),
        ("items:\n  - id: 1\n    ? [x]\n    : 1\n    b: 1\n    ? [x]\n    : 2\n    b: 2\n", "2:1"),
        ("a:\n- 1\n# a note\n\n? [x]\n: 1\nb: 1\n? [x]\n: 2\nb: 2\n", "1:1"),
        ("list:\n  - {[x]: 1, b: 1, [x]: 2, b: 2}\n", "2:1"),
    ])
    func theMappingsFirstLineIsGiven(yaml: String, place: String) throws {
        let first = Self.load([("main.yaml", yaml)])
        for _ in 0..<20 { #expect(Self.load([("main.yaml", yaml)]) == first) }
        let duplicate = try #require(first.first { $0.contains("[duplicate-id]") }, "\(first)")
        #expect(duplicate.hasPrefix("main.yaml:\(place): error:"), "\(duplicate)")
    }

    /// Duplicated keys that are all text keep the place Yams gives, the first of them.
    @Test func textKeysKeepTheirPlace() throws {
        let yaml = "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    end: completed\n  b:\n    end: completed\n  a:\n    end: completed\n"
        let d = try #require(Self.load([("main.yaml", yaml)]).first)
        #expect(d.hasPrefix("main.yaml:5:3: error: the key 'a' appears twice in this mapping"), "\(d)")
    }
}
