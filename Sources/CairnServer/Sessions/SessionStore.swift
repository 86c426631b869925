import CairnEngine
import Foundation

/// The live sessions of a server, each with the engine (flows) it started on.
///
/// Thread-safe: the sessions are spread over shards by id, each with its own lock, so the event
/// loops rarely wait for each other; the requests for one session run one at a time, in the order
/// they arrive. Ids are 128-bit random hex strings.
final class SessionStore: @unchecked Sendable {
    struct Entry {
        var engine: Engine
        var session: Session
        /// Nanoseconds on the server's clock of the last request.
        var lastActive: UInt64
        /// The connection that last used the session, told when it expires.
        var owner: UInt64?
    }

    private final class Shard: @unchecked Sendable {
        let lock = NSLock()
        var entries: [String: Entry] = [:]
    }

    private static let shardCount = 16
    private let shards = (0..<SessionStore.shardCount).map { _ in Shard() }
    /// Guards `total`, the number of sessions in every shard, for the session limit.
    private let countLock = NSLock()
    private var total = 0
    let maxSessions: Int

    init(maxSessions: Int) { self.maxSessions = maxSessions }

    var count: Int { countLock.withLock { total } }

    /// The shard of an id: its first hex digit (ids are random); other ids go to shard 0.
    private func shard(_ id: String) -> Shard {
        guard let first = id.utf8.first else { return shards[0] }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return shards[Int(first - UInt8(ascii: "0"))]
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return shards[Int(first - UInt8(ascii: "a")) + 10]
        default: return shards[0]
        }
    }

    /// Adds a session under a new random id.
    func add(_ entry: Entry) throws(RPCError) -> String {
        countLock.lock()
        guard total < maxSessions else { countLock.unlock(); throw .sessionLimit(maxSessions) }
        total += 1
        countLock.unlock()
        while true {
            let id = Self.newID()
            let s = shard(id)
            let added = s.lock.withLock {
                guard s.entries[id] == nil else { return false }
                s.entries[id] = entry
                return true
            }
            if added { return id }
        }
    }

    /// Runs `body` on a session while holding its shard's lock; removes the session if it ended.
    func with<T>(_ id: String, _ body: (inout Entry) throws(RPCError) -> T) throws(RPCError) -> T {
        let s = shard(id)
        s.lock.lock()
        guard let index = s.entries.index(forKey: id) else { s.lock.unlock(); throw .unknownSession }
        // In place (and hashed once): a copy taken out of the dictionary would make the step copy
        // the session's arrays and dictionaries (copy on write) at every request.
        let result: T
        do { result = try body(&s.entries.values[index]) } catch { s.lock.unlock(); throw error }
        let ended = s.entries.values[index].session.isEnded
        if ended { s.entries.remove(at: index) }
        s.lock.unlock()
        if ended { countLock.withLock { total -= 1 } }
        return result
    }

    /// Ends (with `.timeout`) and removes every session idle for longer than `idle` nanoseconds.
    func expire(now: UInt64, idle: UInt64) -> [(id: String, owner: UInt64?, events: [Event])] {
        var out: [(String, UInt64?, [Event])] = []
        for s in shards {
            let expired = s.lock.withLock {
                var found: [(String, UInt64?, [Event])] = []
                for (id, entry) in s.entries where now > entry.lastActive && now - entry.lastActive > idle {
                    var session = entry.session
                    let events = (try? entry.engine.step(&session, .timeout)) ?? [.end(reason: .idleTimeout)]
                    s.entries[id] = nil
                    found.append((id, entry.owner, events))
                }
                return found
            }
            if !expired.isEmpty { countLock.withLock { total -= expired.count } }
            out += expired
        }
        return out
    }

    /// The engines live sessions run on, by flows fingerprint.
    func engines() -> [String: Engine] {
        var out: [String: Engine] = [:]
        for s in shards {
            s.lock.withLock {
                for e in s.entries.values where out[e.engine.graph.fingerprint] == nil { out[e.engine.graph.fingerprint] = e.engine }
            }
        }
        return out
    }

    static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        let a = g.next() as UInt64, b = g.next() as UInt64
        return String(format: "%016llx%016llx", a, b)
    }
}
