import CairnEngine
@testable import CairnExplore
import CairnTranscripts
import Foundation
import Testing

@Suite("Explorer: walking flows with the engine")
struct ExplorerTests {
    /// A guide with one of each problem, each in its own node.
    static let troubled: [String: String] = [
        "settings.yaml": """
            settings:
              start: main.hello
              max_call_depth: 1
              interrupts:
                crisis:
                  words: [quit, in danger]
                  go: main.help
            """,
        "main.yaml": """
            flow: main
            title: Main
            start: hello
            nodes:
              hello:
                say: Hi {{name}}.
                choices:
                  - label: Get stuck
                    go: stuck
                  - label: Go round
                    go: round_a
                  - label: Go deep
                    call: deep
                    then: hello
                  - label: Give a name
                    go: ask_name
                  - label: Done
                    end: completed
              stuck:
                say: Nothing happens here.
                choices:
                  - label: Stay
                    go: stuck
              round_a:
                choices:
                  - label: To B
                    go: round_b
              round_b:
                choices:
                  - label: To A
                    go: round_a
              ask_name:
                ask: name
                go: hello
              help:
                say: Help is here.
                choices:
                  - label: Back
                    return: true
            """,
        "deep.yaml": """
            flow: deep
            title: Deep
            start: a
            nodes:
              a:
                call: deeper
                then: b
              b:
                return: true
            """,
        "deeper.yaml": """
            flow: deeper
            title: Deeper
            start: c
            nodes:
              c:
                return: true
            """,
    ]

    func findings(_ report: ExploreReport, _ code: Finding.Code) -> [Finding] { report.findings.filter { $0.code == code } }

    /// The 1-based line of the first line of `text` that starts with `prefix`.
    func line(of prefix: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
    }

    @Test func findsEachKindOfProblemAtItsNode() throws {
        let report = Explorer(graph: try compile(Self.troubled)).run()
        let dead = findings(report, .deadEnd)
        #expect(dead.count == 1)
        #expect(dead.first?.location.line == line(of: "  stuck:", in: Self.troubled["main.yaml"]!))
        #expect(dead.first?.message.contains("'main.stuck'") == true)
        let loops = findings(report, .loop)
        #expect(loops.count == 1)
        #expect(loops.first?.message.contains("'main.round_a', 'main.round_b'") == true)
        let failures = findings(report, .failure)
        #expect(failures.count == 1)
        #expect(failures.first?.message.contains("typing '3' at 'main.hello' (at the start) stops with a failure: calls nested deeper than 1") == true)
        let holes = findings(report, .unsetVariable)
        #expect(holes.count == 1)
        #expect(holes.first?.message.contains("'{{name}}' was shown as nothing at 'main.hello' (at the start)") == true)
        let interrupts = findings(report, .interrupt)
        #expect(interrupts.count == 1, "one finding for the phrase, not one per prompt")
        #expect(interrupts.first?.message.contains("does not divert for 'quit' at 'main.hello' (at the start) and 5 other prompts: "
                                                   + "instead 'quit' ended (quick_exit)") == true, "'quit' is a quick exit word")
        #expect(findings(report, .quickExit).isEmpty)
        #expect(report.errors == 2)
        #expect(report.unreached.map(\.id) == ["deep.b", "deeper.c"], "the walk still reaches main.help with 'in danger'")
        #expect(report.findings.map(\.description).allSatisfy { $0.hasPrefix("main.yaml:") || $0.hasPrefix("settings.yaml:") })
    }

    @Test func cleanFlowsHaveNoFindingsAndReachEveryNode() throws {
        let report = Explorer(graph: try compile(cleanGuide)).run()
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.nodesReached == report.nodesTotal)
        #expect(report.unreached.isEmpty)
        #expect(!report.truncated)
        #expect(report.ends["completed"] ?? 0 > 0)
        #expect(report.summary.hasSuffix("0 errors, 0 warnings"))
    }

    /// The bundled guide: exit and every crisis, danger and check-in phrase work at every prompt
    /// reached, and nothing fails. (The whole guide is more than the default 50,000 states; nodes
    /// behind a host's preset, like the no-helpline handoff, are not reached here.)
    @Test func bundledGuideHasNoErrors() throws {
        let report = Explorer(graph: try bundledGraph()).run()
        #expect(report.errors == 0, "\(report.findings.filter { $0.severity == .error })")
        #expect(report.prompts >= 100, "the walk reaches the guide's prompts")
        #expect(Double(report.nodesReached) >= 0.9 * Double(report.nodesTotal), "\(report.unreached.map(\.id))")
    }

    @Test func limitsNeverCauseFindings() throws {
        for options in [ExploreOptions(depth: 1), ExploreOptions(maxStates: 2)] {
            let report = Explorer(graph: try compile(cleanGuide), options: options).run()
            #expect(report.findings.isEmpty, "a prompt not walked is assumed to reach an end")
        }
        let small = Explorer(graph: try compile(cleanGuide), options: ExploreOptions(maxStates: 2)).run()
        #expect(small.truncated && small.states == 2)
        #expect(small.summary.contains("stopped at --max-states 2"))
    }

    @Test(arguments: ["clean", "troubled"])
    func writtenPathsPassAsTranscriptsAndCoverTheWalk(_ guide: String) throws {
        let graph = try compile(guide == "clean" ? cleanGuide : Self.troubled)
        let report = Explorer(graph: graph).run()
        let engine = Engine(graph: graph)
        let written = PathTranscripts.make(report.paths, engine: engine)
        #expect(!written.isEmpty)
        var trace = Trace()
        for file in written {
            let (parsed, errors) = Transcript.parse(path: file.file, text: file.text)
            #expect(errors.isEmpty, "\(errors)")
            let transcript = try #require(parsed)
            for conversation in transcript.conversations {
                let result = TranscriptRunner(engine: engine).run(conversation, in: transcript)
                #expect(result.passed, "\(result.failure ?? "")")
                trace.nodes.formUnion(result.trace.nodes)
            }
        }
        if guide == "clean" {
            #expect(Coverage(graph: graph, trace: trace).visited == graph.nodes.count, "the paths enter every node")
        }
    }

    @Test func pathsAreCappedAndEachFinishes() throws {
        let graph = try compile(cleanGuide)
        let all = Explorer(graph: graph).run().paths
        #expect(all.allSatisfy { $0.name.hasSuffix("-> end: completed") }, "\(all.map(\.name))")
        #expect(all.contains { $0.inputs == ["1", "a few words", "1"] }, "the deepest conversation by answers: \(all.map(\.inputs))")
        #expect(all.contains { $0.inputs.contains("in danger") }, "the crisis node is entered through its interrupt")
        let one = Explorer(graph: graph, options: ExploreOptions(maxPaths: 1)).run().paths
        #expect(one.count == 1 && one[0] == all[0])
    }

    @Test func everyFindingCodeIsDocumented() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/writers-tools.md"), encoding: .utf8)
        for code in Finding.Code.allCases {
            #expect(doc.contains("| `\(code.rawValue)` | \(code.severity.rawValue) |"), "docs/writers-tools.md lacks \(code.rawValue)")
        }
    }

    @Test func stronglyConnectedComponents() {
        let edges = [0: [1], 1: [2], 2: [0, 3], 3: [3], 4: [3]]
        let components = Walk.components([0, 1, 2, 3, 4]) { edges[$0] ?? [] }.map { $0.sorted() }
        #expect(Set(components) == [[0, 1, 2], [3], [4]])
    }

    @Test func missingVariablesIgnoresFallbacksAndDefaults() throws {
        let t = try Template.parse("Hi {{name}}, {{who or \"friend\"}}, {{place}} {{name}}")
        #expect(t.missingVariables([:]) == ["name", "place"])
        #expect(t.missingVariables([:], defaults: ["place": "here"]) == ["name"])
        #expect(t.missingVariables(["name": "Sam", "place": ""]) == ["place"])
        #expect(Template(literal: "plain").missingVariables([:]).isEmpty)
    }
}
