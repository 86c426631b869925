import CairnEngine
import CairnLoader
import Foundation

/// What a session call returns: the session id, the events, and what the session waits for now.
struct StepResult: Encodable, Sendable {
    let session: String
    let events: [Event]
    let input: InputHint?
    let ended: Bool
}

/// How a host should let the person answer: buttons for choices, or a text box.
struct InputHint: Encodable, Sendable {
    let type: String
    var choices: [ChoiceOption]?
    var variable: String?
    var expect: String?
    var optional: Bool?

    init?(_ prompt: Prompt?) {
        switch prompt {
        case .choices(let cs): type = "choices"; choices = cs
        case .text(let v, let e, let o): type = "text"; variable = v; expect = e; optional = o
        case nil: return nil
        }
    }
}

extension Dispatcher {
    func call(_ method: String, _ params: RequestParams, connection: UInt64) throws(RPCError) -> Outcome {
        switch method {
        case "session.start": return try start(params, connection: connection)
        case "session.send":
            try only([.session, .text], in: params)
            let text = try string("text", params)
            // A session holds what the person answers; a long answer makes a snapshot no server can restore.
            guard text.utf8.count <= Self.maxTextBytes else {
                throw .badParams("'text' is \(text.utf8.count) bytes; an answer may be at most \(Self.maxTextBytes) bytes")
            }
            return try step(try string("session", params), .text(text), connection: connection)
        case "session.end":
            try only([.session], in: params)
            return try step(try string("session", params), .cancel, connection: connection)
        case "session.snapshot":
            try only([.session], in: params)
            let id = try string("session", params)
            struct Snapshot: Encodable, Sendable { let session: String; let snapshot: String; let generation: UInt64 }
            return .value(try store.with(id) { (e: inout SessionStore.Entry) throws(RPCError) -> Snapshot in
                e.lastActive = now()
                let blob: String
                do { blob = try snapshots.seal(.init(id: id, generation: e.generation + 1, session: e.session)) } catch {
                    throw .internalError("the session could not be sealed")
                }
                e.generation += 1
                return Snapshot(session: id, snapshot: blob, generation: e.generation)
            })
        case "session.restore": return try restore(params, connection: connection)
        case "flows.list":
            try only([], in: params)
            let graph = currentEngine.graph
            struct Flow: Encodable { let id: String; let title: String }
            struct Flows: Encodable, Sendable { let flows: [Flow]; let fingerprint: String; let `protocol`: String }
            return .value(Flows(flows: graph.flows.map { Flow(id: $0.id, title: $0.title) }, fingerprint: graph.fingerprint,
                                protocol: Self.protocolVersion))
        case "contacts.list":
            // The directory the flows' contact cards come from, for a host's own "get help" screen.
            try only([.locale], in: params)
            let locale = try locale(params)
            let graph = currentEngine.graph
            struct Contacts: Encodable, Sendable { let contacts: [Contact]; let flows: String }
            return .value(Contacts(contacts: graph.contacts.all(locale: locale ?? graph.settings.defaultLocale), flows: graph.fingerprint))
        case "server.health":
            try only([], in: params)
            struct Health: Encodable, Sendable {
                let status = "ok"
                let `protocol`: String
                let sessions: Int
                let connections: Int
                let flows: String
                let uptime_seconds: Int
                /// False without a key file: snapshots die with this process.
                let snapshots_survive_restart: Bool
                /// The snapshot keys' ids, the sealing key's first.
                let snapshot_keys: [String]
            }
            return .value(Health(protocol: Self.protocolVersion, sessions: store.count, connections: connectionCount(),
                                 flows: currentEngine.graph.fingerprint, uptime_seconds: Int(uptimeSeconds),
                                 snapshots_survive_restart: snapshots.keys.persistent, snapshot_keys: snapshots.keys.ids))
        default:
            throw .unknownMethod(method)
        }
    }

    private func start(_ params: RequestParams, connection: UInt64) throws(RPCError) -> Outcome {
        try only([.flow, .locale, .variables], in: params)
        let flows = currentFlows
        let engine = flows.engine
        let graph = engine.graph
        var entry: Int?
        if let flow = params["flow"] {
            guard let name = flow.string else { throw .badParams("'flow' must be a string") }
            entry = graph.nodeIndex[name] ?? graph.flow(named: name)?.start
            guard entry != nil else { throw .badParams("unknown flow '\(name)'; see flows.list") }
        }
        let locale = try locale(params)
        var presets: [String: String] = [:]
        if let vars = params["variables"] {
            guard let object = vars.object else { throw .badParams("'variables' must be an object of names and values") }
            for (name, value) in object {
                guard graph.settings.variables[name]?.preset == true else {
                    throw .badParams("variable '\(name)' is not declared 'preset: true' in the flows' settings")
                }
                switch value {
                case .string(let s):
                    guard s.utf8.count <= Self.maxTextBytes else {
                        throw .badParams("variable '\(name)' is \(s.utf8.count) bytes; a value may be at most \(Self.maxTextBytes) bytes")
                    }
                    presets[name] = s
                case .bool(let b): presets[name] = b ? "yes" : "no"
                case .number(let n): presets[name] = Self.text(of: n)
                default: throw .badParams("variable '\(name)' must be a string, number or boolean")
                }
            }
        }
        var session = Session(graph: graph, locale: locale, presets: presets, entry: entry)
        if let budget = engine.valueBudget, session.heldValueBytes > budget {
            throw .badParams("the preset values take \(session.heldValueBytes) bytes; these flows' sessions keep at most \(max(0, budget)) (see --max-line)")
        }
        let events: [Event]
        do { events = try engine.step(&session, .start) } catch { throw .internalError("\(error)") }
        let ended = session.isEnded
        let id = ended ? SessionStore.newID()
            : try store.add(.init(flows: flows, session: session, lastActive: now(), owner: connection))
        logger.info("session started", metadata: ["session": "\(id.prefix(8))", "connection": "\(connection)"])
        if ended { logEnd(id, events) }
        if let node = session.waitingNode, let ready = flows.ready(events, waitingAt: node) {
            return .step(StepResult(session: id, events: events, input: nil, ended: false), ready, nil)
        }
        return .step(StepResult(session: id, events: events, input: InputHint(engine.prompt(for: session)), ended: ended), nil,
                     flows.options(waitingAt: session.waitingNode))
    }

    /// One step of a live session. When its events are a ready-made arrival, the result's
    /// `input` is left nil: the prepared bytes hold it.
    private func step(_ id: String, _ input: Input, connection: UInt64) throws(RPCError) -> Outcome {
        let (events, hint, ended, ready, options) = try store.with(id) {
            (e: inout SessionStore.Entry) throws(RPCError) -> ([Event], InputHint?, Bool, ReadyReply?, ReadyOptions?) in
            let events: [Event]
            do { events = try e.flows.engine.step(&e.session, input) } catch { throw .unknownSession }
            e.lastActive = now()
            e.owner = connection
            if let node = e.session.waitingNode, let ready = e.flows.ready(events, waitingAt: node) { return (events, nil, false, ready, nil) }
            return (events, InputHint(e.flows.engine.prompt(for: e.session)), e.session.isEnded, nil, e.flows.options(waitingAt: e.session.waitingNode))
        }
        if ended { logEnd(id, events) }
        return .step(StepResult(session: id, events: events, input: hint, ended: ended), ready, options)
    }

    private func restore(_ params: RequestParams, connection: UInt64) throws(RPCError) -> Outcome {
        try only([.snapshot], in: params)
        let contents = try snapshots.open(try string("snapshot", params))
        let session = contents.session
        let current = currentFlows
        // Written plainly (if/else, `case .waiting`): the former `guard let x = c ? a : b[k]` and
        // `waitingNode.map` crashed the Swift 6.3.1 optimizer (CopyPropagation) in release builds.
        let flows: ServedFlows
        if session.fingerprint == current.engine.graph.fingerprint {
            flows = current
        } else if let other = store.flows()[session.fingerprint] {
            flows = other
        } else {
            throw .badSnapshot("it was made with other flows (\(session.fingerprint)); these are \(current.engine.graph.fingerprint)")
        }
        let engine = flows.engine
        guard case .waiting(let node) = session.status, node < engine.graph.nodes.count else {
            throw .badSnapshot("the session inside is not waiting for an answer")
        }
        let id = contents.id
        try store.restore(id, .init(flows: flows, session: session, lastActive: now(), owner: connection, generation: contents.generation))
        logger.info("session restored", metadata: ["session": "\(id.prefix(8))", "connection": "\(connection)"])
        return .step(StepResult(session: id, events: [], input: InputHint(engine.prompt(for: session)), ended: false), nil,
                     flows.options(waitingAt: node))
    }

    /// Loads the flows again; a broken set is refused and the old flows keep serving.
    func reload() throws(RPCError) -> [String: String] {
        let result: FlowLoader.Result
        do { result = try reloadFlows() } catch { throw .flowsInvalid(["\(error)"]) }
        guard let graph = result.graph else {
            logger.warning("flows reload refused", metadata: ["errors": "\(result.diagnostics.filter { $0.severity == .error }.count)"])
            throw .flowsInvalid(result.diagnostics.map(\.description))
        }
        let engine = Engine(graph: graph, maxSessionBytes: limits.maxSessionBytes)
        checkBudget(engine)
        replaceFlows(ServedFlows(engine))
        logger.info("flows reloaded", metadata: ["flows": "\(graph.fingerprint)"])
        return ["flows": graph.fingerprint]
    }

    /// Ends idle sessions; returns `session.events` notifications for their last connections.
    public func expireIdleSessions() -> [(connection: UInt64, line: String)] {
        let expired = store.expire(now: now(), idle: limits.idleNanoseconds)
        var out: [(UInt64, String)] = []
        for (id, owner, events) in expired {
            logEnd(id, events)
            struct Note: Encodable { let jsonrpc = "2.0"; let method = "session.events"; let params: StepResult }
            if let owner { out.append((owner, Self.json(Note(params: StepResult(session: id, events: events, input: nil, ended: true))))) }
        }
        return out
    }

    private func logEnd(_ id: String, _ events: [Event]) {
        let reason = events.compactMap { if case .end(let r) = $0 { r.rawValue } else { nil } }.last ?? "unknown"
        logger.info("session ended", metadata: ["session": "\(id.prefix(8))", "reason": "\(reason)"])
    }

    /// The longest answer (`session.send` text) or preset value, in UTF-8 bytes.
    static let maxTextBytes = 4096

    /// A preset number as text: whole numbers a 64-bit integer holds without a decimal point
    /// (`5`, not `5.0`), any other finite number as Swift prints it (`1e+19`, `0.5`). Never traps.
    static func text(of n: Double) -> String {
        if let i = Int64(exactly: n) { return String(i) }
        return "\(n)"
    }

    /// The `locale` parameter, when given: a short language code.
    private func locale(_ params: RequestParams) throws(RPCError) -> String? {
        guard let v = params["locale"] else { return nil }
        guard let s = v.string, !s.isEmpty, s.utf8.count <= 16 else { throw .badParams("'locale' must be a language code like \"en\"") }
        return s
    }

    private func string(_ key: String, _ params: RequestParams) throws(RPCError) -> String {
        guard let v = params[key] else { throw .badParams("'\(key)' is required") }
        guard let s = v.string else { throw .badParams("'\(key)' must be a string") }
        return s
    }

    /// Refuses any parameter but `allowed`, naming the first other one alphabetically.
    private func only(_ allowed: RequestParams.Names, in params: RequestParams) throws(RPCError) {
        guard !allowed.isSuperset(of: params.present) || !params.others.isEmpty else { return }
        let keys = allowed.names
        for key in params.names.sorted() where !keys.contains(key) {
            throw .badParams("unknown parameter '\(key)'" + (keys.isEmpty ? "; this method takes none" : "; expected \(keys.joined(separator: ", "))"))
        }
    }
}
