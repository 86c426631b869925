import Foundation
import NIOCore

/// The open connections, by number, so expiry notices reach the right one and shutdown closes all.
final class ConnectionRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var channels: [UInt64: any Channel] = [:]
    private var next: UInt64 = 0
    let maxConnections: Int

    init(maxConnections: Int) { self.maxConnections = maxConnections }

    /// Registers a channel; nil when the limit is reached.
    func add(_ channel: any Channel) -> UInt64? {
        lock.withLock {
            guard channels.count < maxConnections else { return nil }
            next += 1
            channels[next] = channel
            return next
        }
    }

    func remove(_ id: UInt64) { lock.withLock { _ = channels.removeValue(forKey: id) } }
    func channel(_ id: UInt64) -> (any Channel)? { lock.withLock { channels[id] } }
    var count: Int { lock.withLock { channels.count } }
    var all: [any Channel] { lock.withLock { Array(channels.values) } }
}

/// The kernel's word on who is at the other end of a Unix socket (SO_PEERCRED).
struct PeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
