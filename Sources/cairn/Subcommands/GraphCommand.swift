import ArgumentParser
import CairnExplore
import CairnLoader

/// `cairn graph [FLOW...]`: the flows as Graphviz DOT, for `cairn graph | dot -Tsvg > flows.svg`.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the flows as a Graphviz DOT graph.",
        discussion: """
            Render it with Graphviz (apt-get install graphviz): cairn graph | dot -Tsvg > flows.svg. \
            With no flow named, every flow is drawn, in rows that fit a page, each flow's links to \
            other flows as small arrows; name one to three flows (cairn graph menu legal) to see \
            the menu's links drawn whole. Warnings from the loader colour their node and are \
            written in a note beside it. Exit status: 0, or 1 when the flows have errors (they are \
            printed instead of a graph). See docs/writers-tools.md.
            """)

    @Argument(help: "Draw only these flows (other flows' nodes they link to appear as stubs).")
    var flow: [String] = []

    @Option(name: .customLong("flow"), help: "Also draw this flow (may be repeated): the same as naming it.")
    var more: [String] = []

    @Option(help: "The flows to draw (default: Flows).")
    var flows: String = "Flows"

    func run() throws {
        let result = try loadOrExit([flows])
        let graph = try graphOrExit(result, checking: flows)
        let wanted = flow + more
        for f in wanted where graph.flow(named: f) == nil {
            throw ValidationError("no flow '\(f)'; the flows are: \(graph.flows.map(\.id).joined(separator: ", "))")
        }
        if !result.diagnostics.isEmpty {
            printErr(result.diagnostics.map(\.description).joined(separator: "\n"))
        }
        let marks = result.diagnostics.map {
            DOTWriter.Mark(location: $0.location, isError: $0.severity == .error, message: $0.description)
        }
        print(DOTWriter(graph: graph, marks: marks).render(flows: wanted.isEmpty ? nil : Set(wanted)), terminator: "")
    }
}
