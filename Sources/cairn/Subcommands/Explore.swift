import ArgumentParser
import CairnBundledFlows
import CairnEngine
import CairnExplore
import CairnLoader
import Foundation

/// `cairn explore`: walks the flows with the real engine and reports what a person could run into.
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk every path through the flows and report dead ends, loops, failures and broken safety words.",
        discussion: """
            Types every choice, a misunderstood answer, the commands and the interrupt phrases at every \
            prompt, breadth first, and prints one line per problem, then a summary. Exit status: 0 when \
            there are no errors (warnings allowed), 1 when there are errors or the flows don't load.
            """)

    @Option(help: "The flows to explore (default: Flows).")
    var flows: String = "Flows"

    @Option(help: "The most answers typed from the start along one path.")
    var depth: Int = 30

    @Option(help: "The most distinct states to keep before stopping.")
    var maxStates: Int = 50_000

    @Option(help: "The language of the sessions, such as en or fr (default: the settings' locale).")
    var locale: String?

    @Option(help: "Write one transcript conversation per path found to an end into this directory.")
    var write: String?

    @Option(help: "The most conversations --write writes.")
    var maxPaths: Int = 200

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func validate() throws {
        guard depth >= 1 else { throw ValidationError("--depth must be at least 1") }
        guard maxStates >= 1 else { throw ValidationError("--max-states must be at least 1") }
        guard maxPaths >= 0 else { throw ValidationError("--max-paths must be 0 or more") }
    }

    func run() throws {
        let graph = try loadGraphOrExit(flows)
        let options = ExploreOptions(depth: depth, maxStates: maxStates, locale: locale, maxPaths: maxPaths)
        let report = Explorer(graph: graph, options: options).run()
        for finding in report.findings { print(finding) }
        for node in report.unreached {
            print("\(node.location): note: node '\(node.id)' was never reached (--depth \(depth), --max-states \(maxStates))")
        }
        if let write {
            try writeTranscripts(report, graph: graph, into: write)
        }
        print(report.summary)
        if report.errors > 0 || (strict && report.warnings > 0) { throw ExitCode(1) }
    }

    private func writeTranscripts(_ report: ExploreReport, graph: Graph, into directory: String) throws {
        let files = PathTranscripts.make(report.paths, engine: Engine(graph: graph), locale: locale)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in files {
                try file.text.write(toFile: (directory as NSString).appendingPathComponent(file.file), atomically: true, encoding: .utf8)
            }
        } catch {
            printErr("cairn: error: cannot write transcripts to \(directory): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        print("wrote \(report.paths.count) conversations in \(files.count) files to \(directory)")
    }
}

/// Loads flows for a tool that needs a graph: prints the diagnostics and exits 1 when there are errors.
func loadGraphOrExit(_ path: String) throws -> Graph {
    try graphOrExit(try loadOrExit([path]), checking: path)
}
