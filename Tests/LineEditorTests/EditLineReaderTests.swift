import Dispatch
import Glibc
import Testing
@testable import LineEditor

/// Drives an `EditLineReader` on a pty: keys go into the master side, the reader runs on a background queue.
final class EditorHarness: @unchecked Sendable {
    let pty: PseudoTerminal
    let reader: EditLineReader
    private(set) var completerCalls: [String] = []
    private(set) var output = ""
    private var lastResult: LineReadResult?
    private let queue = DispatchQueue(label: "EditorHarness")

    init(candidates: [String] = []) throws {
        pty = try PseudoTerminal(columns: 80, rows: 24)
        reader = try #require(EditLineReader(programName: "test", inputFD: pty.slave, outputFD: pty.slave))
        reader.completer = { [unowned self] line in
            self.completerCalls.append(line)
            return candidates
        }
    }

    /// Starts `readLine(prompt:)`, types `keys` once libedit has put the tty in raw mode, and returns the result.
    ///
    /// Returns nil if the reader has not returned within 5 seconds; `output` collects what it drew.
    func read(typing keys: String, prompt: String = "> ") -> LineReadResult? {
        let done = DispatchSemaphore(value: 0)
        queue.async {
            self.lastResult = self.reader.readLine(prompt: prompt)
            done.signal()
        }
        guard waitUntil({ !self.isCanonical() }) else { return nil }
        _ = writeAll(fd: pty.master, keys)
        let deadline = DispatchTime.now() + .seconds(5)
        while done.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
            output += pty.drainOutput(waitingMilliseconds: 0)
            if DispatchTime.now() > deadline { return nil }
        }
        output += pty.drainOutput(waitingMilliseconds: 20)
        return lastResult  // written before `done.signal()`, which orders it before this read
    }

    /// Whether the slave side is in canonical (cooked, line-by-line) mode.
    func isCanonical() -> Bool {
        var attributes = termios()
        tcgetattr(pty.slave, &attributes)
        return attributes.c_lflag & tcflag_t(ICANON) != 0
    }

    /// Whether the slave side turns Ctrl-C into SIGINT.
    func generatesSignals() -> Bool {
        var attributes = termios()
        tcgetattr(pty.slave, &attributes)
        return attributes.c_lflag & tcflag_t(ISIG) != 0
    }

    private func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            usleep(10_000)
        }
        return false
    }
}

/// The libedit reader end to end on a pseudo-terminal (keys in, lines out).
@Suite(.serialized) struct EditLineReaderTests {
    let commands = ["/help", "/history", "/quit", "/load alpha", "/load beta"]

    @Test func typedLineIsReturned() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "hello world\r") == .line("hello world"))
        #expect(editor.output.contains("> "))
    }

    @Test func quotedNewlinesStayInsideTheLine() throws {
        let editor = try EditorHarness()
        // Ctrl-V Enter inserts the key literally; the tty's ICRNL has already made it "\n".
        #expect(editor.read(typing: "a\u{16}\rb\u{16}\r\r") == .line("a\nb\n"))
    }

    @Test func terminalIsCookedAgainAfterReading() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "x\r") == .line("x"))
        #expect(editor.isCanonical())
        #expect(editor.generatesSignals())
    }

    @Test func arrowsAndLineStartEnd() throws {
        let editor = try EditorHarness()
        // Left x3 then "o"; Ctrl-A then "<"; Ctrl-E then ">".
        #expect(editor.read(typing: "wrld\u{1B}[D\u{1B}[D\u{1B}[Do\u{01}<\u{05}>\r") == .line("<world>"))
    }

    @Test func ctrlWDeletesTheWordBeforeTheCursor() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "one two three\u{17}\r") == .line("one two "))
    }

    @Test func ctrlUDeletesToTheStartOfTheLine() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "abc def\u{1B}[D\u{1B}[D\u{1B}[D\u{15}\r") == .line("def"))
    }

    @Test func backspaceDeletesWholeUTF8Characters() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "café\u{7F}\u{7F}é日本\u{7F}\r") == .line("caé日"))
    }

    @Test func ctrlCInterruptsShowsCaretCAndKeepsWorking() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "partial\u{1B}[D\u{1B}[D\u{03}") == .interrupted)
        // libedit moves the cursor with escape sequences, so "^C" need not follow "partial" byte for byte.
        #expect(editor.output.contains("partial") && editor.output.hasSuffix("^C\r\n"))
        #expect(editor.read(typing: "next\r") == .line("next"))
        #expect(editor.reader.history == ["next"])
    }

    @Test func ctrlDOnAnEmptyLineEndsInputOnANewLine() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "\u{04}") == .endOfInput)
        #expect(editor.output.hasSuffix("^D\r\n"))  // "\r\n" is one Character: compare it whole
    }

    @Test func ctrlDOnANonEmptyLineDoesNotEndInput() throws {
        let editor = try EditorHarness()
        #expect(editor.read(typing: "ab\u{04}\r") == .line("ab"))
    }

    @Test func tabCompletesAUniqueMatch() throws {
        let editor = try EditorHarness(candidates: commands)
        #expect(editor.read(typing: "/q\t\r") == .line("/quit"))
        #expect(editor.completerCalls == ["/q"])
    }

    @Test func tabCompletesTheTextBeforeTheCursor() throws {
        let editor = try EditorHarness(candidates: commands)
        #expect(editor.read(typing: "/qX\u{1B}[D\t\r") == .line("/quitX"))
        #expect(editor.completerCalls == ["/q"])
    }

    @Test func tabInsertsTheCommonPrefixThenLists() throws {
        let editor = try EditorHarness(candidates: commands)
        #expect(editor.read(typing: "/lo\t\tb\t\r") == .line("/load beta"))
        #expect(editor.completerCalls == ["/lo", "/load ", "/load b"])
        #expect(editor.output.contains("/load alpha  /load beta"))
    }

    @Test func tabWithoutMatchChangesNothing() throws {
        let editor = try EditorHarness(candidates: commands)
        #expect(editor.read(typing: "/x\t\r") == .line("/x"))
    }

    @Test func upArrowRecallsUniqueHistory() throws {
        let editor = try EditorHarness()
        for line in ["a", "b", "a"] { #expect(editor.read(typing: line + "\r") == .line(line)) }
        #expect(editor.reader.history == ["b", "a"])
        #expect(editor.read(typing: "\u{1B}[A\u{1B}[A\r") == .line("b"))
        #expect(editor.reader.history == ["a", "b"])
    }

    @Test func historyKeepsTheNewestHundredNonBlankLines() throws {
        let editor = try EditorHarness()
        for i in 0..<105 { editor.reader.remember("line \(i)") }
        editor.reader.remember("   ")
        editor.reader.remember("")
        #expect(editor.reader.history.count == EditLineReader.historyLimit)
        #expect(editor.reader.history.first == "line 5")
        #expect(editor.reader.history.last == "line 104")
    }
}
