import CairnEngine

/// Walks compiled flows with the real engine, breadth first, and reports what a person could run into.
///
/// From the first prompt it types, at every prompt: each visible choice (by number), valid answers to
/// a question (and the skip word when it is optional), an answer that matches nothing (to climb the
/// reprompt ladder), the back, restart, menu, help and repeat commands, and each interrupt's first
/// phrase. Sessions that differ only in ways that can't change what happens next are one state (see
/// `StateSpace`). Answers go first: every state answering reaches is found before any command is typed, so the
/// path recorded for a state reads like a person answering wherever that is possible.
/// The walk stops at `options.depth` answers from the start and at `options.maxStates` states; it
/// never hangs, because each `Engine.step` is bounded. At each node it also checks that every quick
/// exit word and every interrupt phrase works.
///
///     let report = Explorer(graph: graph).run()
///     report.findings.forEach { print($0) }      // Flows/menu.yaml:7:3: warning: ... [explore-dead-end]
public struct Explorer: Sendable {
    public let engine: Engine
    public let options: ExploreOptions

    public init(graph: Graph, options: ExploreOptions = ExploreOptions()) {
        self.engine = Engine(graph: graph)
        self.options = options
    }

    /// Runs the walk; pure apart from the time it takes (the same graph gives the same report).
    public func run() -> ExploreReport {
        var walk = Walk(engine: engine, options: options)
        walk.run()
        return walk.report()
    }
}

/// The mutable work of one exploration.
struct Walk {
    let engine: Engine
    let options: ExploreOptions
    var space: StateSpace
    var findings: [Finding] = []
    var findingKeys: Set<String> = []
    var reached: Set<Int> = []
    var checkedNodes: Set<Int> = []
    /// Quick exit and interrupt problems, grouped over prompts (see `checkSafety`).
    var safety: [String: SafetyProblem] = [:]
    var safetyOrder: [String] = []
    /// States first reached on the reprompt ladder (a miss count above 0): expanded with misses only.
    var laddered: Set<Int> = []
    var truncated = false
    /// Every word of every command (an interrupt phrase among them never reaches the interrupt).
    let commandWords: Set<String>
    /// The first step's outcome when it did not reach a prompt.
    var startOutcome: StateSpace.Outcome?

    var graph: Graph { engine.graph }

    init(engine: Engine, options: ExploreOptions) {
        self.engine = engine
        self.options = options
        self.space = StateSpace(graph: engine.graph)
        self.commandWords = Set(engine.graph.settings.commands.flatMap(\.words))
    }

    mutating func run() {
        let session = Session(graph: graph, locale: options.locale)
        switch outcome(step(session, .start, path: []), from: nil, input: "", kind: .answer) {
        case .state: break
        case let other: startOutcome = other
        }
        // Answers first: states reachable by answering are found (and their first paths recorded)
        // before commands, misses and interrupts are tried from any state.
        var answered = 0, other = 0
        while other < space.count {
            if answered < space.count {
                expand(answered, answers: true)
                answered += 1
            } else {
                expand(other, answers: false)
                other += 1
            }
        }
    }

    /// Types the answers (or, with `answers` false, the commands, misses and interrupts) at state
    /// `i` and records where each leads.
    mutating func expand(_ i: Int, answers: Bool) {
        let state = space[i]
        guard state.depth < options.depth else { return }
        space[i].expanded = true
        var inputs = self.inputs(at: i).filter { $0.kind.isContent == answers }
        if answers {
            if laddered.contains(i) { return }
        } else {
            let firstAtNode = checkedNodes.insert(state.node).inserted
            if firstAtNode { checkSafety(at: i) }
            if laddered.contains(i) { inputs = inputs.filter { $0.kind == .miss } }
            // The reprompt ladder and the interrupts are walked from the first state at each node
            // only: from every state they would pair each prompt with every place to come back to,
            // and each variable with each miss count, without reaching anything new.
            // A state on the ladder goes on missing, to reach where the ladder leads.
            if !firstAtNode && !laddered.contains(i) { inputs = inputs.filter { !$0.kind.isPerNode } }
        }
        let path = space.path(to: i)
        for (input, kind) in inputs {
            let stepped = step(state.session, .text(input), path: path + [input])
            let result = outcome(stepped, from: i, input: input, kind: kind)
            let keepsMisses = kind == .miss || (laddered.contains(i) && (kind == .command(.help) || kind == .command(.repeat)))
            if keepsMisses, case .state(let j) = result, space[j].node == state.node, let parent = space[j].parent, parent.state == i, parent.input == input {
                laddered.insert(j)
            }
            let finished = { if case .end = result { true } else if case .failure = result { true } else { false } }()
            space[i].edges.append(.init(input: input, kind: kind, outcome: result, nodes: finished ? stepped.nodes : []))
        }
        if answers, case .ask(let q) = graph.nodes[state.node].exit, Self.answers(to: q.expect).isEmpty {
            space[i].edges.append(.init(input: "", kind: .answer, outcome: .unknown))  // no sample fits the pattern
        }
    }

    /// One step's result: the session after it, its events, and the nodes it entered (sorted).
    struct Stepped {
        var session: Session
        var events: [Event]
        var nodes: [Int]
    }

    /// Steps a copy of `session`, noting the nodes reached and any sentence with a hole in it.
    mutating func step(_ session: Session, _ input: Input, path: [String]) -> Stepped {
        var after = session
        var trace: Trace? = Trace()
        let events = (try? engine.step(&after, input, trace: &trace)) ?? []
        let nodes = trace?.nodes ?? []
        reached.formUnion(nodes)
        checkHoles(events, nodes: nodes, variables: after.isEnded ? session.variables : after.variables,
                   locale: session.locale, path: path)
        return Stepped(session: after, events: events, nodes: nodes.sorted())
    }

    /// Where a step led: a failure, an end, or a state (new states join the walk).
    mutating func outcome(_ stepped: Stepped, from parent: Int?, input: String, kind: StateSpace.Kind) -> StateSpace.Outcome {
        let session = stepped.session
        for case .failure(let message) in stepped.events {
            let node = parent.map { space[$0].node } ?? graph.settings.start
            let at = parent.map { " (\(Self.describe(space.path(to: $0))))" } ?? ""
            note(.failure, at: graph.nodes[node].location, key: "\(node) \(message)",
                 "\(typing(input, parent))\(at) stops with a failure: \(message)")
            return .failure(message)
        }
        if case .ended(let reason) = session.status { return .end(reason) }
        let depth = parent.map { space[$0].depth + 1 } ?? 0
        guard let (j, isNew) = space.state(for: session, depth: depth, parent: parent.map { ($0, input) }, limit: options.maxStates) else {
            truncated = true
            return .unknown
        }
        if isNew {
            space[j].arrival = stepped.nodes
            space[j].byAnswers = parent.map { kind.isContent && space[$0].byAnswers } ?? true
        }
        return .state(j)
    }

    func typing(_ input: String, _ parent: Int?) -> String {
        guard let parent else { return "starting the conversation" }
        return "typing '\(input)' at '\(graph.nodes[space[parent].node].id)'"
    }

    /// "reached by typing 1, 3, yes", or "at the start".
    static func describe(_ path: [String]) -> String {
        path.isEmpty ? "at the start" : "reached by typing " + path.map { $0.isEmpty ? "an empty line" : $0 }.joined(separator: ", ")
    }

    /// Records a finding once per `key`.
    mutating func note(_ code: Finding.Code, at location: SourceLocation, key: String, _ message: String) {
        guard findingKeys.insert("\(code.rawValue) \(key)").inserted else { return }
        findings.append(Finding(code, at: location, message))
    }
}
