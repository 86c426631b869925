import CairnEngine
import Foundation
import Logging
import NIOCore

/// One connection: reads request lines, answers through the dispatcher, writes response lines.
///
/// Requests on a connection are answered in the order they arrive. A client that stops reading
/// stops being read from (backpressure), so it can't make the server buffer without end.
final class RPCHandler: ChannelInboundHandler {
    typealias InboundIn = LineFrame
    typealias OutboundOut = ByteBuffer

    let dispatcher: Dispatcher
    let registry: ConnectionRegistry
    let logger: Logger
    let maxLineLength: Int
    let allowedUIDs: Set<UInt32>?
    private var id: UInt64?
    /// Set when the server stops (see `Drain`); read and written on the channel's event loop only.
    private let state = DrainState()

    init(dispatcher: Dispatcher, registry: ConnectionRegistry, logger: Logger, maxLineLength: Int, allowedUIDs: Set<UInt32>?) {
        self.dispatcher = dispatcher
        self.registry = registry
        self.logger = logger
        self.maxLineLength = maxLineLength
        self.allowedUIDs = allowedUIDs
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        guard let id = registry.add(channel) else {
            logger.warning("connection refused", metadata: ["reason": "connection limit"])
            refuse(context, .connectionLimit(registry.maxConnections))
            return
        }
        self.id = id
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
        if let id {
            registry.remove(id)
            logger.info("connection closed", metadata: ["connection": "\(id)"])
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let id, !state.draining else { return }
        let channel = context.channel
        let state = self.state
        let reply: @Sendable (String) -> Void = { line in
            var buffer = channel.allocator.buffer(capacity: line.utf8.count + 1)
            buffer.writeString(line)
            buffer.writeInteger(UInt8(ascii: "\n"))
            // A whole line, or nothing once the connection drains (a later reply could be cut by the close).
            if channel.eventLoop.inEventLoop {
                if !state.draining { channel.writeAndFlush(buffer, promise: nil) }
            } else {
                channel.eventLoop.execute { if !state.draining { channel.writeAndFlush(buffer, promise: nil) } }
            }
        }
        switch unwrapInboundIn(data) {
        case .line(let buffer):
            if buffer.readableBytes == 0 { return }  // blank lines are ignored
            dispatcher.handle(Array(buffer.readableBytesView), connection: id, reply: reply)
        case .tooLong:
            logger.info("request failed", metadata: ["code": "-32006", "connection": "\(id)"])
            reply(Dispatcher.encode(error: .lineTooLong(maxLineLength), id: .null))
        }
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
            // The client is done sending: answer what is in flight, then close.
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
