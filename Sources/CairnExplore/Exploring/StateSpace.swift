import CairnEngine

/// The states an exploration reached and the answers that join them.
///
/// A state is a session waiting at a prompt. Two sessions are the same state when they wait at the
/// same node with the same call stack and reprompt count, the same values of the variables some
/// condition reads, and the same of the variables that could leave a hole in a template set (a
/// slot with no fallback or default; for these only being set matters). Other variables, the undo
/// history and the frames' undo marks are left out, or every path would be its own state. The
/// first session to reach a state stands for it.
struct StateSpace {
    /// What typing one answer at a state did.
    enum Outcome: Equatable {
        case state(Int)
        /// The session ended with this reason (after the events of the step).
        case end(EndReason)
        case failure(String)
        /// Not walked: past the state limit.
        case unknown
    }

    /// Why an answer was sent: content edges are the person answering the question itself.
    enum Kind: Equatable {
        case choice, answer, skip, miss, command(Command.Kind), interrupt(String)

        var isContent: Bool {
            switch self {
            case .choice, .answer, .skip: true
            case .miss, .command, .interrupt: false
            }
        }

        /// Walked from the first state at each node only (see `Walk.expand`).
        var isPerNode: Bool {
            switch self {
            case .miss, .interrupt: true
            case .choice, .answer, .skip, .command: false
            }
        }
    }

    struct Edge {
        var input: String
        var kind: Kind
        var outcome: Outcome
        /// For an end or failure: the nodes the last step entered.
        var nodes: [Int] = []
    }

    struct State {
        var session: Session
        var depth: Int
        /// The state this one was first reached from and the answer typed there (nil for the first prompt).
        var parent: (state: Int, input: String)?
        var expanded = false
        var edges: [Edge] = []
        /// The nodes entered by the step that first reached this state.
        var arrival: [Int] = []
        /// Whether it was first reached by answers alone (no command, miss or interrupt on the way).
        var byAnswers = true
        var node: Int { session.waitingNode ?? 0 }
    }

    /// The variables some condition reads: their values are part of a state.
    let conditionVariables: Set<String>
    /// The variables some template shows with no fallback or default: whether they are set is part of a state.
    let holeVariables: Set<String>
    private(set) var states: [State] = []
    private var index: [String: Int] = [:]

    init(graph: Graph) {
        var names: Set<String> = [], holes: Set<String> = []
        let defaults = graph.settings.defaults
        func templates(_ t: Localized<Template>) {
            for template in t.all { holes.formUnion(template.missingVariables([:], defaults: defaults)) }
        }
        for node in graph.nodes {
            names.formUnion(node.condition?.variables ?? [])
            for m in node.messages {
                names.formUnion(m.condition?.variables ?? [])
                if let text = m.text { templates(text) }
            }
            if case .choices(let choices) = node.exit {
                for c in choices {
                    names.formUnion(c.condition?.variables ?? [])
                    templates(c.label)
                }
            }
        }
        conditionVariables = names
        holeVariables = holes
    }

    var count: Int { states.count }

    subscript(i: Int) -> State {
        get { states[i] }
        set { states[i] = newValue }
    }

    /// The state of a waiting session: an existing one, a new one (when under `limit`), or nil.
    mutating func state(for session: Session, depth: Int, parent: (Int, String)?, limit: Int) -> (index: Int, isNew: Bool)? {
        let key = Self.key(session, values: conditionVariables, setOnly: holeVariables)
        if let i = index[key] { return (i, false) }
        guard states.count < limit else { return nil }
        states.append(State(session: session, depth: depth, parent: parent))
        index[key] = states.count - 1
        return (states.count - 1, true)
    }

    /// Every node entered on the way from the start to state `i`.
    func nodes(to i: Int) -> Set<Int> {
        var out = Set(states[i].arrival)
        var k = i
        while let (p, _) = states[k].parent {
            out.formUnion(states[p].arrival)
            k = p
        }
        return out
    }

    /// The answers typed from the start to reach state `i`.
    func path(to i: Int) -> [String] {
        var out: [String] = []
        var k = i
        while let (p, input) = states[k].parent {
            out.append(input)
            k = p
        }
        return out.reversed()
    }

    /// What tells states apart: the session's status, call stack and miss count (encoded without undo
    /// history or undo marks), the values of `values`, and which of `setOnly` are set.
    static func key(_ session: Session, values: Set<String>, setOnly: Set<String>) -> String {
        var key = StateKeyEncoder.key(session, skip: ["undo", "undoMark", "variables", "presets", "names", "values",
                                                      "fingerprint", "version", "locale", "entry"])
        for name in session.variables.keys.sorted() {
            guard let value = session.variables[name], !value.isEmpty else { continue }
            if values.contains(name) {
                key += "|\(name)=\(value.debugDescription)"
            } else if setOnly.contains(name) {
                key += "|\(name)"
            }
        }
        return key
    }
}
