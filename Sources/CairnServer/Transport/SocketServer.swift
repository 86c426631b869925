import Foundation
import Logging
import NIOCore
import NIOPosix

/// How `cairn serve` listens: the socket, who may connect, and the limits.
public struct ServerConfiguration: Sendable {
    public var socketPath: String
    /// File mode of the socket (owner-only unless asked otherwise).
    public var mode: UInt16 = 0o600
    public var group: UInt32?
    /// When set, only these user ids may connect (checked with SO_PEERCRED).
    public var allowedUIDs: Set<UInt32>?
    public var maxLineLength = 64 * 1024
    public var maxConnections = 1024
    public var threads = System.coreCount
    /// Seconds a stopping server gives its connections to take the replies already written;
    /// then the ones still open (clients that don't read) are closed anyway.
    public var shutdownGrace: Double = 5

    public init(socketPath: String) { self.socketPath = socketPath }
}

/// A problem starting or running the server, said plainly.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The Unix-socket server: SwiftNIO event loops, one pipeline per connection, no thread each.
///
/// `start()` binds (replacing a stale socket file, refusing a live one or a non-socket),
/// `wait()` blocks until `shutdown()`, which stops accepting, closes every connection and removes
/// the socket file.
public final class SocketServer: @unchecked Sendable {
    public let dispatcher: Dispatcher
    public let configuration: ServerConfiguration
    let logger: Logger
    let group: MultiThreadedEventLoopGroup
    let registry: ConnectionRegistry
    private let lock = NSLock()
    private var channel: (any Channel)?
    private var expiry: RepeatedTask?
    private var stopped = false

    public init(configuration: ServerConfiguration, dispatcher: Dispatcher, logger: Logger) {
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        let limit = Self.connectionLimit(requested: configuration.maxConnections)
        if limit < configuration.maxConnections {
            logger.notice("connection limit lowered to fit the file descriptor limit (ulimit -n)",
                          metadata: ["max_connections": "\(limit)", "requested": "\(configuration.maxConnections)"])
        }
        self.registry = ConnectionRegistry(maxConnections: limit)
        let registry = self.registry
        dispatcher.connectionCount = { registry.count }
    }

    public func start() throws(ServerError) {
        let path = configuration.socketPath
        try SocketPath.prepare(path)
        let (dispatcher, registry, logger, config) = (self.dispatcher, self.registry, self.logger, self.configuration)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            // Out of file descriptors (EMFILE, ENFILE), accept fails at once; without a pause the
            // loop retries at 100% CPU. (NIO adds this handler only on its async bind.)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptBackoffHandler(backoffProvider: { _ in .milliseconds(200) }))
                }
            }
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RPCHandler(
                        dispatcher: dispatcher, registry: registry, logger: logger,
                        maxLineLength: config.maxLineLength, allowedUIDs: config.allowedUIDs))
                }
            }
        let old = umask(0o177)
        defer { umask(old) }
        do {
            let ch = try bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false).wait()
            // A SIGTERM between `handleSignals()` and here found no channel to close: honour it
            // now, or the server would serve on and ignore every later SIGTERM.
            let stopRequested = lock.withLock { () -> Bool in
                channel = ch
                return stopped
            }
            if stopRequested {
                logger.info("server stopping before it listens (asked to stop while starting)")
                try? ch.close().wait()
                unlink(path)
                return
            }
        } catch {
            throw ServerError("cannot listen on \(path): \(error)")
        }
        if chmod(path, mode_t(configuration.mode)) != 0 { throw ServerError("cannot set the mode of \(path): \(String(cString: strerror(errno)))") }
        if let gid = configuration.group, chown(path, uid_t.max, gid) != 0 {
            throw ServerError("cannot give \(path) to group \(gid): \(String(cString: strerror(errno)))")
        }
        let interval = max(0.01, min(1.0, dispatcher.limits.clampedIdleTimeout / 4))
        expiry = group.next().scheduleRepeatedTask(initialDelay: .nanoseconds(Int64(interval * 1e9)),
                                                   delay: .nanoseconds(Int64(interval * 1e9))) { _ in
            for (connection, line) in dispatcher.expireIdleSessions() {
                registry.channel(connection)?.writeAndFlush(ByteBuffer(string: line + "\n"), promise: nil)
            }
        }
        logger.info("server listening", metadata: ["socket": "\(path.escapingControlCharacters)"])
    }

    /// File descriptors kept free of connections: the listening socket, event loops, logging,
    /// flow files read by a reload, and refusing one more client cleanly.
    static let descriptorHeadroom = 64

    /// `requested`, or fewer so that connections and the headroom fit under RLIMIT_NOFILE (whose
    /// soft limit is first raised toward the hard one if that helps). At least 1.
    static func connectionLimit(requested: Int) -> Int {
        var rl = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &rl) == 0 else { return requested }
        let needed = rlim_t(clamping: requested) &+ rlim_t(descriptorHeadroom)
        if rl.rlim_cur < needed, rl.rlim_cur < rl.rlim_max {
            var raised = rl
            raised.rlim_cur = min(needed, rl.rlim_max)
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { rl = raised }
        }
        let available = Int(clamping: rl.rlim_cur) - descriptorHeadroom
        return max(1, min(requested, available))
    }

    /// Blocks until the server has shut down.
    public func wait() {
        guard let ch = lock.withLock({ channel }) else { return }
        try? ch.closeFuture.wait()
        for child in registry.all { try? child.closeFuture.wait() }
        try? group.syncShutdownGracefully()
    }

    /// Stops accepting, closes every connection and removes the socket file. Safe to call twice.
    public func shutdown() {
        let ch: (any Channel)? = lock.withLock {
            if stopped { return nil }
            stopped = true
            return channel
        }
        guard let ch else { return }
        logger.info("server stopping", metadata: ["connections": "\(registry.count)"])
        expiry?.cancel()
        // Clients that don't read would hold a graceful close open for ever: after the grace
        // period, close what is left. Scheduled before the listener closes: then `wait()` may shut
        // the loops down at once (no connections), and a task scheduled on a stopped loop leaked
        // its promise (a trap in debug builds).
        let grace = configuration.shutdownGrace.isFinite ? max(0, min(configuration.shutdownGrace, 3600)) : 5
        let registry = self.registry, logger = self.logger
        group.next().scheduleTask(in: .milliseconds(Int64(grace * 1000))) {
            let left = registry.all
            if !left.isEmpty { logger.info("server closing connections after the grace period", metadata: ["connections": "\(left.count)"]) }
            for child in left { child.close(promise: nil) }
        }
        try? ch.close().wait()
        unlink(configuration.socketPath)
        for child in registry.all {
            child.pipeline.fireUserInboundEventTriggered(Drain())
        }
    }

    /// SIGTERM and SIGINT shut down; SIGHUP reloads the flows. Keep the returned sources alive.
    public func handleSignals() -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = []
        // Their own queue: reloads run elsewhere (Reloader), so SIGTERM never waits behind them.
        let queue = DispatchQueue(label: "cairn.signals")
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [self] in
                if sig == SIGHUP {
                    let logger = self.logger
                    dispatcher.reloader.request { result in
                        if case .failure = result { logger.warning("flows reload refused on SIGHUP") }
                    }
                } else {
                    shutdown()
                }
            }
            source.resume()
            sources.append(source)
        }
        signal(SIGPIPE, SIG_IGN)
        return sources
    }
}

/// Turns off core dumps, so a crash never writes conversation memory to disk.
public func disableCoreDumps() {
    var limit = rlimit(rlim_cur: 0, rlim_max: 0)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
}
