import NIOCore

/// One request line, or word that a line was too long (and was skipped up to its newline).
enum LineFrame {
    case line(ByteBuffer)
    case tooLong
}

/// Splits the byte stream at `\n` (dropping a `\r` before it), with a maximum line length.
///
/// A line over the limit is reported once as `.tooLong` and discarded up to its newline, so the
/// connection stays usable. A last line without a newline is still delivered at end of input.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = LineFrame
    let maxLength: Int
    private var discarding = false

    init(maxLength: Int) { self.maxLength = maxLength }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            // The limit is on the line itself: a `\r` before the newline does not count.
            let crlf = length > 0 && buffer.readableBytesView[newline - 1] == UInt8(ascii: "\r")
            if discarding || length - (crlf ? 1 : 0) > maxLength {
                buffer.moveReaderIndex(forwardBy: length + 1)
                if !discarding { context.fireChannelRead(wrapInboundOut(.tooLong)) }
                discarding = false
                return .continue
            }
            var line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if line.readableBytesView.last == UInt8(ascii: "\r") { line = line.getSlice(at: line.readerIndex, length: length - 1)! }
            context.fireChannelRead(wrapInboundOut(.line(line)))
            return .continue
        }
        // Still no newline: too long once past the limit, allowing one more byte for a `\r`.
        let pending = buffer.readableBytes
        if pending > maxLength + 1 || (pending == maxLength + 1 && buffer.readableBytesView.last != UInt8(ascii: "\r")) {
            if !discarding { context.fireChannelRead(wrapInboundOut(.tooLong)) }
            discarding = true
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0, !discarding {
            let line = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
