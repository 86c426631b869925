import CairnEngine
import Testing

@Suite("Runtime limits")
struct LimitTests {
    static let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    /// Two nodes that jump to each other forever (the checker refuses this; a hand-built graph can't).
    @Test func jumpLoopStopsWithAFailureNotAHang() throws {
        let nodes = [Node(id: "f.a", location: Self.here, exit: .target(.go(1))),
                     Node(id: "f.b", location: Self.here, exit: .target(.go(0)))]
        let graph = Graph(flows: [FlowInfo(id: "f", title: "F", start: 0, location: Self.here)], nodes: nodes,
                          settings: Settings(start: 0, maxNodesPerStep: 50), fingerprint: "loop")
        var s = Session(graph: graph)
        let events = try Engine(graph: graph).step(&s, .start)
        #expect(events.count == 2)
        guard case .failure(let message) = events[0] else { Issue.record("expected a failure"); return }
        #expect(message.contains("step limit of 50"))
        #expect(events[1] == .end(reason: .error))
    }

    @Test func callsNestedTooDeepFail() throws {
        let nodes = [Node(id: "f.a", location: Self.here, exit: .target(.call(0, then: 1))),
                     Node(id: "f.b", location: Self.here, exit: .target(.end(.completed)))]
        let graph = Graph(flows: [FlowInfo(id: "f", title: "F", start: 0, location: Self.here)], nodes: nodes,
                          settings: Settings(start: 0, maxCallDepth: 4), fingerprint: "deep")
        var s = Session(graph: graph)
        let events = try Engine(graph: graph).step(&s, .start)
        guard case .failure(let message)? = events.first else { Issue.record("expected a failure"); return }
        #expect(message.contains("deeper than 4"))
        #expect(events.last == .end(reason: .error))
    }

    @Test func undoIsBounded() throws {
        var files = sample
        files["settings.yaml"] = files["settings.yaml"]! + "\n  undo_depth: 2\n"
        var c = Conversation(try compile(files), entry: "main.menu")
        try c.start()
        for _ in 0..<5 { try c.send("evidence"); try c.send("menu") }
        try c.send("back"); try c.send("back")
        #expect(try c.send("back").says == ["There's nothing to go back to yet."])
    }
}
