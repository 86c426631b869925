/// The work of one `Engine.step`: the session being advanced, in place, and the events so far.
struct Run {
    let engine: Engine
    /// The caller's session, changed where it is: its arrays and dictionaries stay uniquely
    /// referenced and nothing is copied in or out. Valid for the step (`Engine.step`).
    let held: UnsafeMutablePointer<Session>
    var events: [Event] = []
    var trace: Trace?
    private var entered = 0

    var session: Session {
        _read { yield held.pointee }
        nonmutating _modify { yield &held.pointee }
    }

    /// What understanding reads of the session, without a copy of the whole session.
    var view: SessionView { SessionView(locale: held.pointee.locale, variables: held.pointee.variables) }

    init(engine: Engine, session: UnsafeMutablePointer<Session>) {
        self.engine = engine
        self.held = session
    }

    var graph: Graph { engine.graph }
    var settings: Settings { engine.graph.settings }

    /// Enters `start` and keeps moving until a node waits for an answer or the session ends.
    mutating func enter(_ start: Int) {
        var node = start
        session.misses = 0
        while true {
            entered += 1
            guard entered <= settings.maxNodesPerStep else {
                fail("step limit of \(settings.maxNodesPerStep) nodes reached at \(graph.nodes[node].id): the flows loop without asking anything")
                return
            }
            // The node's fields one by one: copying the whole node would retain every one of them.
            let nodes = graph.nodes
            if trace != nil { trace!.nodes.insert(node) }
            if let condition = nodes[node].condition, !condition.evaluate(session.variables) {
                guard let otherwise = nodes[node].otherwise, let next = follow(otherwise) else { return }
                node = next
                continue
            }
            // The main menu is the top of the conversation: arriving there ends detours and calls.
            if node == settings.menu { session.stack.removeAll() }
            if !nodes[node].actions.isEmpty { apply(nodes[node].actions) }
            if events.isEmpty, let arrival = engine.core.arrivals[node] {
                // A node whose messages and prompt never change: its events are ready-made.
                session.status = .waiting(node: node)
                events = arrival
                return
            }
            say(nodes[node].messages)
            switch nodes[node].exit {
            case .choices, .ask:
                session.status = .waiting(node: node)
                prompt(node)
                return
            case .target(let target):
                guard let next = follow(target) else { return }
                node = next
            }
        }
    }

    /// Carries out a target. Returns the node to enter next, or nil when this step is over.
    mutating func follow(_ target: Target) -> Int? {
        switch target {
        case .go(let node):
            return node
        case .call(let node, let then):
            guard frames(.call) < settings.maxCallDepth else {
                fail("calls nested deeper than \(settings.maxCallDepth) at \(graph.nodes[node].id)")
                return nil
            }
            session.stack.append(.init(kind: .call, node: then))
            return node
        case .back:
            guard let frame = session.stack.popLast() else {
                finish(.completed)
                return nil
            }
            switch frame.kind {
            case .call:
                return frame.node
            case .resume:
                if let mark = frame.undoMark, session.undo.count > mark { session.undo.removeLast(session.undo.count - mark) }
                sayText(settings.texts[.resuming])
                session.status = .waiting(node: frame.node)
                session.misses = 0
                present(frame.node)
                return nil
            }
        case .end(let reason):
            finish(reason)
            return nil
        case .handoff(let share):
            var shared: [String: String] = [:]
            for name in share { if let v = session.variables[name], !v.isEmpty { shared[name] = v } }
            events.append(.handoff(variables: shared))
            finish(.handoff)
            return nil
        }
    }

    /// Says a node's messages and asks its question again, without re-running its actions.
    mutating func present(_ node: Int) {
        say(graph.nodes[node].messages)
        prompt(node)
    }

    /// Emits the `choices` or `ask` event of a waiting node.
    mutating func prompt(_ node: Int) {
        switch graph.nodes[node].exit {
        case .choices:
            events.append(.choices(engine.visibleChoices(at: node, in: view)))
        case .ask(let q):
            events.append(.ask(variable: q.variable, expect: q.expect.name, optional: q.optional))
        case .target:
            break
        }
    }

    mutating func say(_ messages: [Message]) {
        makeRoom(messages.count + 1)  // the messages and the prompt after them
        for message in messages where message.condition?.evaluate(session.variables) ?? true {
            switch message.content {
            case .text(let text): sayText(text)
            case .contact(let id):
                // The loader refuses unknown ids; a graph built by hand might still name one.
                if let contact = graph.contacts.contact(id, locale: session.locale) { events.append(.contact(contact)) }
            }
        }
    }

    mutating func sayText(_ text: Localized<Template>) {
        let s = text.value(for: session.locale).render(session.variables, defaults: engine.defaults)
        guard !s.isEmpty else { return }
        makeRoom(2)  // the text and the prompt that mostly follows (a reprompt, a command's words)
        events.append(.say(s))
    }

    /// Room for `more` events at once, not by doubling; the first time, for a few more (what a
    /// turn says before a node's messages: a reprompt, a command's words).
    mutating func makeRoom(_ more: Int) {
        let room = events.count + more
        if events.capacity < room { events.reserveCapacity(events.isEmpty ? room + 2 : room) }
    }

    mutating func apply(_ actions: [Action]) {
        for action in actions {
            switch action {
            case .set(let name, let value): session.variables[name] = value
            case .clear(let name): session.variables[name] = nil
            case .add(let name, let word):
                let list = session.variables[name] ?? ""
                if !Condition.list(list, contains: word) {
                    session.variables[name] = list.isEmpty ? word : list + "," + word
                }
            }
        }
    }

    /// How many frames of `kind` the stack holds (at most 2 × max_call_depth + 1 in all).
    func frames(_ kind: Session.Frame.Kind) -> Int {
        var n = 0
        for f in session.stack where f.kind == kind { n += 1 }
        return n
    }

    /// Whether `value`, from the person's answer or the host, fits in the session's value
    /// budget (Session+Size.swift); counts it when it does.
    mutating func admit(_ value: String) -> Bool {
        guard let budget = engine.core.valueBudget else { return true }
        let cost = Session.encodedCost(value)
        if session.held.bytes + cost > budget { session.held.bytes = session.exactHeldBytes() }
        guard session.held.bytes + cost <= budget else { return false }
        session.held.bytes += cost
        return true
    }

    /// Remembers the state before an answer, for `back`.
    mutating func checkpoint(_ node: Int) {
        session.undo.append(.init(node: node, variables: session.variables, stack: session.stack))
        if session.undo.count > settings.undoDepth { session.undo.removeFirst() }
    }

    /// Ends the session and wipes everything it held.
    mutating func finish(_ reason: EndReason) {
        session.variables = [:]
        session.presets = [:]
        session.stack = []
        session.undo = []
        session.misses = 0
        session.status = .ended(reason)
        events.append(.end(reason: reason))
    }

    mutating func fail(_ message: String) {
        events.append(.failure(message))
        finish(.error)
    }
}
