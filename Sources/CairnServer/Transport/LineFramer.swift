import NIOCore

/// One request line, or word that a line was too long (and was skipped up to its newline).
enum LineFrame {
    case line(ByteBuffer)
    case tooLong
}

/// Splits the byte stream at `\n` (dropping a `\r` before it), with a maximum line length.
///
/// A line over the limit is reported once as `.tooLong` and discarded up to its newline, so the
/// connection stays usable. A last line without a newline is still delivered at end of input
/// (`last`). The connection's handler feeds it each read as it comes: whole lines are sliced out
/// of the read in place (no copy, no handler of their own in the pipeline, which cost 3,000
/// instructions a request), and only a line split between reads is kept, copied, until its end.
///
///     framer.join(&read)
///     while let frame = framer.next(&read) { answer(frame) }
struct LineFramer {
    let maxLength: Int
    /// The start of a line whose end has not come yet.
    private var pending: ByteBuffer?
    /// Skipping a line that was too long, up to its newline.
    private var discarding = false

    init(maxLength: Int) { self.maxLength = maxLength }

    /// Puts the start of a line kept from an earlier read in front of the bytes just read.
    mutating func join(_ input: inout ByteBuffer) {
        guard var kept = pending else { return }
        pending = nil
        kept.writeBuffer(&input)
        input = kept
    }

    /// The next line of `input`, or a line too long; nil when no whole line is left, the rest
    /// being kept for the next read.
    mutating func next(_ input: inout ByteBuffer) -> LineFrame? {
        while true {
            if let newline = input.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = newline - input.readerIndex
                // The limit is on the line itself: a `\r` before the newline does not count.
                let crlf = length > 0 && input.readableBytesView[newline - 1] == UInt8(ascii: "\r")
                if discarding || length - (crlf ? 1 : 0) > maxLength {
                    input.moveReaderIndex(forwardBy: length + 1)
                    let skipped = discarding
                    discarding = false
                    if skipped { continue }
                    return .tooLong
                }
                let line = input.readSlice(length: length - (crlf ? 1 : 0))!
                input.moveReaderIndex(forwardBy: crlf ? 2 : 1)
                return .line(line)
            }
            // Still no newline: too long once past the limit, allowing one more byte for a `\r`.
            let rest = input.readableBytes
            defer { input.moveReaderIndex(to: input.writerIndex) }
            if rest > maxLength + 1 || (rest == maxLength + 1 && input.readableBytesView.last != UInt8(ascii: "\r")) {
                let skipped = discarding
                discarding = true
                return skipped ? nil : .tooLong
            }
            if rest > 0 && !discarding {
                // A copy of its own, so the read's whole buffer is not held for a few bytes.
                var kept = ByteBufferAllocator().buffer(capacity: max(rest, 256))
                kept.writeImmutableBuffer(input.readSlice(length: rest)!)
                pending = kept
            }
            return nil
        }
    }

    /// At end of input: the last line, which had no newline (nil if there is none).
    mutating func last() -> LineFrame? {
        defer { pending = nil }
        guard let kept = pending, kept.readableBytes > 0, !discarding else { return nil }
        return .line(kept)
    }
}
