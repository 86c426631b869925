import CairnEngine
@testable import CairnLoader
import Foundation
import Testing

/// Flow sets made to crash, hang or exhaust the loader: each is at most a few diagnostics, loaded
/// in about linear time, and never a stack overflow. Regression tests for issue 12.
@Suite("Loading: hostile flow sets")
struct HostileFlowTests {
    static let settings = "settings:\n  start: main\n"

    func load(_ files: [String: String]) -> FlowLoader.Result {
        FlowLoader.load(files: files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) })
    }

    func flow(_ condition: String) -> String {
        "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    if: '\(condition)'\n    else: b\n    end: completed\n  b:\n    end: completed\n"
    }

    @Test(arguments: [0, 1])
    func deeplyNestedConditionsAreADiagnostic(_ kind: Int) throws {
        let condition = kind == 0 ? String(repeating: "not ", count: 200_000) + "x is y" : String(repeating: "(", count: 100_000) + "x is y"
        let r = load(["main.yaml": flow(condition)])
        let d = try #require(r.diagnostics.first { $0.code == .badCondition }, "\(r.diagnostics.prefix(3))")
        #expect(d.message.contains("nest more than 32 deep"))
        #expect(d.message.count < 300, "the diagnostic does not repeat the whole condition")
    }

    @Test func conditionsNestUpToTheLimit() throws {
        let fine = String(repeating: "not ", count: 16) + String(repeating: "(", count: 16) + "x is y" + String(repeating: ")", count: 16)
        let c = try Condition.parse(fine)
        #expect(c.variables == ["x"])
        #expect(throws: Condition.ParseError.self) { try Condition.parse("not " + fine) }
    }

    /// A valid 100,000-node chain of `go:` over four files: once a stack overflow in the jump-cycle check.
    @Test func aLongGoChainLoads() throws {
        var files = ["settings.yaml": Self.settings]
        let perFile = 25_000
        for f in 0..<4 {
            var text = "flow: \(f == 0 ? "main" : "f\(f)")\ntitle: F\(f)\nstart: n0\nnodes:\n"
            for n in 0..<perFile {
                let next = n + 1 < perFile ? "n\(n + 1)" : (f < 3 ? "f\(f + 1).n0" : "")
                text += next.isEmpty ? "  n\(n):\n    end: completed\n" : "  n\(n):\n    go: \(next)\n"
            }
            files["f\(f).yaml"] = text
        }
        let r = load(files)
        let graph = try #require(r.graph, "\(r.diagnostics.prefix(3))")
        #expect(graph.nodes.count == 100_000)
    }

    @Test func cyclesAreStillFoundWithoutRecursion() {
        let next = [[1], [2], [0, 3], [3], []]
        let found = Compiler.cycles(next)
        #expect(found.map(\.loop) == [[0, 1, 2], [3]])
        #expect(found.map(\.edge) == [0, 0])
    }

    @Test func aCallCycleAcrossManyFlowsIsReportedOnce() throws {
        var files = ["settings.yaml": Self.settings]
        let n = 2_000
        for i in 0..<n {
            let name = i == 0 ? "main" : "f\(i)"
            let callee = i + 1 < n ? "f\(i + 1)" : "main"
            files["\(name).yaml"] = "flow: \(name)\ntitle: F\nstart: a\nnodes:\n  a:\n    call: \(callee)\n    then: b\n  b:\n    end: completed\n"
        }
        let r = load(files)
        #expect(r.diagnostics.filter { $0.code == .callCycle }.count == 1, "\(r.diagnostics.prefix(3))")
    }

    @Test func aliasesAreBoundedButAFewStillWork() throws {
        let bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            + (1..<10).map { i in "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]" }
        let r = load(["main.yaml": (bomb + ["nodes:", "  ? *a9", "  : x"]).joined(separator: "\n")])
        #expect(r.diagnostics.map(\.code) == [.tooManyAliases])
        let shared = """
        flow: main
        title: Main
        start: a
        nodes:
          a:
            say: Hi
            choices: &both
              - label: One
                end: completed
              - label: Two
                end: completed
          b:
            say: Again
            choices: *both
        """
        #expect(load(["main.yaml": shared]).graph != nil)
    }

    @Test func thousandsOfFallbacksInOneTextParseInLinearTime() throws {
        let text = String(repeating: #"{{x or "y"}} "#, count: 20_000)
        let t = try Template.parse(text)
        #expect(t.parts.count == 40_000)
        #expect(t.render([:]) == String(repeating: "y ", count: 20_000))
        let broken = String(repeating: #"{{x or "y"}} "#, count: 20_000) + "{{"
        let error = #expect(throws: Template.ParseError.self) { try Template.parse(broken) }
        #expect(error?.offset == 260_000)
    }

    @Test func manyBadReferencesStillGetSuggestions() throws {
        var files = ["settings.yaml": Self.settings]
        for i in 0..<2_000 {
            let name = i == 0 ? "main" : "flow\(i)"
            files["\(name).yaml"] = "flow: \(name)\ntitle: F\nstart: node\(i)\nnodes:\n  node\(i):\n    go: nowhere\(i)\n  evidence\(i):\n    go: evidnce\(i)\n"
        }
        let r = load(files)
        let unknown = r.diagnostics.filter { $0.code == .unknownNode }
        #expect(unknown.count == 4_000)
        #expect(unknown.contains { $0.message == "unknown node or flow 'evidnce7' (did you mean 'evidence7'?)" })
    }

    @Test func suggestionIndexMatchesAPlainSearch() {
        let names = ["evidence", "removal", "say", "if", "Evidence2", "report", "reports", "répondre"]
        let index = SuggestionIndex(names)
        for query in ["evidnce", "xyz", "sya", "evidence", "EVIDENCE2", "repot", "repondre", "i", ""] {
            var best: (String, Int)?
            let limit = max(1, min(3, query.count / 3))
            for c in names where c != query {
                let d = editDistance(query.lowercased(), c.lowercased(), limit: limit)
                if d <= limit, best == nil || (d, c) < (best!.1, best!.0) { best = (c, d) }
            }
            #expect(index.suggestion(for: query) == best?.0, "\(query)")
        }
    }

    // MARK: Files that are not flow files

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-hostile-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try LoaderEdgeTests.minimal.write(to: dir.appendingPathComponent("main.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aFIFOOrADeviceIsOneDiagnosticAndTheRestLoads() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("zero.yaml").path, withDestinationPath: "/dev/zero")
        let r = try FlowLoader.load(paths: [dir.path])
        #expect(r.diagnostics.map(\.code) == [.cannotRead, .cannotRead], "\(r.diagnostics)")
        #expect(r.diagnostics.map(\.message) == ["is a FIFO, not a flow file", "is a device, not a flow file"])
        #expect(r.diagnostics.map { ($0.location.file as NSString).lastPathComponent } == ["pipe.yaml", "zero.yaml"])
        let direct = try FlowLoader.load(paths: ["/dev/zero", dir.appendingPathComponent("main.yaml").path])
        #expect(direct.diagnostics.map(\.description) == ["/dev/zero:1:1: error: is a device, not a flow file [cannot-read]"])
    }

    @Test func aHugeFileIsRefusedFromItsSizeAlone() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.yaml").path
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, 100 << 20) == 0)  // sparse: 100 MB that costs nothing to make
        let r = try FlowLoader.load(paths: [dir.path])
        #expect(r.diagnostics.map(\.description) == ["\(big):1:1: error: file is 104857600 bytes; flow files may be at most 1048576 bytes (split it into several flows) [file-too-large]"])
    }

    @Test func filesAreReadAtMostToTheLimit() {
        var found = FlowFiles.Found()
        FlowFiles.readFile("/dev/urandom", into: &found)
        #expect(found.diagnostics.map(\.message) == ["is a device, not a flow file"])
        #expect(found.files.isEmpty)
    }
}
