extension Run {
    /// Handles what the person typed at `node`: quick exit, then interrupts, then commands, then the
    /// prompt's own choices or question.
    mutating func answer(_ raw: String, at node: Int) {
        let text = normalize(raw)
        if engine.core.exitWords.contains(text) {
            finish(.quickExit)
            return
        }
        for interrupt in settings.interrupts where interrupt.matches(text) {
            divert(to: interrupt, from: node)
            return
        }
        if let command = engine.core.commandByWord[text] {
            run(command, at: node)
            return
        }
        switch graph.nodes[node].exit {
        case .choices(let choices): choose(text, among: choices, at: node)
        case .ask(let question): reply(raw, normalized: text, to: question, at: node)
        case .target: break
        }
    }

    /// Goes to an interrupt's node, remembering the question to come back to. At the interrupt's
    /// own node, or already inside an interrupt (or a help detour), it stacks no second return:
    /// one return leads back out.
    mutating func divert(to interrupt: Interrupt, from node: Int) {
        events.append(.interrupt(id: interrupt.id))
        if node != interrupt.target && !session.stack.contains(where: { $0.kind == .resume }) {
            // `back` from inside the interrupt asks the interrupted question again; resuming drops
            // this checkpoint and any made inside the interrupt.
            let mark = session.undo.count
            checkpoint(node)
            session.stack.append(.init(kind: .resume, node: node, undoMark: mark))
        }
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
                let mark = session.undo.count
                checkpoint(node)
                session.stack.append(.init(kind: .resume, node: node, undoMark: mark))
                enter(target)
            } else {
                sayText(command.say ?? settings.texts[.help])
                prompt(node)
            }
        case .repeat:
            present(node)
        case .delete:
            sayText(command.say ?? settings.texts[.deleted])
            finish(.userDelete)
        }
    }

    mutating func choose(_ text: String, among choices: [Choice], at node: Int) {
        if let terms = engine.core.terms[node] {
            // Fixed choices: every one is shown, with terms worked out when the engine was made.
            return chose(Matcher.match(text, terms), among: choices, at: node)
        }
        var visible: [Choice] = []
        var terms: [Matcher.Terms] = []
        for choice in choices where choice.condition?.evaluate(session.variables) ?? true {
            visible.append(choice)
            terms.append(choice.fixedTerms ?? choice.terms(for: session.locale, variables: session.variables, defaults: engine.defaults))
        }
        chose(Matcher.match(text, terms), among: visible, at: node)
    }

    /// Acts on the matcher's result; indices are positions in `visible`.
    private mutating func chose(_ result: Matcher.Result, among visible: [Choice], at node: Int) {
        switch result {
        case .matched(let i, _):
            let choice = visible[i]
            trace?.choices.insert(choice.id)
            checkpoint(node)
            apply(choice.actions)
            if let next = follow(choice.target) { enter(next) }
        case .ambiguous(let found, _):
            sayText(settings.texts[.whichOne])
            let all = engine.visibleChoices(at: node, in: session)
            events.append(.choices(found.map { all[$0] }))
        case .none:
            miss(at: node, retry: nil)
        }
    }

    mutating func reply(_ raw: String, normalized text: String, to question: Question, at node: Int) {
        if question.optional && settings.skipWords.contains(text) {
            checkpoint(node)
            session.variables[question.variable] = nil
            if let next = follow(question.then) { enter(next) }
            return
        }
        guard let value = question.expect.accept(raw, normalized: text) else {
            miss(at: node, retry: question.retry)
            return
        }
        checkpoint(node)
        session.variables[question.variable] = value
        if let next = follow(question.then) { enter(next) }
    }

    /// The reprompt ladder: a gentle retry, then a hint, then the writer's escape.
    mutating func miss(at node: Int, retry: Localized<Template>?) {
        session.misses += 1
        if session.misses >= 3, let escape = settings.reprompt.escape {
            session.stack = []
            enter(escape)
            return
        }
        if let retry {
            sayText(retry)
        } else {
            sayText(session.misses == 1 ? settings.reprompt.first : settings.reprompt.second)
        }
        prompt(node)
    }
}

extension Choice {
    /// The normalized label and keywords this choice answers to in `locale` (plus the default locale's).
    func terms(for locale: String, variables: [String: String], defaults: [String: String]) -> Matcher.Terms {
        let label = normalize(self.label.value(for: locale).render(variables, defaults: defaults))
        var words = keywords.value(for: locale)
        if !keywords.variants.isEmpty { words += keywords.base.filter { !words.contains($0) } }
        return Matcher.Terms(label: label, keywords: words)
    }
}
