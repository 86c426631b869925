import CairnEngine

/// Which nodes and choices a set of conversations visited, per flow.
public struct Coverage: Sendable {
    public struct FlowCoverage: Sendable {
        public let flow: String
        public let visited: Int
        public let total: Int
        public let unvisitedNodes: [(id: String, location: SourceLocation)]
        public let untakenChoices: [(id: String, location: SourceLocation)]
        public var percent: Double { total == 0 ? 100 : Double(visited) * 100 / Double(total) }
    }

    public let flows: [FlowCoverage]
    public let visited: Int
    public let total: Int
    public var percent: Double { total == 0 ? 100 : Double(visited) * 100 / Double(total) }

    public init(graph: Graph, trace: Trace) {
        var flows: [FlowCoverage] = []
        for flow in graph.flows {
            let prefix = flow.id + "."
            let nodes = graph.nodes.indices.filter { graph.nodes[$0].id.hasPrefix(prefix) }
            var choices: [(String, SourceLocation)] = []
            for n in nodes {
                if case .choices(let cs) = graph.nodes[n].exit {
                    choices += cs.filter { !trace.choices.contains($0.id) }.map { ($0.id, $0.location) }
                }
            }
            flows.append(FlowCoverage(
                flow: flow.id, visited: nodes.filter { trace.nodes.contains($0) }.count, total: nodes.count,
                unvisitedNodes: nodes.filter { !trace.nodes.contains($0) }.map { (graph.nodes[$0].id, graph.nodes[$0].location) },
                untakenChoices: choices))
        }
        self.flows = flows
        self.visited = flows.map(\.visited).reduce(0, +)
        self.total = flows.map(\.total).reduce(0, +)
    }

    /// A report: a line per flow, then every unvisited node and untaken choice with its position.
    public var report: String {
        var out = flows.map { f in
            "\(f.flow.padding(toLength: 24, withPad: " ", startingAt: 0)) \(f.visited)/\(f.total) nodes (\(Int(f.percent.rounded(.down)))%)"
        }
        out.append("total: \(visited)/\(total) nodes (\(String(format: "%.1f", percent))%)")
        for f in flows {
            for n in f.unvisitedNodes { out.append("\(n.location): note: node '\(n.id)' is never visited") }
            for c in f.untakenChoices { out.append("\(c.location): note: choice '\(c.id)' is never taken") }
        }
        return out.joined(separator: "\n")
    }
}

import Foundation
