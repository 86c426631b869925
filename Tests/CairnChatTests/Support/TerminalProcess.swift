import CairnTestSupport
import Foundation
import Glibc
import Testing

/// The built `cairn` binary, running on a pseudo-terminal: type keys, read what the screen shows.
///
/// Waits poll the terminal until the expected text appears or a generous deadline passes (the
/// machine may be busy building), so no assertion depends on a fixed sleep.
final class TerminalProcess {
    static let timeout: Double = 60

    let process = Process()
    private let master: Int32
    private(set) var raw = ""
    private(set) var model: ScreenModel

    /// Starts `cairn arguments` in `directory` on a `columns` x `rows` pty with TERM=xterm.
    init(_ arguments: [String], columns: Int = 80, rows: Int = 24, in directory: URL? = nil,
         environment: [String: String] = [:]) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        try #require(openpty(&master, &slave, nil, nil, &size) == 0)
        self.master = master
        model = ScreenModel(columns: columns, rows: rows)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["TERM"] = "xterm"
        env["LANG"] = "C.UTF-8"
        env.merge(environment) { $1 }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = try CairnBinary.url()
        process.arguments = arguments
        process.environment = env
        process.currentDirectoryURL = directory
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()  // the child has its own copies; the master then sees EOF when it exits
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// What the screen shows now, one string per line.
    var screen: [String] { model.screen }

    /// Sends keys as typed ("\r" is Enter, "\u{1B}[D" is Left, "\t" Tab, "\u{04}" Ctrl-D), once the
    /// line editor has the terminal in raw mode (keys sent earlier would be echoed and cooked by the tty).
    func type(_ keys: String) {
        waitUntilRaw()
        var bytes = Array(keys.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { if errno == EINTR { continue } else { return } }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Waits until `condition` holds for the screen model (scrollback included); false on timeout.
    @discardableResult
    func waitUntil(_ condition: (ScreenModel) -> Bool) -> Bool {
        let deadline = Date() + Self.timeout
        while Date() < deadline {
            if condition(model) { return true }
            if !pump(milliseconds: 50) && !process.isRunning { return condition(model) }
        }
        return condition(model)
    }

    /// Waits until the terminal is out of canonical mode (the master shares the slave's settings).
    private func waitUntilRaw() {
        let deadline = Date() + Self.timeout
        var attributes = termios()
        while Date() < deadline && process.isRunning {
            if tcgetattr(master, &attributes) == 0 && attributes.c_lflag & tcflag_t(ICANON) == 0 { return }
            _ = pump(milliseconds: 10)
        }
    }

    /// Waits until the scrollback or screen contains `text`.
    @discardableResult
    func waitFor(_ text: String) -> Bool {
        waitUntil { $0.allText.contains(text) }
    }

    /// Waits for the process to end, reading its last output; its exit status, or nil on timeout.
    func waitForExit() -> Int32? {
        let deadline = Date() + Self.timeout
        while process.isRunning && Date() < deadline { _ = pump(milliseconds: 50) }
        while pump(milliseconds: 50) {}
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Changes the window size, as a terminal emulator does when its window is resized.
    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        model = ScreenModel(columns: columns, rows: rows)  // starts empty: only what is drawn next
    }

    /// Reads what is available within `milliseconds`; false when nothing came (or the pty closed).
    private func pump(milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &chunk, chunk.count)
        guard n > 0 else { return false }
        pending += chunk[..<n]
        // Keep an incomplete UTF-8 sequence at the end for the next read.
        var cut = pending.count
        for back in 1...min(3, pending.count) {
            let byte = pending[pending.count - back]
            if byte & 0xC0 == 0xC0 {  // a lead byte: is its sequence complete?
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if back < length { cut = pending.count - back }
                break
            }
            if byte & 0x80 == 0 { break }
        }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        raw += text
        model.feed(text)
        return true
    }

    private var pending: [UInt8] = []
}

/// Finds the `cairn` executable built alongside these tests.
enum CairnBinary {
    static func url() throws -> URL { try Repository.cairnBinary() }
}
