import CairnEngine
import CairnExplore
import CairnTestSupport
import Foundation
import Testing

/// Whether Graphviz's `dot` is on the PATH (apt-get install graphviz).
let dotPath: String? = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite("DOT: the flows as a Graphviz graph")
struct DOTWriterTests {
    @Test func clustersNodesAndEdges() throws {
        let dot = DOTWriter(graph: try compile(cleanGuide)).render()
        #expect(dot.hasPrefix("digraph cairn {\n") && dot.hasSuffix("}\n"))
        #expect(dot.contains("subgraph \"cluster_main\" {"))
        #expect(dot.contains("label=\"main: Main\""))
        #expect(dot.contains("\"main.hello\" [label=\"hello\\nHi. Pick one.\""), "id and first words")
        #expect(dot.contains("\"main.ask_name\" [label=\"ask_name\\nWhat should I call you?\", shape=parallelogram"))
        #expect(dot.contains("\"main.hello\" -> \"main.ask_name\" [label=\"1. Tell me your name\"];"))
        #expect(dot.contains("\"main.ask_name\" -> \"main.greet\" [label=\"ask: name (text)\"];"))
        #expect(dot.contains("\"main.@end:completed\" [shape=doublecircle"))
        #expect(dot.contains("\"main.crisis\" -> \"main.@return\" [label=\"1. Go back to where I ...\"];"), "five words at most")
        #expect(dot.contains("\"@start\" -> \"main.hello\";"))
        #expect(dot.contains("\"@any\" -> \"main.crisis\" [label=\"interrupt: crisis\\nin danger, hurt myself\", color=red"))
        #expect(dot.contains("\"@any\" -> \"main.hello\" [label=\"menu: menu, main menu\", style=dashed];"))
    }

    @Test func callsHandoffsAndConditions() throws {
        let graph = try compile([
            "main.yaml": """
                flow: main
                title: "Say \\"hi\\" \\\\ back"
                start: a
                nodes:
                  a:
                    if: seen is set
                    else: b
                    call: other
                    then: b
                  b:
                    set: { seen: "yes" }
                    handoff: { share: [seen] }
                """,
            "other.yaml": "flow: other\ntitle: Other\nstart: c\nnodes:\n  c:\n    return: true\n",
            "settings.yaml": "settings:\n  variables:\n    seen: { shareable: true }\n",
        ])
        let dot = DOTWriter(graph: graph).render()
        #expect(dot.contains("\"main.a\" -> \"main.@to:other.c\" [label=\"call\", style=dashed];"), "to another flow: an arrow in this cluster")
        #expect(dot.contains("\"main.@to:other.c\" [shape=cds, style=\"\", fontsize=9, height=0.3, label=\"to other\", tooltip=\"other.c\"];"))
        #expect(dot.contains("\"main.a\" -> \"main.b\" [label=\"after the call returns\", style=dotted];"))
        #expect(dot.contains("\"main.a\" -> \"main.b\" [label=\"else (not: seen is set)\", style=dotted];"), "else names its condition")
        #expect(dot.contains("\"main.a\" [label=\"a\\nif seen is set\", style=\"\", peripheries=2"), "the node shows its condition")
        #expect(dot.contains("peripheries=2"), "a node with if: is drawn doubled")
        #expect(dot.contains("\"main.@handoff:seen\" [shape=house"))
        #expect(dot.contains("label=\"main: Say \\\"hi\\\" \\\\ back\""), "quotes and backslashes are escaped")
    }

    @Test func oneFlowDrawsOtherFlowsAsStubs() throws {
        let graph = try compile([
            "a.yaml": "flow: a\ntitle: A\nstart: x\nnodes:\n  x:\n    go: b.y\n",
            "b.yaml": "flow: b\ntitle: B\nstart: y\nnodes:\n  y:\n    end: completed\n",
        ])
        let dot = DOTWriter(graph: graph).render(flow: "a")
        #expect(dot.contains("cluster_a") && !dot.contains("cluster_b"))
        #expect(dot.contains("\"a.x\" -> \"a.@to:b.y\";"))
        #expect(dot.contains("label=\"to b\""), "a flow's start is named by the flow")
        #expect(dot.contains("\"@start\" -> \"a.x\";"), "with no settings, the first flow's start is the start")
    }

    @Test func marksColourTheirNode() throws {
        let graph = try compile(cleanGuide)
        let greet = graph.nodes[graph.nodeIndex["main.greet"]!].location
        let marks = [
            DOTWriter.Mark(location: SourceLocation(file: greet.file, line: greet.line + 1, column: 5), isError: false,
                           message: "main.yaml:1:1: warning: something [code]"),
            DOTWriter.Mark(location: SourceLocation(file: "settings.yaml", line: 2, column: 3), isError: true, message: "bad setting"),
        ]
        let dot = DOTWriter(graph: graph, marks: marks).render()
        let line = try #require(dot.split(separator: "\n").first { $0.contains("\"main.greet\" [") })
        #expect(line.contains("color=orange, penwidth=2"))
        #expect(line.contains("warning: something [code]"), "the message is the tooltip")
        #expect(dot.contains("\"@any\" [shape=octagon, style=\"\", label=\"any prompt\", color=red, penwidth=2, tooltip=\"bad setting\"]"))
    }

    @Test func conditionsShowOnEdgesAndMessages() throws {
        let graph = try compile([
            "main.yaml": """
                flow: main
                title: Main
                start: a
                nodes:
                  a:
                    say:
                      - Pick one.
                      - text: You are under 18, so one more service can help.
                        if: age is under_18
                    choices:
                      - label: The service for under 18s
                        if: age is under_18 and topics has removal
                        end: completed
                      - label: Leave
                        end: completed
                """,
            "settings.yaml": "settings:\n  variables:\n    age: { preset: true }\n    topics: { preset: true }\n",
        ])
        let dot = DOTWriter(graph: graph).render()
        #expect(dot.contains("label=\"1. The service for under 18s\\n[if age is under_18 and topics has removal]\""), "\(dot)")
        #expect(dot.contains("\"main.a\" [label=\"a\\nPick one.\\n[if age is under_18] You are under 18, ...\""), "\(dot)")
    }

    @Test func marksAreWrittenOutInANote() throws {
        let graph = try compile(cleanGuide)
        let greet = graph.nodes[graph.nodeIndex["main.greet"]!].location
        let mark = DOTWriter.Mark(location: greet, isError: false, message: "main.yaml:3:4: warning: variable 'x' is never set [no-default]")
        let dot = DOTWriter(graph: graph, marks: [mark]).render()
        #expect(dot.contains("\"@note1\" [shape=note, style=filled, fillcolor=lightyellow, color=orange, fontcolor=darkorange4, fontsize=9, label=\"warning: variable 'x' is never set [no-default]\"];"), "\(dot)")
        #expect(dot.contains("\"main.greet\" -> \"@note1\" [style=dotted, arrowhead=none, color=orange];"))
    }

    /// Four flows or more: rows of clusters, the menu drawn once, every edge between flows an arrow
    /// inside its cluster, and the `any prompt` octagon listing where it goes.
    @Test func theWholeSetIsLaidOutInRows() throws {
        let graph = try bundledGraph()
        let dot = DOTWriter(graph: graph).render()
        #expect(dot.contains("\"@row2\" [shape=point") && !dot.contains("\"@row3\""), "three rows for the bundled guide")
        let hub = graph.nodes[graph.settings.menu!].id
        let across = dot.split(separator: "\n").filter { line in
            guard line.contains(" -> "), !line.contains("invis") else { return false }
            let parts = line.split(separator: "\"")
            guard parts.count >= 4 else { return false }
            return parts[1].split(separator: ".")[0] != parts[3].split(separator: ".")[0] && !parts[1].hasPrefix("@") && !parts[3].hasPrefix("@")
        }
        #expect(across.isEmpty, "no edge crosses between flows: \(across.prefix(3))")
        #expect(dot.components(separatedBy: "\n    \"\(hub)\" [label=").count == 2, "the menu hub is drawn once")
        #expect(dot.contains("label=\"to menu\""))
        #expect(dot.contains("interrupt: crisis (suicide, suicidal, ~suicidal, ...) → crisis.lines"))
        #expect(!dot.contains("\"@any\" -> \"crisis"))
        let few = DOTWriter(graph: graph).render(flows: ["menu", "legal"])
        #expect(few.contains("\"\(hub)\" -> \"legal."), "with few flows, the menu's edges to them are drawn whole")
        #expect(!few.contains("@row"))
    }

    /// Runs a Graphviz tool on `dot` text; returns its exit status and standard error.
    func graphviz(_ tool: String, _ arguments: [String], _ dot: String) throws -> (status: Int32, errors: String) {
        let run = try Subprocess.run(URL(fileURLWithPath: tool), arguments, input: dot)
        return (run.status, run.stderr)
    }

    /// Each flow is laid out for real, and all flows at once (a few seconds since the edges
    /// between flows are arrows inside their clusters; it took minutes before).
    @Test(.enabled(if: dotPath != nil, "Graphviz's dot is not installed (apt-get install graphviz); the DOT text is still checked above"))
    func graphvizReadsTheBundledGuide() throws {
        let graph = try bundledGraph()
        for flow in graph.flows.map(\.id) {
            let run = try graphviz(dotPath!, ["-Tsvg"], DOTWriter(graph: graph).render(flow: flow))
            #expect(run.status == 0 && run.errors.isEmpty, "dot on flow \(flow): \(run.errors)")
        }
        let all = try graphviz(dotPath!, ["-Tsvg"], DOTWriter(graph: graph).render())
        #expect(all.status == 0 && all.errors.isEmpty, "dot on all flows: \(all.errors)")
        let gc = URL(fileURLWithPath: dotPath!).deletingLastPathComponent().appendingPathComponent("gc").path
        let broken = try graphviz(gc, [], "digraph { a -> ")
        #expect(!broken.errors.isEmpty, "gc reports a syntax error, so the check above means something")
    }
}
