extension Walk {
    /// Conversations worth keeping as transcripts, at most `options.maxPaths`, shortest first.
    ///
    /// First, for each state that enters a node no kept conversation entered, the path to it and
    /// then the fewest answers from it to an end, so each node shows in a conversation that
    /// finishes (deepest first among the states answers alone reach, so one conversation walks a
    /// whole checklist). Then the first way to each distinct failure and end (last prompt, last answer,
    /// outcome) not yet kept. Last, for nodes still not entered (no answers lead from them to an
    /// end), a conversation that stops at the prompt that reached them.
    func selectPaths() -> [ExplorePath] {
        var paths: [ExplorePath] = []
        var covered: Set<Int> = []
        var seen: Set<String> = []
        let full = { paths.count >= options.maxPaths }
        func add(_ inputs: [String], endingAt node: Int, _ outcome: String) {
            let id = graph.nodes[node].id
            paths.append(ExplorePath(inputs: inputs, flow: String(id.split(separator: ".")[0]),
                                     name: "\(id): \(inputs.last.map { $0.isEmpty ? "(empty)" : $0 } ?? "start") -> \(outcome)"))
        }
        if let start = startOutcome, let name = Self.outcomeName(start) { add([], endingAt: graph.settings.start, name) }
        let toEnd = shortestWaysToAnEnd()
        // Deepest first among states answers reach, so one conversation walks a whole checklist;
        // then, in order, the states only commands or interrupts reach.
        let order = (0..<space.count).reversed().filter { space[$0].byAnswers } + (0..<space.count).filter { !space[$0].byAnswers }
        for i in order where !full() && !covered.isSuperset(of: space[i].arrival) {
            guard toEnd[i] != nil else { continue }
            var inputs = space.path(to: i)
            covered.formUnion(space.nodes(to: i))
            var k = i
            while let e = toEnd[k] {
                let edge = space[k].edges[e]
                inputs.append(edge.input)
                guard case .state(let next) = edge.outcome else {
                    covered.formUnion(edge.nodes)
                    let name = Self.outcomeName(edge.outcome) ?? "end"
                    seen.insert("\(space[k].node) \(edge.input) \(name)")
                    add(inputs, endingAt: space[k].node, name)
                    break
                }
                covered.formUnion(space[next].arrival)
                k = next
            }
        }
        for i in 0..<space.count where !full() {
            for edge in space[i].edges where !full() {
                guard let name = Self.outcomeName(edge.outcome) else { continue }
                let isFailure = { if case .failure = edge.outcome { true } else { false } }()
                guard edge.kind.isContent || isFailure, seen.insert("\(space[i].node) \(edge.input) \(name)").inserted else { continue }
                covered.formUnion(space.nodes(to: i).union(edge.nodes))
                add(space.path(to: i) + [edge.input], endingAt: space[i].node, name)
            }
        }
        for i in 1..<max(1, space.count) where !full() && !covered.isSuperset(of: space[i].arrival) {
            covered.formUnion(space.nodes(to: i))
            add(space.path(to: i), endingAt: space[i].node, "waiting")
        }
        return paths
    }

    /// For each state, the edge that starts the fewest answers to an end (not an error), or nil
    /// when answers alone never end the conversation from there.
    func shortestWaysToAnEnd() -> [Int?] {
        var next = [Int?](repeating: nil, count: space.count)
        var into = [[(state: Int, edge: Int)]](repeating: [], count: space.count)
        var queue: [Int] = []
        for i in 0..<space.count {
            for (e, edge) in space[i].edges.enumerated() where edge.kind.isContent {
                switch edge.outcome {
                case .state(let j): into[j].append((i, e))
                case .end(let reason) where reason != .error && next[i] == nil:
                    next[i] = e
                    queue.append(i)
                default: break
                }
            }
        }
        var head = 0
        while head < queue.count {
            let j = queue[head]
            head += 1
            for (i, e) in into[j] where next[i] == nil {
                next[i] = e
                queue.append(i)
            }
        }
        return next
    }
}
