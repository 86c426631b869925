import ArgumentParser
import CairnBundledFlows
import CairnEngine
import CairnLoader
import Foundation

/// `cairn` / `cairn chat`: a conversation in the terminal.
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Chat in the terminal (the default).")

    @Option(help: "Run the flows in this directory instead of the bundled guide.")
    var flows: String?

    @Option(help: "Language of the conversation, such as en or fr.")
    var locale: String?

    func run() throws {
        let result = try flows.map { try loadOrExit([$0]) } ?? FlowLoader.load(files: BundledFlows.files)
        guard let graph = result.graph else {
            printErr(DiagnosticPrinter(colour: false, snippets: true).render(result.diagnostics) { f in
                result.sources[f].map { $0.split(separator: "\n", omittingEmptySubsequences: false) } })
            throw ExitCode(1)
        }
        let engine = Engine(graph: graph)
        var session = Session(graph: graph, locale: locale)
        var events = try engine.step(&session, .start)
        while true {
            for e in events { print(plain(e)) }
            if session.isEnded { return }
            print("> ", terminator: "")
            guard let line = readLine() else { return }
            events = try engine.step(&session, .text(line))
        }
    }

    private func plain(_ e: Event) -> String {
        switch e {
        case .say(let t): t + "\n"
        case .choices(let cs): cs.map { "  \($0.number). \($0.label)" }.joined(separator: "\n")
        case .ask: ""
        case .interrupt, .handoff: ""
        case .end(let r): "[end: \(r)]"
        case .failure(let m): "[failure: \(m)]"
        }
    }
}
