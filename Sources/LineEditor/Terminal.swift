#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether `fd` refers to a terminal (`isatty`).
public func isTerminal(fd: Int32) -> Bool {
    isatty(fd) == 1
}

/// The width in columns of the terminal on `fd`, or nil if `fd` is not a terminal or reports 0.
///
/// Uses `ioctl(TIOCGWINSZ)`, so it is cheap: call it on each render to follow window resizes
/// (SIGWINCH) without installing any signal handler.
public func terminalWidth(fd: Int32 = STDOUT_FILENO) -> Int? {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}

/// The height in rows of the terminal on `fd`, or nil if `fd` is not a terminal or reports 0.
public func terminalHeight(fd: Int32 = STDOUT_FILENO) -> Int? {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
    return Int(size.ws_row)
}

/// Small helpers that write control sequences to a terminal.
///
/// Every helper writes only when its file descriptor is a terminal, so piped output never
/// receives escape sequences.
public enum TerminalScreen {
    /// The sequence that homes the cursor, clears the screen and clears the scrollback buffer.
    public static let clearScreenAndScrollbackSequence = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    /// Clears the screen and scrollback of the terminal on `fd` (stdout by default).
    ///
    /// Returns true if the sequence was written, false if `fd` is not a terminal or the write failed.
    @discardableResult
    public static func clearScreenAndScrollback(fd: Int32 = STDOUT_FILENO) -> Bool {
        guard isTerminal(fd: fd) else { return false }
        return writeAll(fd: fd, clearScreenAndScrollbackSequence)
    }
}

/// Writes all of `text` as UTF-8 to `fd`, retrying on EINTR and short writes; false on error.
@discardableResult
func writeAll(fd: Int32, _ text: String) -> Bool {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { raw in
            write(fd, raw.baseAddress! + offset, raw.count - offset)
        }
        if n < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += n
    }
    return true
}

/// `prompt` without the U+0001 markers of `EditLineReader.nonPrinting`; the marked runs are
/// kept if `keepSequences`, else dropped (an unpaired marker drops the rest of the prompt).
func plainPrompt(_ prompt: String, keepSequences: Bool) -> String {
    var result = ""
    var inside = false
    for scalar in prompt.unicodeScalars {
        if scalar == "\u{1}" {
            inside.toggle()
        } else if !inside || keepSequences {
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
