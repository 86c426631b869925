import Glibc
import Testing
@testable import LineEditor

/// A pseudo-terminal pair from `openpty`, closed on deinit.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32

    /// Opens a pty whose window is `columns` x `rows`.
    init(columns: UInt16 = 80, rows: UInt16 = 24) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw PtyError.openFailed }
        self.master = master
        self.slave = slave
    }

    deinit {
        close(master)
        close(slave)
    }

    /// Changes the window size, as a terminal emulator does on resize.
    func resize(columns: UInt16, rows: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Everything the slave side wrote so far, read from the master without blocking.
    func drainOutput(waitingMilliseconds: Int32 = 100) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, waitingMilliseconds) > 0 {
            let n = read(master, &chunk, chunk.count)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    enum PtyError: Error { case openFailed }
}

@Suite struct TerminalTests {
    @Test func widthAndHeightOfAPty() throws {
        let pty = try PseudoTerminal(columns: 123, rows: 45)
        #expect(terminalWidth(fd: pty.slave) == 123)
        #expect(terminalHeight(fd: pty.slave) == 45)
        #expect(terminalWidth(fd: pty.master) == 123)
    }

    @Test func widthFollowsAResize() throws {
        let pty = try PseudoTerminal(columns: 80, rows: 24)
        pty.resize(columns: 60, rows: 20)
        #expect(terminalWidth(fd: pty.slave) == 60)
        #expect(terminalHeight(fd: pty.slave) == 20)
    }

    @Test func zeroSizeIsUnknown() throws {
        let pty = try PseudoTerminal(columns: 0, rows: 0)
        #expect(terminalWidth(fd: pty.slave) == nil)
        #expect(terminalHeight(fd: pty.slave) == nil)
    }

    @Test func notATerminalHasNoWidth() throws {
        let pipe = try FilledPipe("")
        #expect(terminalWidth(fd: pipe.readFD) == nil)
        #expect(terminalWidth(fd: -1) == nil)
        #expect(!isTerminal(fd: pipe.readFD))
    }

    @Test func ptyIsATerminal() throws {
        let pty = try PseudoTerminal()
        #expect(isTerminal(fd: pty.slave))
    }

    @Test func clearScreenWritesTheSequenceToATerminal() throws {
        let pty = try PseudoTerminal()
        var raw = termios()
        tcgetattr(pty.slave, &raw)
        cfmakeraw(&raw)  // no output processing, so the bytes arrive unchanged
        tcsetattr(pty.slave, TCSANOW, &raw)
        #expect(TerminalScreen.clearScreenAndScrollback(fd: pty.slave))
        #expect(pty.drainOutput() == "\u{1B}[H\u{1B}[2J\u{1B}[3J")
    }

    @Test func clearScreenWritesNothingToAPipe() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(!TerminalScreen.clearScreenAndScrollback(fd: fds[1]))
        var poller = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        #expect(poll(&poller, 1, 0) == 0)
    }

    @Test func editLineReaderNeedsTerminals() throws {
        let pipe = try FilledPipe("")
        let pty = try PseudoTerminal()
        #expect(EditLineReader(programName: "t", inputFD: pipe.readFD, outputFD: pty.slave) == nil)
        #expect(EditLineReader(programName: "t", inputFD: pty.slave, outputFD: pipe.readFD) == nil)
        #expect(EditLineReader(programName: "t", inputFD: pty.slave, outputFD: pty.slave) != nil)
    }
}
