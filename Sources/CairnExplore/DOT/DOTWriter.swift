import CairnEngine

/// Draws compiled flows as Graphviz DOT, for `cairn graph | dot -Tsvg > flows.svg`.
///
/// One cluster per flow; a node is labelled with its id and the first words of its first message.
/// Choices are labelled edges (numbered by position; `[if]` when conditional), an `ask` edge names
/// its variable, a `call` is dashed with a dotted edge to its `then`, `else` is dotted. Ends are
/// double circles, handoffs houses, returns inverted houses, one of each kind per flow. A `start`
/// circle points at the settings' start, and an `any prompt` octagon at each interrupt, command
/// target and reprompt escape. Marks (diagnostics) colour the node they fall in: red for errors,
/// orange for warnings, with the messages as its tooltip. The output is deterministic.
///
///     print(DOTWriter(graph: graph).render())             // every flow
///     print(DOTWriter(graph: graph).render(flow: "menu"))  // one flow; other flows' nodes as stubs
public struct DOTWriter: Sendable {
    /// A problem to show on the node whose source it falls in.
    public struct Mark: Sendable {
        public var location: SourceLocation
        public var isError: Bool
        public var message: String

        public init(location: SourceLocation, isError: Bool, message: String) {
            self.location = location
            self.isError = isError
            self.message = message
        }
    }

    public let graph: Graph
    public let marks: [Mark]

    public init(graph: Graph, marks: [Mark] = []) {
        self.graph = graph
        self.marks = marks
    }

    /// The DOT text for every flow, or only `flow` (which must exist: see `graph.flow(named:)`).
    public func render(flow only: String? = nil) -> String {
        var out = ["digraph cairn {",
                   "  graph [rankdir=LR, newrank=true, fontname=\"Helvetica\", fontsize=12];",
                   "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];",
                   "  edge [fontname=\"Helvetica\", fontsize=9];"]
        let included = Set(graph.nodes.indices.filter { only == nil || flowID(of: $0) == only })
        let marksByNode = attachMarks()
        var edges: [String] = []
        var stubs: Set<Int> = []
        for flow in graph.flows where only == nil || flow.id == only {
            out.append("  subgraph \(quote("cluster_" + flow.id)) {")
            out.append("    label=\(quote("\(flow.id): \(flow.title)")); fontsize=14;")
            var terminals: [String: String] = [:]
            for n in graph.nodes.indices where flowID(of: n) == flow.id {
                out.append("    " + declaration(n, marks: marksByNode[n] ?? []))
                for (target, attributes) in exits(of: n) {
                    let to: String
                    switch target {
                    case .node(let m):
                        if !included.contains(m) { stubs.insert(m) }
                        to = quote(graph.nodes[m].id)
                    case .terminal(let id, let declaration):
                        terminals[id] = declaration
                        to = quote(id)
                    }
                    edges.append("  \(quote(graph.nodes[n].id)) -> \(to)\(attributes.isEmpty ? "" : " [\(attributes)]");")
                }
            }
            out += terminals.keys.sorted().map { "    \(quote($0)) [\(terminals[$0]!)];" }
            out.append("  }")
        }
        for m in stubs.sorted() {
            out.append("  \(quote(graph.nodes[m].id)) [style=\"rounded,dashed\", label=\(quote(graph.nodes[m].id)), tooltip=\"in another flow\"];")
        }
        out += entries(included, marks: marksByNode[-1] ?? [])
        out += edges
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// Where an edge goes: a node, or a per-flow terminal (end, handoff, return) with its declaration.
    enum EdgeTarget {
        case node(Int)
        case terminal(String, String)
    }

    /// The node's line: label, shape by kind, position as tooltip, marks as colour.
    func declaration(_ n: Int, marks: [Mark]) -> String {
        let node = graph.nodes[n]
        let local = node.id.split(separator: ".", maxSplits: 1).last.map(String.init) ?? node.id
        var label = local
        switch node.messages.first?.content {
        case .text(let t)?: label += "\n" + Self.firstWords(t.base)
        case .contact(let id)?: label += "\n[contact: \(id)]"
        case nil: break
        }
        var attributes = ["label=\(quote(label))"]
        switch node.exit {
        case .choices: break
        case .ask: attributes.append("shape=parallelogram, style=\"\"")
        case .target: attributes.append("style=\"\"")
        }
        if node.condition != nil { attributes.append("peripheries=2") }
        var tooltip = "\(node.id) (\(node.location))"
        if !marks.isEmpty {
            let error = marks.contains { $0.isError }
            attributes.append("color=\(error ? "red" : "orange"), penwidth=2")
            tooltip += "\n" + marks.map(\.message).joined(separator: "\n")
        }
        attributes.append("tooltip=\(quote(tooltip))")
        return "\(quote(node.id)) [\(attributes.joined(separator: ", "))];"
    }

    /// Each mark goes to the node it falls in: the last node of its file starting at or before it
    /// (key -1: marks outside any node, shown on the `any prompt` entry).
    func attachMarks() -> [Int: [Mark]] {
        var out: [Int: [Mark]] = [:]
        for mark in marks {
            let owner = graph.nodes.indices
                .filter { graph.nodes[$0].location.file == mark.location.file && graph.nodes[$0].location.line <= mark.location.line }
                .max { graph.nodes[$0].location.line < graph.nodes[$1].location.line }
            out[owner ?? -1, default: []].append(mark)
        }
        return out
    }

    func flowID(of n: Int) -> String { String(graph.nodes[n].id.split(separator: ".")[0]) }
}
