extension Run {
    /// Handles what the person typed at `node`: quick exit, then interrupts, then commands, then the
    /// prompt's own choices or question, then topics (docs/understanding.md).
    mutating func answer(_ raw: String, at node: Int) {
        var noExplanation: Explanation?
        let u = engine.understand(raw, at: node, in: view, explanation: &noExplanation)
        switch u.decision {
        case .exit:
            finish(.quickExit)
        case .interrupt:
            divert(to: settings.interrupts[u.index], from: node, captures: u.captures)
        case .command:
            run(u.command!, at: node)
        case .choice:
            guard case .choices(let choices) = graph.nodes[node].exit else { return }
            // Fields one by one: copying the whole choice would retain every one of them.
            let actions = choices[u.index].actions, target = choices[u.index].target
            if trace != nil { trace!.choices.insert(choices[u.index].id) }
            checkpoint(node)
            record(u.captures)
            if !actions.isEmpty { apply(actions) }
            if let next = follow(target) { enter(next) }
        case .ambiguous(let ids):
            record(u.captures)
            sayText(settings.texts[.whichOne])
            let all = engine.visibleChoices(at: node, in: view)
            events.append(.choices(all.filter { ids.contains($0.id) }))
        case .topic:
            let topic = settings.topics[u.index]
            checkpoint(node)
            record(u.captures)
            if let say = topic.say { sayText(say) }
            enter(topic.target)
        case .answer, .skip:
            guard case .ask(let question) = graph.nodes[node].exit else { return }
            if let value = u.value, !value.isEmpty, !admit(value) {
                // More than the session can keep: nothing is taken, and the question is asked again.
                sayText(settings.texts[.tooLong])
                prompt(node)
                return
            }
            checkpoint(node)
            record(u.captures)
            session.variables[question.variable] = u.value
            if let next = follow(question.then) { enter(next) }
        case .reprompt:
            record(u.captures)
            if case .ask(let question) = graph.nodes[node].exit { miss(at: node, retry: question.retry) } else { miss(at: node, retry: nil) }
        }
    }

    /// Stores what captures found in the answer; one that does not fit the session is skipped.
    mutating func record(_ captures: [(String, String)]) {
        for (variable, value) in captures where admit(value) { session.variables[variable] = value }
    }

    /// Goes to an interrupt's node, remembering the question to come back to. At the interrupt's
    /// own node, or already inside an interrupt (or a help detour), it stacks no second return:
    /// one return leads back out.
    mutating func divert(to interrupt: Interrupt, from node: Int, captures: [(String, String)] = []) {
        events.append(.interrupt(id: interrupt.id))
        if node != interrupt.target && !session.stack.contains(where: { $0.kind == .resume }) {
            // `back` from inside the interrupt asks the interrupted question again; resuming drops
            // this checkpoint and any made inside the interrupt.
            let mark = session.undo.count
            checkpoint(node)
            session.stack.append(.init(kind: .resume, node: node, undoMark: mark))
        }
        record(captures)
        enter(interrupt.target)
    }

    mutating func run(_ command: Command, at node: Int) {
        switch command.kind {
        case .exit:
            finish(.quickExit)
        case .back:
            guard let previous = session.undo.popLast() else {
                sayText(settings.texts[.nothingToUndo])
                prompt(node)
                return
            }
            session.variables = previous.variables
            session.stack = previous.stack
            session.status = .waiting(node: previous.node)
            session.misses = 0
            present(previous.node)
        case .restart:
            session.variables = session.presets
            session.stack = []
            session.undo = []
            enter(session.entry ?? settings.start)
        case .menu:
            guard let menu = command.target ?? settings.menu else {
                sayText(settings.texts[.noMenu])
                prompt(node)
                return
            }
            checkpoint(node)
            session.stack = []
            enter(menu)
        case .help:
            if let target = command.target {
                detour(to: target, from: node)
            } else {
                sayText(command.say ?? settings.texts[.help])
                // At a free-text question, the question again; choices are shown again below.
                if case .ask = graph.nodes[node].exit { present(node) } else { prompt(node) }
            }
        case .repeat:
            present(node)
        case .delete:
            if let target = command.target, target != node {
                // A word that could mean something else: ask first, at the writer's node.
                detour(to: target, from: node)
                return
            }
            sayText(command.say ?? settings.texts[.deleted])
            finish(.userDelete)
        }
    }

    /// The reprompt ladder: a gentle retry first; at the second miss in a row, the writer's
    /// escape node as a detour that keeps the person's place (`return: true` there asks the
    /// question again), or without one, a hint.
    mutating func miss(at node: Int, retry: Localized<Template>?) {
        session.misses += 1
        if session.misses >= 2, let escape = settings.reprompt.escape, escape != node {
            detour(to: escape, from: node)
            return
        }
        if let retry {
            sayText(retry)
        } else {
            sayText(session.misses == 1 ? settings.reprompt.first : settings.reprompt.second)
        }
        prompt(node)
    }

    /// Visits `target` and comes back: `return: true` there (or `back`) asks `node`'s question again.
    /// Detours nest at most `max_call_depth` deep (help from the lost node, then lost from help…);
    /// beyond that one goes without a return of its own, and `return` leads to the one before.
    mutating func detour(to target: Int, from node: Int) {
        if frames(.resume) < settings.maxCallDepth {
            let mark = session.undo.count
            checkpoint(node)
            session.stack.append(.init(kind: .resume, node: node, undoMark: mark))
        }
        enter(target)
    }
}
