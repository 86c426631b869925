import ArgumentParser
import CairnEngine
import CairnLoader
import Foundation

/// `cairn why --at NODE "text"`: how an answer would be understood at a prompt, and why.
struct Why: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how an answer is understood at a prompt: its words, stems, negation, every candidate and the decision.",
        discussion: """
            Nothing is stored or logged. Example: cairn why --at welcome.what_happened "hes blackmailing me"
            """)

    @Option(help: "The prompt, as flow.node (default: the flows' start, once it waits).")
    var at: String?

    @Option(help: "The flows (default: Flows).")
    var flows: String = "Flows"

    @Option(help: "The session's language (default: the flows' own).")
    var locale: String?

    @Option(name: .customLong("set"), help: "A variable set before the prompt, as name=value (repeatable).")
    var presets: [String] = []

    @Argument(help: "The answer, as a person would type it.")
    var text: String

    func run() throws {
        let graph = try graphOrExit(try loadOrExit([flows]), checking: flows)
        var variables: [String: String] = [:]
        for p in presets {
            guard let eq = p.firstIndex(of: "="), Identifier.isValid(p[..<eq]) else {
                throw ValidationError("--set takes name=value, like --set situation=friend")
            }
            variables[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        var entry: Int?
        if let at {
            guard let node = graph.nodeIndex[at] ?? graph.flow(named: at)?.start else {
                throw ValidationError("unknown node '\(at)': write flow.node, like welcome.safe_check")
            }
            entry = node
        }
        let engine = Engine(graph: graph)
        var session = Session(graph: graph, locale: locale, presets: variables, entry: entry)
        _ = try engine.step(&session, .start)
        guard let node = session.waitingNode else {
            printErr("cairn: error: the session does not wait for an answer there (it ended, or moves on by itself)")
            throw ExitCode(1)
        }
        if let entry, node != entry {
            printErr("note: \(graph.nodes[entry].id) asks nothing on arrival; explaining at \(graph.nodes[node].id)")
        }
        print("at: \(graph.nodes[node].id)")
        engine.explain(text, at: node, in: session).lines.forEach { print($0) }
    }
}
