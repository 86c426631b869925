#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of asking a `LineReader` for one line.
///
/// - `line`: the text the user entered, without the line terminator (may be empty).
/// - `endOfInput`: no more input (Ctrl-D on an empty line, or end of file).
/// - `interrupted`: the user pressed Ctrl-C while editing; the typed text is discarded.
public enum LineReadResult: Equatable, Sendable {
    case line(String)
    case endOfInput
    case interrupted
}

/// Something that reads one line of user input at a time.
///
/// Contract: `readLine(prompt:)` blocks until a full line, end of input or an interrupt.
/// After `.endOfInput` the caller should stop reading (`PlainLineReader` keeps returning it;
/// `EditLineReader` would read again). Not thread-safe: call from one thread at a time.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (if the reader shows prompts) and reads one line.
    func readLine(prompt: String) -> LineReadResult
}

/// Returns an interactive `EditLineReader` when stdin and stdout are terminals, else a `PlainLineReader`.
///
/// The plain reader does not echo the prompt unless `echoPromptWhenPlain` is true, so piped
/// transcripts stay free of prompt noise. `completer` is used only by the interactive reader.
public func makeLineReader(
    programName: String,
    echoPromptWhenPlain: Bool = false,
    completer: @escaping (String) -> [String] = { _ in [] }
) -> any LineReader {
    if let editor = EditLineReader(programName: programName, completer: completer) {
        return editor
    }
    return PlainLineReader(fd: STDIN_FILENO, echoPrompt: echoPromptWhenPlain)
}
