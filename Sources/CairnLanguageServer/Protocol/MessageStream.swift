import Foundation

/// LSP's base protocol over a pair of file descriptors: `Content-Length: N\r\n\r\n` then N bytes
/// of JSON, both ways.
///
/// Reading is bounded: a header block is at most `maxHeaderBytes`, a message at most
/// `maxMessageBytes`; a larger message is read past (never held in memory) and reported, so the
/// next one is still found. A header without a usable `Content-Length` is reported the same way.
public final class MessageStream {
    public static let maxHeaderBytes = 4096
    public static let defaultMaxMessageBytes = 4 << 20

    public enum Incoming: Equatable {
        case message(Data)
        /// A message over the limit, skipped; its declared length.
        case tooLarge(Int)
        /// A header block that can't be read (why), skipped.
        case badHeader(String)
        /// The input ended.
        case end
    }

    let input: Int32
    let output: Int32
    let maxMessageBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false

    public init(input: Int32, output: Int32, maxMessageBytes: Int = defaultMaxMessageBytes) {
        self.input = input
        self.output = output
        self.maxMessageBytes = maxMessageBytes
    }

    /// Whether bytes are waiting to be read (buffered, or on the descriptor), without blocking.
    public var hasPendingInput: Bool {
        if start < buffer.count { return true }
        var p = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0
    }

    /// The next message, blocking until one has arrived.
    public func next() -> Incoming {
        // Headers: up to an empty line.
        var contentLength: Int?
        var problem: String?
        var headerBytes = 0
        while true {
            guard let line = readLine(limit: Self.maxHeaderBytes - headerBytes) else {
                if eof { return .end }
                // An over-long header block: skip to its end.
                while let l = readLine(limit: Self.maxHeaderBytes), !l.isEmpty {}
                return eof ? .end : .badHeader("the header is longer than \(Self.maxHeaderBytes) bytes")
            }
            headerBytes += line.count + 2
            if line.isEmpty {
                if contentLength == nil && problem == nil && headerBytes <= 2 { headerBytes = 0; continue }  // stray blank line
                break
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { problem = "a header line without ':'"; continue }
            let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let n = Int(value), n >= 0 else { problem = "Content-Length '\(value.prefix(40))' is not a number of bytes"; continue }
                contentLength = n
            }
        }
        if let problem { return .badHeader(problem) }
        guard let n = contentLength else { return .badHeader("no Content-Length header") }
        if n > maxMessageBytes {
            skip(n)
            return eof ? .end : .tooLarge(n)
        }
        guard let body = read(n) else { return .end }
        return .message(Data(body))
    }

    /// Writes one message.
    public func send(_ json: JSON) {
        let body = json.encoded()
        var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes += body
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(output, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }  // the client went away; reading will see the end
            offset += n
        }
    }

    // MARK: - Buffered reading

    private func fill() -> Bool {
        if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        if start > 65_536 { buffer.removeFirst(start); start = 0 }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { eof = true; return false }
            buffer += chunk[0..<n]
            return true
        }
    }

    /// A line without its `\r\n` (or `\n`); nil at the end of input or past `limit` bytes.
    private func readLine(limit: Int) -> [UInt8]? {
        var scanned = start
        while true {
            if let nl = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[start..<nl])
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                start = nl + 1
                return line.count > limit ? nil : line
            }
            let scannedBeyondStart = buffer.count - start
            if scannedBeyondStart > limit { start = buffer.count; return nil }
            guard fill() else { return nil }
            scanned = start + scannedBeyondStart  // fill() may have moved the bytes to the front
        }
    }

    private func read(_ n: Int) -> [UInt8]? {
        while buffer.count - start < n { guard fill() else { return nil } }
        let out = Array(buffer[start..<(start + n)])
        start += n
        return out
    }

    private func skip(_ n: Int) {
        var left = n
        while left > 0 {
            if start == buffer.count { guard fill() else { return } }
            let take = min(left, buffer.count - start)
            start += take
            left -= take
        }
    }
}
