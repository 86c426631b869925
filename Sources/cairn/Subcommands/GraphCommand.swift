import ArgumentParser
import CairnExplore
import CairnLoader

/// `cairn graph [FLOW]`: the flows as Graphviz DOT, for `cairn graph | dot -Tsvg > flows.svg`.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the flows as a Graphviz DOT graph.",
        discussion: """
            Render it with Graphviz (apt-get install graphviz): cairn graph | dot -Tsvg > flows.svg. \
            Warnings from the loader colour their node (hover for the message). Exit status: 0, or 1 \
            when the flows have errors (they are printed instead of a graph).
            """)

    @Argument(help: "Draw only this flow (other flows' nodes it links to appear as stubs).")
    var flow: String?

    @Option(help: "The flows to draw (default: Flows).")
    var flows: String = "Flows"

    func run() throws {
        let result = try loadOrExit([flows])
        let graph = try graphOrExit(result, checking: flows)
        if let flow, graph.flow(named: flow) == nil {
            throw ValidationError("no flow '\(flow)'; the flows are: \(graph.flows.map(\.id).joined(separator: ", "))")
        }
        if !result.diagnostics.isEmpty {
            printErr(result.diagnostics.map(\.description).joined(separator: "\n"))
        }
        let marks = result.diagnostics.map {
            DOTWriter.Mark(location: $0.location, isError: $0.severity == .error, message: $0.description)
        }
        print(DOTWriter(graph: graph, marks: marks).render(flow: flow), terminator: "")
    }
}
