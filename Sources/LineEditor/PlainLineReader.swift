#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor without any editing, for piped or redirected input.
///
/// Contract: a line ends at "\n"; a "\r" right before it is dropped too. A final line without
/// a newline is still returned, then `.endOfInput`. Bytes are decoded as UTF-8, with invalid
/// sequences replaced by U+FFFD; multi-byte characters split across reads are kept intact.
/// An echoed prompt loses the `EditLineReader.nonPrinting` markers; the marked runs (colours)
/// are kept only when `promptFD` is a terminal. End of input is sticky.
/// Never returns `.interrupted` (SIGINT keeps its process-wide behaviour). The reader does not
/// own or close the descriptor, and buffers input it has read but not yet returned.
public final class PlainLineReader: LineReader {
    private let fd: Int32
    private let echoPrompt: Bool
    private let promptFD: Int32
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var atEOF = false

    /// Reads from `fd` (stdin by default); writes each prompt to `promptFD` if `echoPrompt`.
    ///
    /// For a Foundation `FileHandle`, pass its `fileDescriptor` (this module avoids Foundation).
    public init(fd: Int32 = STDIN_FILENO, echoPrompt: Bool = false, promptFD: Int32 = STDOUT_FILENO) {
        self.fd = fd
        self.echoPrompt = echoPrompt
        self.promptFD = promptFD
    }

    public func readLine(prompt: String) -> LineReadResult {
        if echoPrompt && !prompt.isEmpty {
            fflush(nil)  // Output the caller buffered in C stdio (print) must come before the prompt.
            writeAll(fd: promptFD, plainPrompt(prompt, keepSequences: isTerminal(fd: promptFD)))
        }
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                return .line(takeLine(upTo: newline, consuming: newline + 1))
            }
            scanned = buffer.count
            if atEOF {
                if buffer.isEmpty { return .endOfInput }
                return .line(takeLine(upTo: buffer.count, consuming: buffer.count))
            }
            fill()
        }
    }

    /// Removes `buffer[..<consumed]` and returns `buffer[..<end]` decoded, minus a trailing "\r".
    private func takeLine(upTo end: Int, consuming consumed: Int) -> String {
        var stop = end
        if stop > 0 && buffer[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
        let text = String(decoding: buffer[..<stop], as: UTF8.self)
        buffer.removeFirst(consumed)
        scanned = 0
        return text
    }

    /// Appends one read's worth of bytes to `buffer`, or sets `atEOF` on end of file or error.
    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[..<n])
                return
            }
            if n < 0 && errno == EINTR { continue }
            atEOF = true
            return
        }
    }
}
