import CairnEngine
import CairnLoader

/// Invariants of a flow load, shared by the single-file and the set targets.
public enum FuzzFlows {
    public static func check(_ result: FlowLoader.Result) {
        for d in result.diagnostics {
            Fuzz.require(Fuzz.isOneLine(d.description), "a diagnostic is one line: \(d.description.debugDescription.prefix(200))")
            Fuzz.require(d.location.line >= 1 && d.location.column >= 1, "positions start at 1: \(d.description.prefix(200))")
        }
        guard let graph = result.graph else {
            Fuzz.require(result.diagnostics.hasErrors, "no graph, yet no error")
            return
        }
        Fuzz.require(!result.diagnostics.hasErrors, "a graph despite errors")
        // The flows run: a conversation starts and answers (a step limit ends a loop with a failure).
        let engine = Engine(graph: graph)
        var session = Session(graph: graph)
        do {
            let events = try engine.step(&session, .start)
            Fuzz.require(!events.isEmpty, "starting says something")
            if !session.isEnded {
                let more = try engine.step(&session, .text("1"))
                Fuzz.require(!more.isEmpty, "an answer gets an answer")
            }
        } catch {
            Fuzz.require(false, "a new session on its own graph is no caller error: \(error)")
        }
    }
}
