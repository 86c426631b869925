import CairnEngine

/// What an exploration found: findings, counts for the summary, and the paths to write as transcripts.
public struct ExploreReport: Sendable {
    /// Sorted by file, line and column.
    public let findings: [Finding]
    /// Distinct states (a session waiting at a prompt) reached.
    public let states: Int
    /// Distinct prompt nodes reached.
    public let prompts: Int
    public let nodesReached: Int
    public let nodesTotal: Int
    /// Nodes no walked path entered (within the limits), in graph order.
    public let unreached: [(id: String, location: SourceLocation)]
    /// Distinct ways the conversation ended (by reason), with how often each was reached.
    public let ends: [String: Int]
    /// Whether the state limit stopped the walk early.
    public let truncated: Bool
    public let options: ExploreOptions
    /// One conversation per distinct last step into an end or failure, shortest first.
    public let paths: [ExplorePath]

    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.count - errors }

    /// Two lines: what was walked, then the counts.
    ///
    ///     explored 812 states at 96 prompts (depth 12): reached 201/214 nodes; ends: completed 40, handoff 12
    ///     0 errors, 2 warnings
    public var summary: String {
        let endList = ends.keys.sorted().map { "\($0) \(ends[$0]!)" }.joined(separator: ", ")
        var first = "explored \(states) states at \(prompts) prompts (depth \(options.depth)): reached \(nodesReached)/\(nodesTotal) nodes"
        first += "; ends: " + (endList.isEmpty ? "none" : endList)
        if truncated { first += "\nstopped at --max-states \(options.maxStates); raise it to look further" }
        return first + "\n\(errors) errors, \(warnings) warnings"
    }
}

/// A conversation the walk found: the answers typed from the start, and where it finished.
public struct ExplorePath: Sendable, Equatable {
    public let inputs: [String]
    /// The flow of the last prompt (files are grouped by it).
    public let flow: String
    /// A one-line name: the last prompt, the last answer and the outcome.
    public let name: String
}

extension Walk {
    func report() -> ExploreReport {
        var walk = self
        walk.findStuckPrompts()
        walk.reportSafety()
        var ends: [String: Int] = [:]
        for state in space.states {
            for edge in state.edges { if case .end(let reason) = edge.outcome { ends[reason.rawValue, default: 0] += 1 } }
        }
        let prompts = Set(space.states.map(\.node)).count
        return ExploreReport(
            findings: walk.findings.sorted { ($0.location.file, $0.location.line, $0.location.column, $0.message)
                < ($1.location.file, $1.location.line, $1.location.column, $1.message) },
            states: space.count, prompts: prompts, nodesReached: reached.count, nodesTotal: graph.nodes.count,
            unreached: graph.nodes.indices.filter { !reached.contains($0) }.map { (graph.nodes[$0].id, graph.nodes[$0].location) },
            ends: ends, truncated: truncated, options: options, paths: selectPaths())
    }

    static func outcomeName(_ outcome: StateSpace.Outcome) -> String? {
        switch outcome {
        case .end(let reason): "end: \(reason)"
        case .failure: "failure"
        case .state, .unknown: nil
        }
    }
}
