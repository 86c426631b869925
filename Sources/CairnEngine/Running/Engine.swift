import Foundation

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
    /// The graph and what is worked out from it once, shared by every copy of the engine.
    let core: Core

    public var graph: Graph { core.graph }
    var defaults: [String: String] { core.defaults }

    /// When the understanding of the default language is built.
    public enum UnderstandingBuild: Sendable {
        /// With the engine (the default).
        case eager
        /// At the first answer, or at `prepareUnderstanding()`, whichever comes first: the first
        /// prompt can be shown before it exists (the chat builds it while the person reads).
        case onFirstUse
    }

    /// - maxSessionBytes: when set, no session this engine runs encodes to more bytes
    ///   (Session+Size.swift): answers that would not fit are refused with `texts.too_long`.
    public init(graph: Graph, maxSessionBytes: Int? = nil) {
        self.core = Core(graph: graph, maxSessionBytes: maxSessionBytes)
    }

    /// - understanding: when the default language's understanding is built; other languages'
    ///   are always built when a session first needs one. Either way every session sees the same.
    public init(graph: Graph, maxSessionBytes: Int? = nil, understanding: UnderstandingBuild) {
        self.core = Core(graph: graph, maxSessionBytes: maxSessionBytes, understanding: understanding)
    }

    /// Builds the default language's understanding now if it is not built yet (for `.onFirstUse`,
    /// off the thread that shows the conversation); a step that needs it meanwhile waits for it.
    public func prepareUnderstanding() {
        _ = core.mainUnderstanding
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
        switch (session.status, input) {
        case (.ended(let reason), _): throw .ended(reason)
        case (.ready, .text): throw .notStarted
        case (.waiting, .start): throw .alreadyStarted
        default: break
        }
        // The run changes the session where it is, so its arrays and dictionaries stay uniquely
        // referenced and are changed in place, not copied.
        return withUnsafeMutablePointer(to: &session) { held in
            var run = Run(engine: self, session: held)
            run.trace = trace
            switch (held.pointee.status, input) {
            case (.ready, .start): run.enter(held.pointee.entry ?? graph.settings.start)
            case (_, .cancel): run.finish(.hostCancelled)
            case (_, .timeout): run.finish(.idleTimeout)
            case (.waiting(let node), .text(let raw)): run.answer(raw, at: node)
            default: break  // refused above
            }
            trace = run.trace
            return run.events
        }
    }

    /// The choices a person would see at `node` now (conditions applied), numbered from 1.
    public func visibleChoices(at node: Int, in session: Session) -> [ChoiceOption] {
        visibleChoices(at: node, in: SessionView(session))
    }

    func visibleChoices(at node: Int, in session: SessionView) -> [ChoiceOption] {
        if let options = core.options[node] { return options }
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
        var words = graph.settings.commands.flatMap { $0.words(for: session.locale) }
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

extension Engine {
    /// The graph with what the engine works out from it once: command words, declared defaults,
    /// the understanding of each language (docs/understanding.md), and, for each choices node
    /// whose choices never change (no conditions, literal labels, one language), the options
    /// shown, so a turn builds none.
    final class Core: Sendable {
        let graph: Graph
        let defaults: [String: String]
        /// Exit words of every language and command words as written, for the answer folded.
        let commandWords: CommandWords
        /// By node index: the options shown at a fixed choices node, else nil.
        let options: [[ChoiceOption]?]
        /// By node index: the events of arriving at a waiting node whose messages and prompt are
        /// the same in every session (no conditions, no variables, one language), else nil.
        let arrivals: [[Event]?]
        /// By node index: the index of its flow in `graph.flows`.
        let flowOf: [Int]
        /// The default locale's understanding (built with the engine, or else on first use), and
        /// the others by locale, each built when a session first needs it (a chat in the default
        /// language never pays for the others).
        private let eagerUnderstanding: LocaleUnderstanding?
        private let deferredUnderstanding: LazyUnderstanding?
        let mainLocale: String
        let understandings: [String: LazyUnderstanding]
        /// See `Engine.valueBudget`.
        let valueBudget: Int?

        init(graph: Graph, maxSessionBytes: Int? = nil, understanding build: UnderstandingBuild = .eager) {
            self.graph = graph
            self.valueBudget = maxSessionBytes.map { $0 - Self.shapeBytes(of: graph) }
            self.defaults = graph.settings.defaults
            var exits: Set<String> = []
            var byWord: [String: Command] = [:]
            for command in graph.settings.commands {
                // Exit words of every language leave at once, in every session.
                if command.kind == .exit { exits.formUnion(command.words + command.localeWords.values.joined().map(normalize)) }
                for word in command.words where byWord[word] == nil { byWord[word] = command }
            }
            self.commandWords = CommandWords(commands: byWord, exits: exits)
            var options: [[ChoiceOption]?] = []
            for node in graph.nodes {
                guard case .choices(let choices) = node.exit,
                      choices.allSatisfy({ $0.condition == nil && $0.label.variants.isEmpty && $0.label.base.literal != nil }) else {
                    options.append(nil)
                    continue
                }
                options.append(choices.enumerated().map { i, c in ChoiceOption(number: i + 1, id: c.id, label: c.label.base.literal!) })
            }
            self.options = options
            self.arrivals = graph.nodes.indices.map { i in Self.arrival(graph.nodes[i], options: options[i], contacts: graph.contacts) }
            var flowIndex: [String: Int] = [:]
            for (i, f) in graph.flows.enumerated() { flowIndex[f.id] = i }
            self.flowOf = graph.nodes.map { n in flowIndex[n.id.split(separator: ".").first.map(String.init) ?? ""] ?? -1 }
            let main = graph.settings.defaultLocale
            self.mainLocale = main
            switch build {
            case .eager:
                self.eagerUnderstanding = LocaleUnderstanding(graph: graph, locale: main)
                self.deferredUnderstanding = nil
            case .onFirstUse:
                self.eagerUnderstanding = nil
                self.deferredUnderstanding = LazyUnderstanding(graph: graph, locale: main)
            }
            var others: [String: LazyUnderstanding] = [:]
            for locale in Self.locales(of: graph) where locale != main { others[locale] = LazyUnderstanding(graph: graph, locale: locale) }
            self.understandings = others
        }

        /// The understanding for a session's locale: its own, its language's (`fr` for `fr-CA`), else the default's.
        func understanding(for locale: String) -> LocaleUnderstanding {
            if understandings.isEmpty || locale == mainLocale { return mainUnderstanding }
            if let u = understandings[locale] { return u.value }
            if let dash = locale.firstIndex(where: { $0 == "-" || $0 == "_" }), let u = understandings[String(locale[..<dash])] { return u.value }
            return mainUnderstanding
        }

        /// The default locale's understanding.
        var mainUnderstanding: LocaleUnderstanding {
            if let eagerUnderstanding { return eagerUnderstanding }
            return deferredUnderstanding!.value
        }

        /// Whether the default locale's understanding is built (for tests).
        var isMainUnderstandingBuilt: Bool { eagerUnderstanding != nil || deferredUnderstanding!.isBuilt }

        /// Every locale the graph has words in: lexicons, and labels and keywords with variants.
        static func locales(of graph: Graph) -> Set<String> {
            var out = Set(graph.lexicon.locales.keys)
            for node in graph.nodes {
                guard case .choices(let choices) = node.exit else { continue }
                for c in choices {
                    out.formUnion(c.label.variants.keys)
                    out.formUnion(c.keywords.variants.keys)
                }
            }
            return out
        }

        /// The events `Run.enter` would give on arriving at `node` with no events before, when they
        /// cannot depend on the session.
        static func arrival(_ node: Node, options: [ChoiceOption]?, contacts: ContactDirectory) -> [Event]? {
            var events: [Event] = []
            for message in node.messages {
                guard message.condition == nil else { return nil }
                switch message.content {
                case .text(let t):
                    guard t.variants.isEmpty, let text = t.base.literal else { return nil }
                    if !text.isEmpty { events.append(.say(text)) }
                case .contact(let id):
                    guard let entry = contacts.entry(id), entry.variants.isEmpty else { return nil }
                    events.append(.contact(entry.base))
                }
            }
            switch node.exit {
            case .choices:
                guard let options else { return nil }
                events.append(.choices(options))
            case .ask(let q):
                events.append(.ask(variable: q.variable, expect: q.expect.name, optional: q.optional))
            case .target:
                return nil
            }
            return events
        }
    }
}

/// A language's understanding, built from the graph the first time `value` is read and the same
/// immutable value from then on (a function of the graph and the locale alone, so when it is built
/// changes nothing a session sees). Building it is most of the cost of making an engine, and most
/// conversations use one language only.
final class LazyUnderstanding: @unchecked Sendable {
    private let lock = NSLock()
    private var graph: Graph?
    private let locale: String
    private var built: LocaleUnderstanding?

    init(graph: Graph, locale: String) {
        self.graph = graph
        self.locale = locale
    }

    var value: LocaleUnderstanding {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let u = LocaleUnderstanding(graph: graph!, locale: locale)
        built = u
        graph = nil
        return u
    }

    /// Whether it has been built (for tests).
    var isBuilt: Bool {
        lock.lock()
        defer { lock.unlock() }
        return built != nil
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
