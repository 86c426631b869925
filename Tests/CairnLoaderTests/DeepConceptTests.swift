import CairnEngine
@testable import CairnLoader
import Foundation
import Testing

/// Concepts inside concepts, as deep as a lexicon file makes them: the cycle check walks them with
/// an explicit stack, and a chain deeper than `Compiler.maxConceptDepth` is one diagnostic, never a
/// stack overflow when the loader or the engine expands it (issue 12).
@Suite("Loading: deeply nested concepts")
struct DeepConceptTests {
    /// Concepts `c0` ... holding each other in a chain, 20,000 to a lexicon file (files are at most 1 MB).
    func files(depth: Int, cycle: Bool = false) -> [(String, Data)] {
        var lexicons: [(String, Data)] = []
        var lexicon = ""
        for i in 0..<depth {
            if i % 20_000 == 0 {
                if !lexicon.isEmpty { lexicons.append(("lexicon\(lexicons.count).yaml", Data(lexicon.utf8))) }
                lexicon = "lexicon: deep\(lexicons.count)\nconcepts:\n"
            }
            let member = i + 1 < depth ? "\"~c\(i + 1)\"" : (cycle ? "\"~c0\"" : "word\(i)")
            lexicon += "  c\(i): [\(member), other\(i)]\n"
        }
        lexicons.append(("lexicon\(lexicons.count).yaml", Data(lexicon.utf8)))
        let flow = """
        flow: main
        title: Main
        start: a
        nodes:
          a:
            say: Hi
            choices:
              - label: One
                keywords: ["~c0"]
                end: completed
              - label: Two
                end: completed

        """
        return lexicons + [("main.yaml", Data(flow.utf8))]
    }

    /// 30,000 concepts each holding the next: once a stack overflow in the recursive cycle check.
    @Test func aVeryDeepChainIsOneDiagnostic() throws {
        let r = FlowLoader.load(files: files(depth: 30_000))
        #expect(r.graph == nil)
        #expect(r.diagnostics.map(\.description) == [
            "lexicon0.yaml:3:3: error: concepts hold concepts 30000 levels deep (~c0 -> ~c1 -> ~c2 -> ~c3 -> ...), more than 32; flatten them [too-deep]",
        ])
    }

    @Test func aVeryDeepCycleIsFoundWithoutRecursion() throws {
        let r = FlowLoader.load(files: files(depth: 30_000, cycle: true))
        #expect(r.graph == nil)
        let cycles = r.diagnostics.filter { $0.code == .conceptCycle }
        #expect(cycles.count == 1)
        #expect(cycles.first?.message == "concepts contain each other in a circle: ~c0 -> ~c1 -> ~c2 -> ~c3 -> ~c4 -> ~c5 -> ~c6 -> ~c7 -> ... -> ~c29999 -> ~c0 (30000 concepts)")
        #expect(cycles.first.map { "\($0.location)" } == "lexicon1.yaml:\(3 + 9_999):3", "at the concept that closes the circle")
    }

    @Test func concepts32DeepStillLoadAndMatch() throws {
        let r = FlowLoader.load(files: files(depth: Compiler.maxConceptDepth))
        let graph = try #require(r.graph, "\(r.diagnostics.prefix(3))")
        let engine = Engine(graph: graph)
        var session = Session(graph: graph)
        _ = try engine.step(&session, .start)
        let events = try engine.step(&session, .text("word\(Compiler.maxConceptDepth - 1)"))
        #expect(session.isEnded, "the innermost member chose One: \(events)")
        #expect(FlowLoader.load(files: files(depth: Compiler.maxConceptDepth + 1)).diagnostics.map(\.code) == [.tooDeep])
    }

    @Test func depthsCountTheLongestPathAndSkipBackEdges() {
        #expect(Compiler.depths([[1], [2], []]) == [3, 2, 1])
        #expect(Compiler.depths([[1, 2], [], [1]]) == [3, 1, 2])
        #expect(Compiler.depths([[1], [0]]) == [2, 1])
        #expect(Compiler.depths([[0]]) == [1])
    }
}
