import ArgumentParser
import CairnBundledFlows
import CairnChat
import CairnEngine
import CairnLoader
import CairnTranscripts
import Foundation
import LineEditor

/// `cairn` / `cairn chat`: a conversation in the terminal, on the bundled guide or other flows.
///
/// Sets up the pieces and hands over to `ChatLoop`: libedit when stdin and stdout are terminals
/// (plain lines otherwise, for scripts), the renderer's mode from `--plain`, NO_COLOR and the
/// terminal, and the session's entry and locale. Exit status 0, or 1 for broken flows, a runtime
/// failure in the flows or a `--record` file that cannot be created; 64 for an unknown `--flow`.
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chat in the terminal (the default).",
        discussion: """
            At every prompt: a choice's number or words, or back, restart, menu, help, repeat, \
            and exit or quit to leave at once (also as /back, /exit, ...). Ctrl-C and Ctrl-D leave \
            at once too. /save FILE writes the conversation so far as a transcript (/save! FILE \
            replaces an existing file); nothing else you type is ever written to disk. On a \
            terminal, the screen and scrollback are cleared when you leave.
            """)

    @Option(help: ArgumentHelp("Run the flows in this directory instead of the guide built into cairn.", valueName: "dir"))
    var flows: String?

    @Option(help: ArgumentHelp("Start at this flow, or flow.node, instead of the settings' start.", valueName: "id"))
    var flow: String?

    @Option(help: "Language of the conversation, such as en or fr.")
    var locale: String?

    @Flag(help: "No colour, bold or decorations, and no hard line breaks (for screen readers).")
    var plain = false

    @Flag(help: "Keep the screen and scrollback when leaving.")
    var noClear = false

    @Option(help: ArgumentHelp("Record the whole session as a transcript in this new file.", valueName: "file"))
    var record: String?

    /// What the options say, as plain values: `Options()` is `cairn` alone.
    struct Options {
        var flows: String?
        var flow: String?
        var locale: String?
        var plain = false
        var noClear = false
        var record: String?
    }

    func run() throws {
        try Self.run(Options(flows: flows, flow: flow, locale: locale, plain: plain, noClear: noClear, record: record))
    }

    static func run(_ options: Options) throws {
        let (flows, flow, locale, plain, noClear, record) = (options.flows, options.flow, options.locale, options.plain, options.noClear, options.record)
        // The guide built into cairn is shown at once and checked beside its first prompt (its
        // checks take a third of the start-up); the chat waits for them before it takes an answer.
        // Flows from --flows are checked first, as a writer expects.
        let result = try flows.map { try loadOrExit([$0]) }
            ?? FlowLoader.load(files: BundledFlows.files, options: .init(symbols: false, checksLater: true))
        guard let graph = result.graph else {
            reportBroken(result, flows: flows)
            throw ExitCode(1)
        }
        let pending = result.pendingChecks
        var checked: (@Sendable () -> Bool)?
        if let pending {
            checked = { Chat.passes(pending, flows: flows) }
        }
        let entry = try entryNode(flow, in: graph)
        if let record, let error = TranscriptFile.write("", to: record) {
            let text = error.reason == .exists ? "\(record) already exists; choose another name for --record" : error.description
            printErr("cairn: error: \(text)")
            throw ExitCode(1)
        }

        let terminal = isTerminal(fd: STDIN_FILENO) && isTerminal(fd: STDOUT_FILENO)
        let mode: TerminalRenderer.Mode = plain || !terminal ? .plain
            : Terminal.colourAllowed(fd: STDOUT_FILENO) ? .rich : .monochrome
        let renderer = TerminalRenderer(mode: mode, width: { terminalWidth(fd: STDOUT_FILENO) }, texts: graph.settings.texts,
                                        locale: locale ?? graph.settings.defaultLocale)
        let reader = makeLineReader(programName: "cairn")
        let presets = terminalPresets(graph, clears: terminal && !noClear)
        // The first prompt needs no understanding of answers: it is shown first, and the
        // understanding is built beside it while the person reads (an answer typed sooner waits).
        let engine = Engine(graph: graph, understanding: .onFirstUse)
        let loop = ChatLoop(
            engine: engine,
            session: Session(graph: graph, locale: locale, presets: presets, entry: entry),
            reader: reader, renderer: renderer,
            options: .init(start: StartOptions(flow: flow, locale: locale, presets: presets), recordPath: record,
                           terminal: reader is EditLineReader, clearOnExit: !noClear, beforeFirstAnswer: checked),
            write: { FileHandle.standardOutput.write(Data($0.utf8)) },
            clearScreen: { TerminalScreen.clearScreenAndScrollback() })
        if let editor = reader as? EditLineReader {
            editor.completer = { [unowned loop] line in loop.completions(for: line) }
        }
        // Each on its own thread, while the person reads: the main thread only waits for a line.
        if let pending { Thread.detachNewThread { _ = pending.result() } }
        Thread.detachNewThread { engine.prepareUnderstanding() }
        if loop.run() == .ended(.error) { throw ExitCode(1) }
    }

    /// Waits for the pending checks; reports what they found when the flows cannot run.
    static func passes(_ pending: FlowLoader.PendingChecks, flows: String?) -> Bool {
        let result = pending.result()
        guard result.graph == nil else { return true }
        reportBroken(result, flows: flows)
        return false
    }

    /// The diagnostics of flows that cannot run, and what to do, on stderr.
    static func reportBroken(_ result: FlowLoader.Result, flows: String?) {
        printErr(DiagnosticPrinter(colour: Terminal.colourAllowed(fd: 2), snippets: true).render(result))
        printErr("cairn: error: the flows in \(flows ?? "this build of cairn") have errors; run 'cairn check \(flows ?? "Flows")'")
    }

    /// The node index for `--flow` (a node `flow.node`, or a flow's start), nil without it.
    private static func entryNode(_ flow: String?, in graph: Graph) throws -> Int? {
        guard let flow else { return nil }
        if let index = graph.nodeIndex[flow] ?? graph.flow(named: flow)?.start { return index }
        let hint = suggestion(for: flow, among: graph.flows.map(\.id) + graph.nodeIndex.keys).map { " (did you mean '\($0)'?)" } ?? ""
        printErr("cairn: error: there's no flow or node called '\(flow)'\(hint)")
        throw ExitCode(64)
    }
}

/// Variables the terminal chat sets for flows that declare them `preset: true`, so their words can
/// fit this front: `screen_clears` is `yes` when leaving will clear the screen and scrollback;
/// `handoff_available` is `no`, since no helpline software is there to bring in a person.
func terminalPresets(_ graph: Graph, clears: Bool) -> [String: String] {
    var out: [String: String] = [:]
    if clears, graph.settings.variables["screen_clears"]?.preset == true { out["screen_clears"] = "yes" }
    if graph.settings.variables["handoff_available"]?.preset == true { out["handoff_available"] = "no" }
    return out
}
