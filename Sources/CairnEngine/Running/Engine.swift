/// Runs compiled flows: a pure, bounded, deterministic step function.
///
/// `step` advances a session from where it waits until it must wait again or ends, and returns what
/// happened as events. It does no I/O, reads no clock and keeps no state of its own: the same graph,
/// session and input always give the same result. A jump loop stops at `maxNodesPerStep` with a
/// `failure` event, never a hang.
///
///     let engine = Engine(graph: graph)
///     var session = Session(graph: graph)
///     var events = try engine.step(&session, .start)     // say..., choices
///     events = try engine.step(&session, .text("2"))
public struct Engine: Sendable {
    public let graph: Graph
    let defaults: [String: String]
    let exitWords: Set<String>
    let commandByWord: [String: Command]

    public init(graph: Graph) {
        self.graph = graph
        self.defaults = graph.settings.defaults
        var exits: Set<String> = []
        var byWord: [String: Command] = [:]
        for command in graph.settings.commands {
            if command.kind == .exit { exits.formUnion(command.words) }
            for word in command.words where byWord[word] == nil { byWord[word] = command }
        }
        self.exitWords = exits
        self.commandByWord = byWord
    }

    /// Advances `session` with `input` and returns the events, in order.
    ///
    /// Legal calls: `.start` once on a new session; then `.text`, `.cancel` or `.timeout` while it
    /// waits. Anything else throws an `EngineError` and leaves the session unchanged.
    public func step(_ session: inout Session, _ input: Input) throws(EngineError) -> [Event] {
        var trace: Trace?
        return try step(&session, input, trace: &trace)
    }

    /// `step`, also recording into `trace` (when not nil) the nodes entered and choices taken, for coverage.
    public func step(_ session: inout Session, _ input: Input, trace: inout Trace?) throws(EngineError) -> [Event] {
        guard session.version == Session.formatVersion else { throw .unsupportedVersion(session.version) }
        guard session.fingerprint == graph.fingerprint else {
            throw .wrongGraph(expected: graph.fingerprint, found: session.fingerprint)
        }
        var run = Run(engine: self, session: session)
        run.trace = trace
        switch (session.status, input) {
        case (.ended(let reason), _): throw .ended(reason)
        case (.ready, .start): run.enter(session.entry ?? graph.settings.start)
        case (.ready, .text): throw .notStarted
        case (.waiting, .start): throw .alreadyStarted
        case (_, .cancel): run.finish(.hostCancelled)
        case (_, .timeout): run.finish(.idleTimeout)
        case (.waiting(let node), .text(let raw)): run.answer(raw, at: node)
        }
        session = run.session
        trace = run.trace
        return run.events
    }

    /// The choices a person would see at `node` now (conditions applied), numbered from 1.
    public func visibleChoices(at node: Int, in session: Session) -> [ChoiceOption] {
        guard case .choices(let choices) = graph.nodes[node].exit else { return [] }
        var options: [ChoiceOption] = []
        for choice in choices where choice.condition?.evaluate(session.variables) ?? true {
            options.append(ChoiceOption(number: options.count + 1, id: choice.id,
                                        label: choice.label.value(for: session.locale).render(session.variables, defaults: defaults)))
        }
        return options
    }

    /// Every word the person could type at the session's prompt now: choice labels and keywords and
    /// the global commands (for Tab completion).
    public func suggestions(for session: Session) -> [String] {
        var words = graph.settings.commands.flatMap(\.words)
        if let node = session.waitingNode, case .choices(let choices) = graph.nodes[node].exit {
            for choice in choices where choice.condition?.evaluate(session.variables) ?? true {
                words.append(choice.label.value(for: session.locale).render(session.variables, defaults: defaults))
                words.append(contentsOf: choice.keywords.value(for: session.locale))
            }
        }
        var seen: Set<String> = []
        return words.filter { seen.insert($0).inserted }
    }
}

/// What a traced step visited: node indices entered and choice ids taken.
public struct Trace: Sendable, Equatable {
    public var nodes: Set<Int> = []
    public var choices: Set<String> = []
    public init() {}
}

/// What a waiting session expects next, for hosts that draw buttons or a text box.
public enum Prompt: Equatable, Sendable {
    case choices([ChoiceOption])
    case text(variable: String, expect: String, optional: Bool)
}

extension Engine {
    /// The prompt the session waits at, or nil when it is not waiting (not started, or ended).
    public func prompt(for session: Session) -> Prompt? {
        guard let node = session.waitingNode else { return nil }
        switch graph.nodes[node].exit {
        case .choices: return .choices(visibleChoices(at: node, in: session))
        case .ask(let q): return .text(variable: q.variable, expect: q.expect.name, optional: q.optional)
        case .target: return nil
        }
    }
}
