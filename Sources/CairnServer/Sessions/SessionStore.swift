import CairnEngine
import Foundation

/// The live sessions of a server, each with the engine (flows) it started on.
///
/// Thread-safe: every access holds one lock, so the requests for one session run one at a time, in
/// the order they arrive. Ids are 128-bit random hex strings.
final class SessionStore: @unchecked Sendable {
    struct Entry {
        var engine: Engine
        var session: Session
        /// Nanoseconds on the server's clock of the last request.
        var lastActive: UInt64
        /// The connection that last used the session, told when it expires.
        var owner: UInt64?
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    let maxSessions: Int

    init(maxSessions: Int) { self.maxSessions = maxSessions }

    var count: Int { lock.withLock { entries.count } }

    /// Adds a session under a new random id.
    func add(_ entry: Entry) throws(RPCError) -> String {
        lock.lock()
        defer { lock.unlock() }
        guard entries.count < maxSessions else { throw .sessionLimit(maxSessions) }
        var id: String
        repeat { id = Self.newID() } while entries[id] != nil
        entries[id] = entry
        return id
    }

    /// Runs `body` on a session while holding the lock; removes the session if it ended.
    func with<T>(_ id: String, _ body: (inout Entry) throws(RPCError) -> T) throws(RPCError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard entries[id] != nil else { throw .unknownSession }
        // In place: a copy taken out of the dictionary would make the step copy the session's
        // arrays and dictionaries (copy on write) at every request.
        let result = try body(&entries[id]!)
        if entries[id]!.session.isEnded { entries[id] = nil }
        return result
    }

    /// Ends (with `.timeout`) and removes every session idle for longer than `idle` nanoseconds.
    func expire(now: UInt64, idle: UInt64) -> [(id: String, owner: UInt64?, events: [Event])] {
        lock.withLock {
            var out: [(String, UInt64?, [Event])] = []
            for (id, entry) in entries where now > entry.lastActive && now - entry.lastActive > idle {
                var session = entry.session
                let events = (try? entry.engine.step(&session, .timeout)) ?? [.end(reason: .idleTimeout)]
                entries[id] = nil
                out.append((id, entry.owner, events))
            }
            return out
        }
    }

    /// The engines live sessions run on, by flows fingerprint.
    func engines() -> [String: Engine] {
        lock.withLock {
            var out: [String: Engine] = [:]
            for e in entries.values where out[e.engine.graph.fingerprint] == nil { out[e.engine.graph.fingerprint] = e.engine }
            return out
        }
    }

    static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        let a = g.next() as UInt64, b = g.next() as UInt64
        return String(format: "%016llx%016llx", a, b)
    }
}
