import CairnEngine

/// Which variables are set on every path to each node: the `no-default` check warns only where a
/// path reaches a slot with its variable unset, as `cairn explore` would show it.
///
/// A must-analysis over the compiled graph: a node's state is the intersection of the states of
/// every way in. `set`/`add` set a variable, `clear` unsets it, a question sets its variable (unless
/// it is optional: the person may skip it), a condition that holds only when a variable is set
/// (`x is set`, `x is shared`, `x has y`, `x > 3`) sets it on its true side. The start begins with
/// nothing set; the menu, commands, interrupts, topics and the reprompt's escape can be reached from
/// any prompt, so they begin with what every prompt has. After a `call`, the `then` node has what the
/// caller had plus what every `return` of the called flow had. Conditions are not evaluated
/// otherwise, so a path the conditions rule out still counts (a warning explore would not give).
struct SetVariables {
    /// Per node: the variables set on arrival, after its condition and actions; nil when no path reaches it.
    var atNode: [Set<String>?]

    init(_ graph: Graph) {
        let n = graph.nodes.count
        var arrive = [Set<String>?](repeating: nil, count: n)
        var returns: [String: Set<String>] = [:]  // flow -> set at every return (nil: none seen yet)
        func flowOf(_ i: Int) -> String { String(graph.nodes[i].id.split(separator: ".").first ?? "") }
        func meet(_ i: Int, _ s: Set<String>) -> Bool {
            if let old = arrive[i] {
                let new = old.intersection(s)
                if new == old { return false }
                arrive[i] = new
            } else {
                arrive[i] = s
            }
            return true
        }
        let s = graph.settings
        var globals = s.interrupts.map(\.target) + s.topics.map(\.target) + s.commands.compactMap(\.target)
        if let m = s.menu { globals.append(m) }
        if let e = s.reprompt.escape { globals.append(e) }
        _ = meet(s.start, [])
        var changed = true
        var rounds = 0
        while changed && rounds < 1000 {
            changed = false
            rounds += 1
            var atPrompts: Set<String>?
            for i in 0..<n {
                guard let into = arrive[i] else { continue }
                let node = graph.nodes[i]
                var state = into
                if let c = node.condition {
                    if let o = node.otherwise, follow(o, state, from: i) { changed = true }
                    state.formUnion(Self.implied(c))
                }
                Self.apply(node.actions, &state)
                func go(_ t: Target, _ st: Set<String>) { if follow(t, st, from: i) { changed = true } }
                switch node.exit {
                case .choices(let choices):
                    atPrompts = atPrompts.map { $0.intersection(state) } ?? state
                    for c in choices {
                        var st = state
                        if let cond = c.condition { st.formUnion(Self.implied(cond)) }
                        Self.apply(c.actions, &st)
                        go(c.target, st)
                    }
                case .ask(let q):
                    atPrompts = atPrompts.map { $0.intersection(state) } ?? state
                    var st = state
                    if !q.optional { st.insert(q.variable) }
                    go(q.then, st)
                case .target(let t):
                    go(t, state)
                }
            }
            for g in globals where meet(g, atPrompts ?? []) { changed = true }
        }
        atNode = (0..<n).map { i in
            guard var st = arrive[i] else { return nil }
            if let c = graph.nodes[i].condition { st.formUnion(Self.implied(c)) }
            Self.apply(graph.nodes[i].actions, &st)
            return st
        }

        func follow(_ t: Target, _ st: Set<String>, from i: Int) -> Bool {
            switch t {
            case .go(let j): return meet(j, st)
            case .call(let j, let then):
                let a = meet(j, st)
                let callee = flowOf(j)
                // Until a return of the callee is seen, `then` is not reached through this call.
                guard let back = returns[callee] else { return a }
                return meet(then, st.union(back)) || a
            case .back:
                let flow = flowOf(i)
                let new = returns[flow].map { $0.intersection(st) } ?? st
                if returns[flow] != new { returns[flow] = new; return true }
                return false
            case .end, .handoff: return false
            }
        }
    }

    static func apply(_ actions: [Action], _ state: inout Set<String>) {
        for a in actions {
            switch a {
            case .set(let v, let value): if value.isEmpty { state.remove(v) } else { state.insert(v) }
            case .add(let v, _): state.insert(v)
            case .clear(let v): state.remove(v)
            }
        }
    }

    /// The variables a condition needs set to be true.
    static func implied(_ c: Condition) -> Set<String> {
        switch c {
        case .isSet(let v), .has(let v, _), .compare(let v, _, _): return [v]
        case .equals(let v, let x): return x.isEmpty ? [] : [v]
        case .oneOf(let v, let xs): return xs.contains(where: \.isEmpty) ? [] : [v]
        case .and(let cs): return cs.reduce(into: Set<String>()) { $0.formUnion(implied($1)) }
        case .or(let cs):
            guard let first = cs.first else { return [] }
            return cs.dropFirst().reduce(implied(first)) { $0.intersection(implied($1)) }
        case .not: return []
        }
    }
}
