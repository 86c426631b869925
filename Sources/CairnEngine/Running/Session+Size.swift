/// What a session may hold: an engine made with `maxSessionBytes` keeps every session's encoded
/// form (Session+Coding.swift) within that many bytes, so a host whose request lines have a
/// limit can always hand a snapshot back.
///
/// The flows set the session's shape: which variables exist, the writers' own values, how deep
/// `back` and calls go. Its bound (`Engine.Core.shapeBytes`, worked out once per graph) assumes
/// every variable set, every undo step and frame used and every writer value held at once. What
/// is left, `valueBudget`, is for the distinct values that come from outside: the person's
/// answers, what captures found in them, and the host's presets. An answer that would not fit is
/// not taken: the engine says so (`texts.too_long`) and asks again; a capture that would not fit
/// is skipped. Commands, choices and `exit` always work.
///
/// The check costs nothing on a turn that stores no text: `held` counts upward as values come
/// in (an upper bound), and only when it would pass the budget are the values counted exactly
/// (they may have left with undo steps). With no `maxSessionBytes` nothing is checked.
extension Session {
    /// At least the bytes the session's distinct values take encoded; equal for every session
    /// (a cache the engine keeps, not part of what the session is).
    struct HeldBytes: Sendable, Equatable {
        var bytes = 0
        static func == (_: HeldBytes, _: HeldBytes) -> Bool { true }
    }

    /// The bytes the session's distinct values take encoded, as counted so far (at least the
    /// exact figure; see `Engine.valueBudget`).
    public var heldValueBytes: Int { held.bytes }

    /// The distinct values in the variables, the presets and every undo step, each counted once.
    func exactHeldBytes() -> Int {
        var seen = Set<String>()
        var total = 0
        func count(_ d: [String: String]) {
            for v in d.values where seen.insert(v).inserted { total += Session.encodedCost(v) }
        }
        count(variables)
        count(presets)
        for step in undo { count(step.variables) }
        return total
    }

    /// Bytes `s` takes in a JSON array: quotes, a comma and each byte as JSONEncoder writes it
    /// (`\"`, `\\`, `\/`, `\n` and the like two bytes, other control characters six, all else one).
    public static func encodedCost(_ s: String) -> Int {
        var n = 3
        for c in s.utf8 {
            switch c {
            case 0x22, 0x5C, 0x2F, 0x08, 0x09, 0x0A, 0x0C, 0x0D: n += 2
            case 0..<0x20: n += 6
            default: n += 1
            }
        }
        return n
    }
}

extension Engine {
    /// The most bytes the distinct values from outside (answers, captures, presets) may take
    /// encoded (`Session.encodedCost` each), or nil when the engine has no `maxSessionBytes`.
    /// Negative when the flows' shape alone could pass the limit.
    public var valueBudget: Int? { core.valueBudget }
}

extension Engine.Core {
    /// An upper bound of a session's encoded size without the values from outside: every key,
    /// table entry, index, undo step and frame the flows allow, and every value the writers set
    /// or add. A session's locale counts as at most 16 bytes (`cairn serve` allows no more).
    static func shapeBytes(of graph: Graph) -> Int {
        let s = graph.settings
        var names = Set(s.variables.keys)
        var setValues = Set<String>()
        var addCost: [String: Int] = [:]
        func note(_ actions: [Action]) {
            for action in actions {
                switch action {
                case .set(let n, let v): names.insert(n); setValues.insert(v)
                case .clear(let n): names.insert(n)
                case .add(let n, let w): names.insert(n); addCost[n, default: 3] += Session.encodedCost(w) - 2
                }
            }
        }
        for node in graph.nodes {
            note(node.actions)
            switch node.exit {
            case .choices(let choices):
                for c in choices { note(c.actions); names.formUnion(c.captures.map(\.variable)) }
            case .ask(let q): names.insert(q.variable)
            case .target: break
            }
        }
        names.formUnion(s.captures.map(\.variable))
        for i in s.interrupts { names.formUnion(i.captures.map(\.variable)) }
        for t in s.topics { names.formUnion(t.captures.map(\.variable)) }

        let copies = s.undoDepth + 2  // the variables, the presets, each undo step
        // Writers' values: each `set` value once; a list built by `add` can be held at a
        // different length in every copy.
        let writerValues = setValues.reduce(0) { $0 + Session.encodedCost($1) } + addCost.values.reduce(0, +) * copies
        func digits(_ n: Int) -> Int { String(n).utf8.count }
        let list = 2 + names.count * 2 * (digits(names.count * copies) + 1)   // [name, value, …]
        let node = digits(graph.nodes.count)
        let frames = 2 * s.maxCallDepth + 1                                  // calls, detours, an interrupt
        let mark = max(2, digits(s.undoDepth))
        let stack = 2 + frames * (6 + node + mark)                           // [kind,node,mark],
        let liveStack = 2 + frames * (37 + node + mark)                      // {"kind":"resume","node":…,"undoMark":…},
        // Keys, the version, node, entry and misses; an ended session (and its reason) holds
        // nothing else. The empty value (a skipped question) is always allowed.
        let fixed = 200 + Session.encodedCost(graph.fingerprint) + max(16 * 6 + 3, Session.encodedCost(s.defaultLocale))
            + 3 * 21 + Session.encodedCost("")
        let nameTable = names.reduce(2) { $0 + Session.encodedCost($1) }
        let undoStep = 30 + node + list + stack
        return fixed + nameTable + 2 + 2 * list + liveStack + s.undoDepth * undoStep + writerValues
    }
}
