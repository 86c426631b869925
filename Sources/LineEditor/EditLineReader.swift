import CLibedit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An interactive line editor on libedit, for when input and output are both terminals.
///
/// Keys (emacs mode): arrows, Home/End, Ctrl-A/E, Ctrl-B/F, Ctrl-Left/Right by word, Ctrl-W
/// (delete previous word), Ctrl-U (delete to start of line), Ctrl-K, Backspace/Delete (whole
/// UTF-8 characters), Up/Down through history, Tab completion via `completer`.
/// Ctrl-C shows "^C", discards the line and returns `.interrupted`; Ctrl-D on an empty line
/// returns `.endOfInput` after moving to a new line (each later call reads again).
/// History: in memory only, never read from or written to disk; at most `historyLimit`
/// entries, each line at most once (re-entering a line moves it to the newest position);
/// blank lines and interrupted lines are not recorded.
/// While editing, the terminal's ISIG is off, so Ctrl-C, Ctrl-\ and Ctrl-Z send no signal;
/// between `readLine` calls the terminal is in its normal (cooked) mode.
/// The first init sets the process's LC_CTYPE from the environment, falling back to C.UTF-8
/// if that is not UTF-8 (libedit drops non-ASCII keys otherwise).
/// Not thread-safe; the prompt may mark non-printing runs (colours) with `nonPrinting(_:)`.
public final class EditLineReader: LineReader {
    /// The maximum number of history entries kept.
    public static let historyLimit = 100

    /// Given the line text before the cursor, returns candidate full-line completions.
    public var completer: (String) -> [String]

    /// The history, oldest first (in memory only).
    public private(set) var history: [String] = []

    let editLine: OpaquePointer
    private let historyHandle: OpaquePointer
    private let outputFile: UnsafeMutablePointer<FILE>
    private var ownedFiles: [UnsafeMutablePointer<FILE>] = []
    private(set) var promptPointer: UnsafeMutablePointer<CChar>
    let outputFD: Int32
    var cancelled = false

    /// Creates an editor on `inputFD`/`outputFD` (stdin/stdout by default), or nil if either is not a terminal.
    ///
    /// `programName` is libedit's program name (it reads no editrc file).
    public init?(
        programName: String,
        inputFD: Int32 = STDIN_FILENO,
        outputFD: Int32 = STDOUT_FILENO,
        completer: @escaping (String) -> [String] = { _ in [] }
    ) {
        guard isTerminal(fd: inputFD), isTerminal(fd: outputFD) else { return nil }
        ensureUTF8CharacterLocale()
        var owned: [UnsafeMutablePointer<FILE>] = []
        func file(_ fd: Int32, _ standard: UnsafeMutablePointer<FILE>, _ mode: String) -> UnsafeMutablePointer<FILE>? {
            if fd == fileno(standard) { return standard }
            let copy = dup(fd)
            guard copy >= 0, let opened = fdopen(copy, mode) else {
                if copy >= 0 { close(copy) }
                return nil
            }
            owned.append(opened)
            return opened
        }
        guard let input = file(inputFD, clibedit_stdin(), "r"),
              let output = file(outputFD, clibedit_stdout(), "w"),
              let editLine = el_init(programName, input, output, clibedit_stderr()) else {
            owned.forEach { fclose($0) }
            return nil
        }
        guard let historyHandle = history_init() else {
            el_end(editLine)
            owned.forEach { fclose($0) }
            return nil
        }
        self.editLine = editLine
        self.historyHandle = historyHandle
        self.outputFile = output
        self.outputFD = outputFD
        self.ownedFiles = owned
        self.completer = completer
        self.promptPointer = strdup("")!
        configure()
    }

    deinit {
        el_end(editLine)
        history_end(historyHandle)
        free(promptPointer)
        ownedFiles.forEach { fclose($0) }
    }

    /// Wraps `text` (e.g. an ANSI colour sequence) so the editor does not count it as prompt width.
    public static func nonPrinting(_ text: String) -> String {
        "\u{1}" + text + "\u{1}"
    }

    public func readLine(prompt: String) -> LineReadResult {
        free(promptPointer)
        promptPointer = strdup(prompt)!
        cancelled = false
        fflush(nil)  // Output the caller buffered in C stdio must appear before the prompt.
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if cancelled { return .interrupted }
        guard let raw, count > 0 else {
            writeOutput("\n")
            return .endOfInput
        }
        // Drop the "\n" by byte: a "\r" typed before it (Ctrl-V Ctrl-M) would merge into one Character.
        var bytes = UnsafeRawBufferPointer(start: raw, count: strlen(raw))
        if bytes.last == UInt8(ascii: "\n") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        let text = String(decoding: bytes, as: UTF8.self)
        remember(text)
        return .line(text)
    }

    /// Records `line` as the newest history entry, removing an older copy and the oldest overflow.
    func remember(_ line: String) {
        guard line.contains(where: { !$0.isWhitespace }) else { return }
        history.removeAll { $0 == line }
        history.append(line)
        if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
        var event = HistEvent()
        _ = clibedit_history_op(historyHandle, &event, H_CLEAR)
        for entry in history { _ = clibedit_history_enter(historyHandle, &event, entry) }
    }

    /// Writes `text` to the editor's output stream and flushes it.
    func writeOutput(_ text: String) {
        fputs(text, outputFile)
        fflush(outputFile)
    }

    private func configure() {
        var event = HistEvent()
        _ = clibedit_history_setsize(historyHandle, &event, Int32(Self.historyLimit))
        _ = clibedit_history_setunique(historyHandle, &event, 1)
        _ = clibedit_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = clibedit_set_editor(editLine, "emacs")
        _ = clibedit_set_signal(editLine, 1)
        _ = clibedit_set_hist(editLine, historyHandle)
        _ = clibedit_set_prompt_esc(editLine, editLinePrompt, 1)
        _ = clibedit_setty(editLine, "-d", "-isig")
        _ = clibedit_add_fn(editLine, "le-complete", "complete the line", editLineComplete)
        _ = clibedit_add_fn(editLine, "le-cancel", "cancel the line", editLineCancel)
        let bindings: [(String, String)] = [
            ("^I", "le-complete"), ("^C", "le-cancel"),
            ("^W", "ed-delete-prev-word"), ("^U", "vi-kill-line-prev"),
            ("\\e[H", "ed-move-to-beg"), ("\\e[F", "ed-move-to-end"),
            ("\\eOH", "ed-move-to-beg"), ("\\eOF", "ed-move-to-end"),
            ("\\e[1~", "ed-move-to-beg"), ("\\e[4~", "ed-move-to-end"),
            ("\\e[3~", "ed-delete-next-char"),
            ("\\e[1;5D", "ed-prev-word"), ("\\e[1;5C", "em-next-word"),
        ]
        for (key, function) in bindings { _ = clibedit_bind(editLine, key, function) }
    }
}

/// Sets LC_CTYPE from the environment, then to C.UTF-8 if the result is not a UTF-8 codeset.
func ensureUTF8CharacterLocale() {
    setlocale(LC_CTYPE, "")
    let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
    if codeset == "UTF-8" || codeset == "UTF8" { return }
    for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
        return
    }
}
