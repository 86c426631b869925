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
/// (`last`). The connection's handler hands it each read as it comes (`append`) and takes the
/// lines out (`next`): whole lines are slices of the read, in place (no copy, and no handler of
/// their own in the pipeline, which cost 3,000 instructions a request); only a line split
/// between reads is kept, in a buffer of its own, until its end. Bytes appended while lines are
/// being taken out wait behind the ones before them.
///
///     framer.append(read)
///     while let frame = framer.next() { answer(frame) }
struct LineFramer {
    let maxLength: Int
    /// What has been read and not yet taken out as lines.
    private var unread = ByteBuffer()
    /// Whether `unread` is a buffer of the framer's own (not the storage of a read).
    private var owned = false
    /// Skipping a line that was too long, up to its newline.
    private var discarding = false

    init(maxLength: Int) { self.maxLength = maxLength }

    /// Adds bytes just read behind those not yet taken out.
    mutating func append(_ input: ByteBuffer) {
        if unread.readableBytes == 0 {
            unread = input
            owned = false
        } else {
            if !owned { own(extra: input.readableBytes) }
            unread.writeImmutableBuffer(input)
        }
    }

    /// Copies `unread` into a buffer of the framer's own, with room for `extra` more bytes.
    private mutating func own(extra: Int) {
        var kept = ByteBufferAllocator().buffer(capacity: max(unread.readableBytes + extra, 256))
        kept.writeImmutableBuffer(unread)
        unread = kept
        owned = true
    }

    /// The next line, or a line too long; nil when no whole line is left (the rest is kept).
    mutating func next() -> LineFrame? {
        while true {
            if let newline = unread.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = newline - unread.readerIndex
                // The limit is on the line itself: a `\r` before the newline does not count.
                let crlf = length > 0 && unread.readableBytesView[newline - 1] == UInt8(ascii: "\r")
                if discarding || length - (crlf ? 1 : 0) > maxLength {
                    unread.moveReaderIndex(forwardBy: length + 1)
                    let skipped = discarding
                    discarding = false
                    if skipped { continue }
                    return .tooLong
                }
                let line = unread.readSlice(length: length - (crlf ? 1 : 0))!
                unread.moveReaderIndex(forwardBy: crlf ? 2 : 1)
                return .line(line)
            }
            // Still no newline: too long once past the limit, allowing one more byte for a `\r`.
            let rest = unread.readableBytes
            if rest > maxLength + 1 || (rest == maxLength + 1 && unread.readableBytesView.last != UInt8(ascii: "\r")) || discarding {
                unread.moveReaderIndex(to: unread.writerIndex)
                let skipped = discarding
                discarding = true
                return skipped ? nil : .tooLong
            }
            // Kept in a buffer of its own, so a read's whole storage is not held for a few bytes
            // (nor for none, between reads).
            if rest == 0 {
                unread = ByteBuffer()
                owned = false
            } else if !owned {
                own(extra: 0)
            }
            return nil
        }
    }

    /// At end of input: the last line, which had no newline (nil if there is none).
    mutating func last() -> LineFrame? {
        defer { unread = ByteBuffer(); owned = false }
        guard unread.readableBytes > 0, !discarding else { return nil }
        return .line(unread)
    }
}
