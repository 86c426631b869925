import CairnEngine
import CairnTranscripts
import Foundation
import LineEditor

/// The terminal chat: a thin loop that reads a line, steps the engine, and writes the rendered events.
///
/// Every command (back, restart, menu, help, repeat, exit, with or without `/`) is the engine's;
/// the loop adds only terminal concerns: `/save FILE` (and `/save! FILE` to replace a file),
/// `/why` (how the last answer was understood, kept in memory only), `/contacts` (the contacts
/// directory, in the session's language; not recorded, not saved),
/// recording to `Options.recordPath`, and leaving. End of input and Ctrl-C leave at once, like
/// `exit`. On a terminal (`Options.terminal`), leaving at once or `delete` clears the screen and
/// scrollback first when `clearOnExit`; after any other end the loop waits for Enter, so the last
/// messages can be read, then clears. Input and output are injected, so tests need no terminal.
///
///     let loop = ChatLoop(engine: engine, session: session, reader: reader, renderer: renderer,
///                         options: .init(), write: { print($0, terminator: "") }, clearScreen: {})
///     let outcome = loop.run()
public final class ChatLoop {
    public struct Options: Sendable {
        /// How the session was started, for the `flow:`/`locale:` lines of saved transcripts.
        public var start: StartOptions
        /// Where `--record` keeps the whole session, rewritten after every turn (created beforehand).
        public var recordPath: String?
        /// Both input and output are a terminal (a person is typing).
        public var terminal: Bool
        /// Clear the screen and scrollback on the way out (on a terminal only).
        public var clearOnExit: Bool
        /// Called once, before the first answer is taken (not before the first prompt): false stops
        /// the chat with `.ended(.error)` without taking the answer. The chat's command waits
        /// here for the checks of flows it started without waiting for (and reports what they found).
        public var beforeFirstAnswer: (@Sendable () -> Bool)?

        public init(start: StartOptions = StartOptions(), recordPath: String? = nil, terminal: Bool = false, clearOnExit: Bool = true,
                    beforeFirstAnswer: (@Sendable () -> Bool)? = nil) {
            self.start = start
            self.recordPath = recordPath
            self.terminal = terminal
            self.clearOnExit = clearOnExit
            self.beforeFirstAnswer = beforeFirstAnswer
        }
    }

    /// How the chat finished.
    public enum Outcome: Equatable, Sendable {
        /// The session ended, for this reason.
        case ended(EndReason)
        /// The person left with Ctrl-C or Ctrl-D, or the input ran out, before the session ended.
        case left
    }

    public let engine: Engine
    public private(set) var session: Session
    public private(set) var recorder: TranscriptRecorder
    let reader: any LineReader
    let renderer: TerminalRenderer
    let options: Options
    let write: (String) -> Void
    let clearScreen: () -> Void
    private var recordingFailed = false
    /// The last answer and the session it was given in, for `/why`; never written anywhere.
    private var lastAnswer: (text: String, session: Session)?
    /// `options.beforeFirstAnswer`, until it is called.
    private var beforeFirstAnswer: (@Sendable () -> Bool)?

    public init(engine: Engine, session: Session, reader: any LineReader, renderer: TerminalRenderer,
                options: Options, write: @escaping (String) -> Void, clearScreen: @escaping () -> Void) {
        self.engine = engine
        self.session = session
        self.reader = reader
        self.renderer = renderer
        self.options = options
        self.write = write
        self.clearScreen = clearScreen
        self.recorder = TranscriptRecorder(name: "recorded conversation", options: options.start)
        self.beforeFirstAnswer = options.beforeFirstAnswer
    }

    /// Runs the conversation from its start until it ends or the person leaves.
    public func run() -> Outcome {
        guard step(.start) else { return .ended(.error) }
        while true {
            if case .ended(let reason) = session.status {
                if reason != .quickExit && reason != .userDelete { waitBeforeClosing() }
                return .ended(reason)
            }
            switch reader.readLine(prompt: renderer.prompt) {
            case .endOfInput, .interrupted:
                clearIfAsked()
                return .left
            case .line(let line):
                if let save = SaveCommand(line) {
                    perform(save)
                } else if line.trimmingCharacters(in: .whitespaces).lowercased() == "/why" {
                    explainLastAnswer()
                } else if line.trimmingCharacters(in: .whitespaces).lowercased() == "/contacts" {
                    write("\n" + renderer.directory(engine.graph.contacts.all(locale: session.locale)) + "\n\n")
                } else {
                    if let ready = beforeFirstAnswer {
                        beforeFirstAnswer = nil
                        guard ready() else { return .ended(.error) }
                    }
                    if options.terminal { write("\n") }  // a blank line under the echoed answer
                    lastAnswer = (line, session)
                    guard step(.text(line)) else { return .ended(.error) }
                }
            }
        }
    }

    /// Sends `input`, records it and writes what came back; false if the engine refused the input.
    private func step(_ input: Input) -> Bool {
        let events: [Event]
        do {
            events = try engine.step(&session, input)
        } catch {
            write(renderer.note("cairn: internal error: \(error)") + "\n")
            return false
        }
        recorder.record(input == .start ? nil : input, events)
        if let path = options.recordPath, !recordingFailed,
           let error = TranscriptFile.write(recorder.text, to: path, replacing: true) {
            recordingFailed = true
            write(renderer.note("The recording has stopped. \(error)") + "\n\n")
        }
        switch events.last {
        case .end(.quickExit)?: clearIfAsked()
        case .end(.userDelete)?: clearIfAsked(); write(renderer.render(events))
        default: write(renderer.render(events) + "\n")
        }
        return true
    }

    /// `/save FILE`: the transcript so far (not the `/save` itself), and a note of how it went.
    private func perform(_ save: SaveCommand) {
        let message: String
        if let path = save.path {
            let error = TranscriptFile.write(recorder.text, to: path, replacing: save.replacing)
            message = error?.description ?? "Saved the conversation so far to \(path)."
        } else {
            message = "To save this conversation as a transcript, type /save and a file name, like /save chat.transcript."
        }
        write("\n" + renderer.note(message) + "\n\n")
    }

    /// `/why`: what the engine made of the last answer, and why (docs/understanding.md).
    private func explainLastAnswer() {
        guard let last = lastAnswer, let explanation = engine.explain(last.text, in: last.session) else {
            write("\n" + renderer.note("Type an answer first; then /why shows how it was understood.") + "\n\n")
            return
        }
        write("\n" + explanation.lines.map { renderer.note($0) }.joined(separator: "\n") + "\n\n")
    }

    /// After a natural end on a terminal: wait for Enter (`/save` still works), then clear.
    private func waitBeforeClosing() {
        guard options.terminal && options.clearOnExit else { return }
        write(renderer.note("Press Enter to close this chat. The screen will be cleared.") + "\n")
        while case .line(let line) = reader.readLine(prompt: renderer.prompt), let save = SaveCommand(line) {
            perform(save)
        }
        clearIfAsked()
    }

    private func clearIfAsked() {
        if options.terminal && options.clearOnExit { clearScreen() }
    }
}

/// `/save FILE` or `/save! FILE` (replace an existing file); the file name may be quoted.
struct SaveCommand: Equatable {
    var path: String?
    var replacing: Bool

    init(path: String?, replacing: Bool) {
        self.path = path
        self.replacing = replacing
    }

    /// Nil when `line` is not a save command (so it goes to the engine).
    init?(_ line: String) {
        let text = line.trimmingCharacters(in: .whitespaces)
        var rest: Substring
        if text.hasPrefix("/save!") {
            replacing = true
            rest = text.dropFirst(6)
        } else if text.hasPrefix("/save") {
            replacing = false
            rest = text.dropFirst(5)
        } else {
            return nil
        }
        guard rest.isEmpty || rest.first!.isWhitespace else { return nil }
        rest = rest.drop { $0.isWhitespace }
        if rest.count >= 2, let q = rest.first, q == "\"" || q == "'", rest.last == q {
            rest = rest.dropFirst().dropLast()
        }
        path = rest.isEmpty ? nil : String(rest)
    }
}
