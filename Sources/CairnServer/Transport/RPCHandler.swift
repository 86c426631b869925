import CairnEngine
import Foundation
import Logging
import NIOCore

/// One connection: reads request lines (split by its `LineFramer` from each read, in place),
/// answers through the dispatcher, writes response lines.
///
/// Requests on a connection are answered in the order they arrive (`flows.reload` answers when
/// its load is done). Each response is written into the connection's reused `JSONBytes` as the
/// request is read, then copied whole into a buffer of its exact size; the writes are flushed
/// once per read from the socket (or every 64 KiB), so a client
/// that sends many requests at once gets them in few system calls. A client that stops reading
/// stops being read from (backpressure), so it can't make the server buffer without end.
final class RPCHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let dispatcher: Dispatcher
    let registry: ConnectionRegistry
    let logger: Logger
    let maxLineLength: Int
    let allowedUIDs: Set<UInt32>?
    private var id: UInt64?
    /// Splits what is read into lines; touched on the event loop only.
    private var framer: LineFramer
    /// Set while lines are being answered. A read that comes in meanwhile (NIO reads what is
    /// left on the socket when a write fails, from inside that write) only adds its bytes, and the
    /// end of input (`endOfInput`) waits for the lines before it.
    private var answering = false
    private var endWaiting = false
    /// Set when the server stops (see `Drain`); read and written on the channel's event loop only.
    private let state = DrainState()
    /// Sends a response that comes later (`flows.reload`), from any thread; made once per connection.
    private var later: @Sendable (String) -> Void = { _ in }
    /// Bytes written since the last flush.
    private var unflushed = 0
    /// Where each response is written before it is copied, whole, into its own channel buffer
    /// (reused: one allocation per connection, not per reply; touched on the event loop only).
    private var reply = JSONBytes(capacity: 4096)
    static let flushEvery = 64 * 1024

    init(dispatcher: Dispatcher, registry: ConnectionRegistry, logger: Logger, maxLineLength: Int, allowedUIDs: Set<UInt32>?) {
        self.dispatcher = dispatcher
        self.registry = registry
        self.logger = logger
        self.maxLineLength = maxLineLength
        self.allowedUIDs = allowedUIDs
        self.framer = LineFramer(maxLength: maxLineLength)
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        guard let id = registry.add(channel) else {
            logger.warning("connection refused", metadata: ["reason": "connection limit"])
            refuse(context, .connectionLimit(registry.maxConnections))
            return
        }
        self.id = id
        let state = self.state
        later = { line in
            var written = channel.allocator.buffer(capacity: line.utf8.count + 1)
            written.writeString(line)
            written.writeInteger(UInt8(ascii: "\n"))
            let buffer = written
            // A whole line, or nothing once the connection drains (a later reply could be cut by the close).
            if channel.eventLoop.inEventLoop {
                if !state.draining { channel.writeAndFlush(buffer, promise: nil) }
            } else {
                channel.eventLoop.execute { if !state.draining { channel.writeAndFlush(buffer, promise: nil) } }
            }
        }
        logger.info("connection opened", metadata: ["connection": "\(id)"])
        if let allowed = allowedUIDs {
            let creds: EventLoopFuture<PeerCredentials>? = (channel as? SocketOptionProvider)?
                .unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
            let logger = self.logger
            guard let creds else { return refuse(context, .notPermitted) }
            creds.whenComplete { result in
                guard case .success(let c) = result, allowed.contains(c.uid) else {
                    logger.warning("connection refused", metadata: ["connection": "\(id)", "reason": "peer uid not allowed"])
                    let line = Dispatcher.encode(error: .notPermitted, id: .null) + "\n"
                    channel.writeAndFlush(ByteBuffer(string: line)).whenComplete { _ in channel.close(promise: nil) }
                    return
                }
            }
        }
        context.fireChannelActive()
    }

    private func refuse(_ context: ChannelHandlerContext, _ error: RPCError) {
        let channel = context.channel
        let line = Dispatcher.encode(error: error, id: .null) + "\n"
        channel.writeAndFlush(ByteBuffer(string: line)).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A last line without its newline is still answered, as for a half-closed connection.
        endOfInput(context)
        if let id {
            registry.remove(id)
            logger.info("connection closed", metadata: ["connection": "\(id)"])
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        framer.append(unwrapInboundIn(data))
        answerLines(context)
    }

    /// Answers every whole line read so far, in the order read, then a last line if input ended.
    private func answerLines(_ context: ChannelHandlerContext) {
        guard !answering else { return }
        answering = true
        while let frame = framer.next() { answer(frame, context) }
        answering = false
        if endWaiting {
            endWaiting = false
            endOfInput(context)
        }
    }

    /// The input ended (half-closed, or the connection closed): its last line, which had no
    /// newline, is answered once, after every line before it.
    private func endOfInput(_ context: ChannelHandlerContext) {
        guard !answering else { endWaiting = true; return }
        if let frame = framer.last() { answer(frame, context) }
    }

    /// Answers one line (or says it was too long), writing the reply; flushed at the end of the read.
    private func answer(_ frame: LineFrame, _ context: ChannelHandlerContext) {
        guard let id, !state.draining else { return }
        reply.reset()
        switch frame {
        case .line(let line):
            if line.readableBytes == 0 { return }  // blank lines are ignored
            line.withUnsafeReadableBytes { dispatcher.handle($0, connection: id, into: &reply, later: later) }
            if reply.count == 0 { return }  // a notification, or a reload that answers later
        case .tooLong:
            logger.info("request failed", metadata: ["code": "-32006", "connection": "\(id)"])
            reply.append(contentsOf: Dispatcher.encode(error: .lineTooLong(maxLineLength), id: .null))
        }
        reply.append(UInt8(ascii: "\n"))
        var out = context.channel.allocator.buffer(capacity: reply.count)
        out.writeBytes(reply.bytes)
        unflushed += out.readableBytes
        context.write(wrapOutboundOut(out), promise: nil)
        if unflushed >= Self.flushEvery { flush(context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
        context.fireChannelReadComplete()
    }

    private func flush(_ context: ChannelHandlerContext) {
        guard unflushed > 0 else { return }
        unflushed = 0
        context.flush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is Drain {
            // The server stops: read nothing more, let written replies go out whole, then close.
            guard !state.draining else { return }
            state.draining = true
            _ = context.channel.setOption(ChannelOptions.autoRead, value: false)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        if case ChannelEvent.inputClosed = event {
            // The client is done sending: answer what is in flight (and a last line without its
            // newline), then close.
            endOfInput(context)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        _ = context.channel.setOption(ChannelOptions.autoRead, value: context.channel.isWritable && !state.draining)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.info("connection error", metadata: ["connection": "\(id.map(String.init) ?? "-")", "error": "\(type(of: error))"])
        context.close(promise: nil)
    }
}

/// The user event that starts a connection's graceful close at shutdown.
struct Drain: Sendable {}

/// Whether a connection is draining; touched only on its event loop.
final class DrainState: @unchecked Sendable {
    var draining = false
}
