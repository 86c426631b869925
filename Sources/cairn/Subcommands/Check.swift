import ArgumentParser
import CairnEngine
import CairnLoader
import Foundation

/// `cairn check [PATHS]`: loads flows and prints every problem, like a compiler.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check flow files and report every problem with its file, line and column.",
        discussion: "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors.")

    @Argument(help: "Flow files or directories (default: Flows).")
    var paths: [String] = []

    @Flag(help: "One line per problem, no source snippets or colour (for editors and CI).")
    var oneLine = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Also show the problems that may follow from a file YAML cannot read (hidden by default).")
    var all = false

    func run() throws {
        let loaded = try loadOrExit(paths.isEmpty ? ["Flows"] : paths, options: .all)
        let result = all ? loaded.showingHidden() : loaded
        let printer = DiagnosticPrinter(colour: !oneLine && Terminal.colourAllowed(fd: 2), snippets: !oneLine)
        if !result.diagnostics.isEmpty {
            printErr(printer.render(result))
        }
        if !result.hidden.isEmpty {
            let n = result.hidden.count
            printErr("\(n) other problem\(n == 1 ? "" : "s") that may follow from the YAML error\(result.diagnostics.filter(\.isSyntaxError).count == 1 ? "" : "s") above \(n == 1 ? "is" : "are") hidden; fix \(result.diagnostics.filter(\.isSyntaxError).count == 1 ? "it" : "them") and check again (--all shows them)")
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        if let graph = result.graph {
            printErr("checked \(graph.flows.count) flows, \(graph.nodes.count) nodes: \(errors) errors, \(warnings) warnings")
        } else {
            printErr("\(errors) errors, \(warnings) warnings")
        }
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
    }
}

/// Loads flows, turning an unreadable path into a clear message and exit status 1.
///
/// Commands that run or print the flows take `.running` (no symbol index, which only `cairn lsp`
/// reads); `cairn check` loads everything, as the language server does.
func loadOrExit(_ paths: [String], options: FlowLoader.Options = .running) throws -> FlowLoader.Result {
    do {
        return try FlowLoader.load(paths: paths, options: options)
    } catch {
        printErr("cairn: error: \(error)")
        throw ExitCode(1)
    }
}

/// The compiled flows; when they have errors, prints them (one line each) and exits with status 1.
func graphOrExit(_ result: FlowLoader.Result, checking path: String) throws -> Graph {
    guard let graph = result.graph else {
        printErr(DiagnosticPrinter(colour: false, snippets: false).render(result))
        printErr("cairn: error: the flows have errors; run 'cairn check \(path)'")
        throw ExitCode(1)
    }
    return graph
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

enum Terminal {
    /// Colour only on a terminal, and never with NO_COLOR set.
    static func colourAllowed(fd: Int32) -> Bool {
        isatty(fd) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}
