import CairnEngine

extension Walk {
    /// Finds prompts from which no answer leads to an end: dead ends and loops without a way out.
    ///
    /// Only the person's answers count (choices, answers to questions, skips): commands, the
    /// reprompt ladder and interrupts are escape hatches, not a way through the flows. States not
    /// walked (past the depth or state limit) are assumed to reach an end, so a limit never causes a
    /// finding. Each closed set of stuck states is reported once, at its earliest-reached node.
    mutating func findStuckPrompts() {
        let dead = stuckStates()
        let deadSet = Set(dead)
        func successors(_ i: Int) -> [Int] {
            space[i].edges.compactMap { e in
                guard e.kind.isContent, case .state(let j) = e.outcome, deadSet.contains(j) else { return nil }
                return j
            }
        }
        for component in Self.components(dead, successors) {
            let members = Set(component)
            let succ = component.map { (i: $0, next: successors($0)) }
            guard succ.allSatisfy({ $0.next.allSatisfy(members.contains) }) else { continue }  // leads into another stuck set
            let first = component.min()!
            var nodeIDs: [String] = []
            for i in component.sorted() where !nodeIDs.contains(graph.nodes[space[i].node].id) {
                nodeIDs.append(graph.nodes[space[i].node].id)
            }
            let location = graph.nodes[space[first].node].location
            let reached = Self.describe(space.path(to: first))
            let cyclic = component.count > 1 || succ.contains { $0.next.contains($0.i) }
            if cyclic && nodeIDs.count > 1 {
                let names = nodeIDs.prefix(6).map { "'\($0)'" }.joined(separator: ", ") + (nodeIDs.count > 6 ? " and \(nodeIDs.count - 6) more" : "")
                note(.loop, at: location, key: nodeIDs.sorted().joined(separator: " "),
                     "these prompts lead only to each other, never to an end: \(names) (\(reached)); "
                     + "only commands such as menu or exit leave them")
            } else {
                note(.deadEnd, at: location, key: nodeIDs.sorted().joined(separator: " "),
                     "no answer at '\(nodeIDs[0])' leads to an end (\(reached)); only commands such as menu or "
                     + "exit leave it: add a choice that goes on or ends")
            }
        }
    }

    /// Expanded states from which no sequence of answers reaches an end.
    func stuckStates() -> [Int] {
        var canEnd = [Bool](repeating: false, count: space.count)
        var reverse = [[Int]](repeating: [], count: space.count)
        var work: [Int] = []
        for i in 0..<space.count {
            if !space[i].expanded || laddered.contains(i) {
                canEnd[i] = true
            } else {
                for e in space[i].edges where e.kind.isContent {
                    switch e.outcome {
                    case .state(let j): reverse[j].append(i)
                    case .end(let reason): if reason != .error { canEnd[i] = true }
                    case .unknown: canEnd[i] = true
                    case .failure: break
                    }
                }
            }
            if canEnd[i] { work.append(i) }
        }
        while let j = work.popLast() {
            for i in reverse[j] where !canEnd[i] {
                canEnd[i] = true
                work.append(i)
            }
        }
        return (0..<space.count).filter { !canEnd[$0] }
    }

    /// Strongly connected components (Tarjan's algorithm, without recursion).
    static func components(_ vertices: [Int], _ successors: (Int) -> [Int]) -> [[Int]] {
        var index: [Int: Int] = [:], low: [Int: Int] = [:]
        var onStack: Set<Int> = [], stack: [Int] = [], out: [[Int]] = []
        var counter = 0
        func open(_ v: Int) {
            index[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack.insert(v)
        }
        for root in vertices where index[root] == nil {
            open(root)
            var calls: [(v: Int, next: [Int], k: Int)] = [(root, successors(root), 0)]
            while let top = calls.last {
                let v = top.v
                if top.k < top.next.count {
                    let w = top.next[top.k]
                    calls[calls.count - 1].k += 1
                    if index[w] == nil {
                        open(w)
                        calls.append((w, successors(w), 0))
                    } else if onStack.contains(w) {
                        low[v] = min(low[v]!, index[w]!)
                    }
                    continue
                }
                calls.removeLast()
                if let parent = calls.last?.v { low[parent] = min(low[parent]!, low[v]!) }
                guard low[v] == index[v] else { continue }
                var component: [Int] = []
                while let w = stack.popLast() {
                    onStack.remove(w)
                    component.append(w)
                    if w == v { break }
                }
                out.append(component)
            }
        }
        return out
    }
}
