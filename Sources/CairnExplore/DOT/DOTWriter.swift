import CairnEngine

/// Draws compiled flows as Graphviz DOT, for `cairn graph | dot -Tsvg > flows.svg`.
///
/// One cluster per flow, laid out top to bottom; a node is labelled with its id, the first words
/// of its first message, and each conditional message's condition (`[if age_group is under_18]`).
/// Choices are labelled edges (numbered by position, the condition under the label when there is
/// one), an `ask` edge names its variable, a `call` is dashed with a dotted edge to its `then`,
/// `else` is dotted and names the condition it stands for. Ends are double circles, handoffs
/// houses, returns inverted houses, one of each kind per flow. The menu hub (`settings.menu`) is
/// drawn once: the other flows' edges back to it end at a small `menu` arrow inside their own
/// cluster, and other edges between flows do not pull the layout. A `start` circle points at the
/// settings' start, and an `any prompt` octagon at each interrupt, command target and reprompt
/// escape. Marks (diagnostics) colour the node they fall in (red for errors, orange for warnings)
/// and are written out in a note beside it. The output is deterministic.
///
///     print(DOTWriter(graph: graph).render())                        // every flow
///     print(DOTWriter(graph: graph).render(flows: ["menu", "legal"]))  // a subset; other flows' nodes as stubs
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
        render(flows: only.map { [$0] })
    }

    /// The DOT text for the flows in `only` (every flow when nil; each must exist).
    public func render(flows only: Set<String>?) -> String {
        var out = ["digraph cairn {",
                   "  graph [rankdir=TB, newrank=true, nodesep=0.25, ranksep=0.35, fontname=\"Helvetica\", fontsize=12];",
                   "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];",
                   "  edge [fontname=\"Helvetica\", fontsize=9];"]
        let included = Set(graph.nodes.indices.filter { only?.contains(flowID(of: $0)) ?? true })
        let marksByNode = attachMarks()
        let hub = graph.settings.menu
        var edges: [String] = []
        var stubs: Set<Int> = []
        var notes = 0
        let drawn = orderedFlows().filter { only?.contains($0.id) ?? true }
        // Four flows or more: every edge between flows is elided (the menu's too), so the
        // clusters can stack in rows that fit a page.
        let compact = drawn.count > 3
        for flow in drawn {
            out.append("  subgraph \(quote("cluster_" + flow.id)) {")
            // Titles large enough to read when the whole set is printed on one page.
            out.append("    label=\(quote("\(flow.id): \(flow.title)")); fontsize=\(drawn.count > 3 ? 36 : 14); style=rounded; color=gray60;")
            var terminals: [String: String] = [:]
            for n in graph.nodes.indices where flowID(of: n) == flow.id {
                out.append("    " + declaration(n, marks: marksByNode[n] ?? []))
                if let marks = marksByNode[n] {
                    notes += 1
                    out.append("    " + note("@note\(notes)", marks))
                    edges.append("  \(quote(graph.nodes[n].id)) -> \"@note\(notes)\" [style=dotted, arrowhead=none, color=\(colour(marks))];")
                }
                for (target, attributes) in exits(of: n) {
                    let to: String
                    var attributes = attributes
                    switch target {
                    case .node(let m) where flowID(of: m) != flow.id && (compact || !(n == hub && m == graph.flow(named: flowID(of: m))?.start)):
                        // To another flow: a small arrow inside this cluster, not a line across the
                        // drawing. With few flows drawn, the menu's edges to each flow's start are whole.
                        let id = "\(flow.id).@to:\(graph.nodes[m].id)"
                        let name = m == graph.flow(named: flowID(of: m))?.start ? flowID(of: m) : graph.nodes[m].id
                        terminals[id] = "shape=cds, style=\"\", fontsize=9, height=0.3, label=\(quote("to \(m == hub ? "menu" : name)")), tooltip=\(quote(graph.nodes[m].id))"
                        to = quote(id)
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
        let outside = marksByNode[-1] ?? []
        out += entries(included, marks: outside, compact: compact)
        if !outside.isEmpty {
            out.append("  " + note("@note0", outside))
            edges.append("  \"@any\" -> \"@note0\" [style=dotted, arrowhead=none, color=\(colour(outside))];")
        }
        out += edges
        out += rows(drawn)
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// The start's flow, the menu's, the flows in the order the menu offers them, then the rest.
    func orderedFlows() -> [FlowInfo] {
        var ids: [String] = [flowID(of: graph.settings.start)]
        if let hub = graph.settings.menu {
            ids.append(flowID(of: hub))
            if case .choices(let choices) = graph.nodes[hub].exit {
                for c in choices {
                    switch c.target {
                    case .go(let m), .call(let m, _): ids.append(flowID(of: m))
                    default: break
                    }
                }
            }
        }
        ids += graph.flows.map(\.id)
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }.compactMap { graph.flow(named: $0) }
    }

    /// Stacks the clusters in rows (about the square root of two thirds of their number: three for
    /// the bundled guide's 14), so the whole set fits a page: an invisible point between two
    /// rows, below every node of the row above and above the start of each flow of the row below.
    func rows(_ flows: [FlowInfo]) -> [String] {
        guard flows.count > 3 else { return [] }
        let rowCount = max(1, Int((Double(flows.count) / 1.5).squareRoot().rounded()))
        // Rows of about equal width, each flow's width estimated by its widest level.
        let widths = flows.map(estimatedWidth)
        let target = Double(widths.reduce(0, +)) / Double(rowCount)
        var rowsOfFlows: [[FlowInfo]] = [[]]
        var width = 0
        for (f, w) in zip(flows, widths) {
            if !rowsOfFlows[rowsOfFlows.count - 1].isEmpty, Double(width + w / 2) > target, rowsOfFlows.count < rowCount {
                rowsOfFlows.append([])
                width = 0
            }
            rowsOfFlows[rowsOfFlows.count - 1].append(f)
            width += w
        }
        var out: [String] = []
        // Row r's flows start just under point r (weight pulls them up to it); every node of row r
        // is above point r + 1 (weight 0: no pull, only the order).
        for (row, members) in rowsOfFlows.enumerated() {
            let point = quote("@row\(row)")
            out.append("  \(point) [shape=point, style=invis, width=0, height=0, label=\"\"];")
            for f in members { out.append("  \(point) -> \(quote(graph.nodes[f.start].id)) [style=invis, weight=10];") }
            guard row + 1 < rowsOfFlows.count else { break }
            let ids = Set(members.map(\.id))
            for n in graph.nodes.indices where ids.contains(flowID(of: n)) {
                out.append("  \(quote(graph.nodes[n].id)) -> \(quote("@row\(row + 1)")) [style=invis, weight=0];")
            }
        }
        return out
    }

    /// A flow's width in nodes: the most nodes and ways out at one distance from its start.
    func estimatedWidth(_ flow: FlowInfo) -> Int {
        var depth = [flow.start: 0]
        var queue = [flow.start]
        var perLevel: [Int: Int] = [0: 1]
        while !queue.isEmpty {
            let n = queue.removeFirst()
            for (target, _) in exits(of: n) {
                if case .node(let m) = target, flowID(of: m) == flow.id {
                    guard depth[m] == nil else { continue }
                    depth[m] = depth[n]! + 1
                    queue.append(m)
                }
                perLevel[depth[n]! + 1, default: 0] += 1
            }
        }
        return perLevel.values.max() ?? 1
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
        var lines = [local]
        if let condition = node.condition { lines.append("if \(Self.clip(condition.description, 40))") }
        // What a message shows, in a few words: its text, or the contact card it is.
        func words(_ m: Message, limit: Int = 6) -> String {
            switch m.content {
            case .text(let t): Self.firstWords(t.base, limit: limit)
            case .contact(let id): "[contact: \(id)]"
            }
        }
        // The first message shown always (else the first), then the other conditional ones.
        let headline = node.messages.firstIndex { $0.condition == nil } ?? node.messages.indices.first
        if let h = headline {
            let first = node.messages[h]
            lines.append((first.condition.map { "[if \(Self.clip($0.description, 30))] " } ?? "") + words(first))
        }
        let conditional = node.messages.indices.filter { $0 != headline && node.messages[$0].condition != nil }
        for i in conditional.prefix(3) {
            lines.append("[if \(Self.clip(node.messages[i].condition!.description, 30))] " + words(node.messages[i], limit: 4))
        }
        if conditional.count > 3 { lines.append("+\(conditional.count - 3) more conditional messages") }
        var attributes = ["label=\(quote(lines.joined(separator: "\n")))"]
        switch node.exit {
        case .choices: break
        case .ask: attributes.append("shape=parallelogram, style=\"\"")
        case .target: attributes.append("style=\"\"")
        }
        if node.condition != nil { attributes.append("peripheries=2") }
        var tooltip = "\(node.id) (\(node.location))"
        if !marks.isEmpty {
            attributes.append("color=\(colour(marks)), penwidth=2")
            tooltip += "\n" + marks.map(\.message).joined(separator: "\n")
        }
        attributes.append("tooltip=\(quote(tooltip))")
        return "\(quote(node.id)) [\(attributes.joined(separator: ", "))];"
    }

    /// A note with the marks' messages, wrapped, in the marks' colour: readable in a PNG too.
    func note(_ id: String, _ marks: [Mark]) -> String {
        var lines: [String] = []
        for mark in marks.prefix(3) {
            lines += Self.wrap((mark.isError ? "error: " : "warning: ") + Self.problem(mark.message), width: 48).prefix(4)
        }
        if marks.count > 3 { lines.append("+\(marks.count - 3) more") }
        let c = colour(marks)
        return "\(quote(id)) [shape=note, style=filled, fillcolor=\(c == "red" ? "mistyrose" : "lightyellow"), color=\(c), fontcolor=\(c == "red" ? "red3" : "darkorange4"), fontsize=9, label=\(quote(lines.joined(separator: "\n")))];"
    }

    func colour(_ marks: [Mark]) -> String { marks.contains { $0.isError } ? "red" : "orange" }

    /// A diagnostic's message without its `path:line:col: warning: ` prefix.
    static func problem(_ message: String) -> String {
        for kind in [": warning: ", ": error: "] {
            if let r = message.range(of: kind) { return String(message[r.upperBound...]) }
        }
        return message
    }

    /// Words in lines of at most `width` characters (a longer word stands alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func clip(_ s: String, _ limit: Int) -> String { s.count <= limit ? s : String(s.prefix(limit - 1)) + "…" }

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
