import CairnTestSupport
import Foundation
import Testing

@Suite("cairn explore and cairn graph: the built binary")
struct ExploreGraphCLITests {
    @Test func exploreCleanFlowsExitsZero() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let run = try ws.cairn("explore")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdoutLines.first?.hasPrefix("explored ") == true, "\(run)")
        #expect(run.stdout.contains("reached 4/4 nodes"))
        #expect(run.stdoutLines.last == "0 errors, 0 warnings")
    }

    @Test func exploreReportsFailuresAsErrorsAndDeadEndsAsWarnings() throws {
        var flows = guideFlows
        flows["main.yaml"] = flows["main.yaml"]!.replacingOccurrences(of: """
                  - label: Done
                    end: completed
            """, with: """
                  - label: Done
                    go: greet
            """)
        let ws = try Workspace(flows: flows)
        defer { ws.remove() }
        let warned = try ws.cairn("explore")
        #expect(warned.status == 0, "warnings only: \(warned)")
        #expect(warned.stdoutLines.contains {
            $0.wholeMatch(of: #/Flows/main\.yaml:17:3: warning: no answer at 'main\.greet' leads to an end .+ \[explore-dead-end\]/#) != nil
        }, "\(warned)")
        #expect(try ws.cairn("explore", "--strict").status == 1)

        flows["settings.yaml"]! += "\n  max_call_depth: 1\n"
        flows["main.yaml"]! += "\n  deep:\n    call: other\n    then: hello\n"
        flows["main.yaml"] = flows["main.yaml"]!.replacingOccurrences(of: "go: ask_name", with: "call: other\n        then: deep")
        flows["other.yaml"] = "flow: other\ntitle: Other\nstart: a\nnodes:\n  a:\n    call: third\n    then: b\n  b:\n    return: true\n"
        flows["third.yaml"] = "flow: third\ntitle: Third\nstart: c\nnodes:\n  c:\n    return: true\n"
        try ws.write(flows, under: "Flows")
        let failed = try ws.cairn("explore")
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.stdout.contains("error: typing '1' at 'main.hello' (at the start) stops with a failure: calls nested deeper than 1"), "\(failed)")
        #expect(failed.stdout.contains("[explore-failure]"))
    }

    @Test func writtenPathsPassCairnTestUnchanged() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let explore = try ws.cairn("explore", "--write", "Explored")
        #expect(explore.status == 0, "\(explore)")
        #expect(explore.stdout.contains("wrote "), "\(explore)")
        let test = try ws.cairn("test", "Explored", "--coverage")
        #expect(test.status == 0, "\(test)")
        let summary = try #require(test.stdoutLines.last)
        #expect(summary.hasSuffix(" passed, 0 failed") && !summary.hasPrefix("0 "), "\(test)")
        #expect(test.stdout.contains("total: 4/4 nodes (100.0%)"), "the paths enter every node: \(test)")
    }

    @Test func graphPrintsDOT() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let all = try ws.cairn("graph")
        #expect(all.status == 0, "\(all)")
        #expect(all.stdout.hasPrefix("digraph cairn {\n") && all.stdout.hasSuffix("}\n"))
        #expect(all.stdout.contains("subgraph \"cluster_main\"") && all.stdout.contains("\"main.hello\" -> \"main.ask_name\""))
        let one = try ws.cairn("graph", "main", "--flows", "Flows")
        #expect(one.status == 0 && one.stdout == all.stdout, "one flow of one is the whole graph")
        let option = try ws.cairn("graph", "--flow", "main")
        #expect(option.status == 0 && option.stdout == all.stdout, "--flow names a flow too")
        let unknown = try ws.cairn("graph", "--flow", "main", "--flow", "mian")
        #expect(unknown.status == 64 && unknown.stderr.contains("no flow 'mian'; the flows are: main"), "\(unknown)")
    }

    @Test func aWarningIsWrittenInThePicture() throws {
        var flows = guideFlows
        flows["main.yaml"] = flows["main.yaml"]! + "\n  orphan:\n    say: Nobody comes here.\n    end: completed\n"
        let ws = try Workspace(flows: flows)
        defer { ws.remove() }
        let run = try ws.cairn("graph")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("shape=note") && run.stdout.contains("label=\"warning: node 'main.orphan' cannot be"), "\(run.stdout)")
    }

    @Test(.enabled(if: ["/usr/bin/dot", "/usr/local/bin/dot"].contains { FileManager.default.isExecutableFile(atPath: $0) },
                   "Graphviz's dot is not installed (apt-get install graphviz); the DOT text is checked without it"))
    func dotRendersTheGraph() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.cairn("graph").stdout.write(to: ws.url.appendingPathComponent("flows.dot"), atomically: true, encoding: .utf8)
        let dot = try Subprocess.run(tool: "dot", ["-Tsvg", "-o", ws.url.appendingPathComponent("flows.svg").path, ws.url.appendingPathComponent("flows.dot").path])
        #expect(dot.status == 0, "\(dot)")
        #expect(try ws.read("flows.svg").contains("<svg"))
    }

    @Test func graphOfBrokenFlowsPrintsDiagnosticsAndExitsOne() throws {
        var flows = guideFlows
        flows["main.yaml"] = flows["main.yaml"]!.replacingOccurrences(of: "go: greet", with: "go: gret")
        let ws = try Workspace(flows: flows)
        defer { ws.remove() }
        let run = try ws.cairn("graph")
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.isEmpty, "no half graph on stdout")
        #expect(run.stderr.contains("Flows/main.yaml:16:9: error: unknown node or flow 'gret'"), "\(run)")
    }
}
