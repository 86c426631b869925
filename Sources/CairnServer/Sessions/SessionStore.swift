import CairnEngine
import Crypto
import Foundation

/// The live sessions of a server, each with the engine (flows) it started on.
///
/// Thread-safe: the sessions are spread over shards by id, each with its own lock, so the event
/// loops rarely wait for each other; the requests for one session run one at a time, in the order
/// they arrive. Ids are 128-bit random hex strings.
///
/// Snapshot generations: each snapshot of a session gets the next generation; a restore makes
/// its session the only live copy under its id and is refused for an older generation than the
/// newest handed out. After a snapshotted session ends the store keeps, for at most
/// `maxRetired` sessions (the oldest forgotten first), a keyed hash of its id with the newest
/// generation, or that the person deleted it, so those restores are refused too. Nothing else of
/// an ended session is kept.
final class SessionStore: @unchecked Sendable {
    struct Entry {
        /// The flows (engine) the session started on.
        var flows: ServedFlows
        var session: Session
        /// Nanoseconds on the server's clock of the last request.
        var lastActive: UInt64
        /// The connection that last used the session, told when it expires.
        var owner: UInt64?
        /// The newest snapshot's generation (0: never snapshotted).
        var generation: UInt64 = 0

        var engine: Engine { flows.engine }
    }

    /// A keyed hash of a session id: what the store keeps of an ended session.
    struct Tag: Hashable {
        let a: UInt64, b: UInt64
    }

    /// In `retired`: the person deleted the session.
    static let deleted = UInt64.max

    private final class Shard: @unchecked Sendable {
        let lock = NSLock()
        var entries: [String: Entry] = [:]
        /// Ended sessions that had snapshots: the newest generation, or `deleted`.
        var retired: [Tag: UInt64] = [:]
        /// `retired`'s keys, oldest first from `head`, to forget the oldest at the bound.
        var order: [Tag] = []
        var head = 0

        /// Records an ended session; forgets the oldest when `limit` are kept.
        func retire(_ tag: Tag, _ value: UInt64, limit: Int) {
            if retired.updateValue(value, forKey: tag) != nil { return }
            if order.count < limit {
                order.append(tag)
            } else {
                retired[order[head]] = nil
                order[head] = tag
                head = (head + 1) % limit
            }
        }
    }

    /// Ended snapshotted sessions remembered, over all shards.
    static let maxRetired = 100_000
    /// Keys the hash of retired ids; made at random, never leaves the process.
    private let tagKey = SymmetricKey(size: .bits256)

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
        let result: T, ended: Bool
        do { (result, ended) = try Self.run(body, on: &s.entries.values[index]) } catch { s.lock.unlock(); throw error }
        if ended {
            let entry = s.entries.remove(at: index).value
            retire(entry, id, in: s)
        }
        s.lock.unlock()
        if ended { countLock.withLock { total -= 1 } }
        return result
    }

    /// `body` on the entry in place, and whether its session ended: read through the same access
    /// (reading it from the dictionary afterwards copied the whole entry, 540 instructions a request).
    private static func run<T>(_ body: (inout Entry) throws(RPCError) -> T, on entry: inout Entry) throws(RPCError) -> (T, Bool) {
        let result = try body(&entry)
        return (result, entry.session.isEnded)
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
                    retire(entry, id, in: s)
                    found.append((id, entry.owner, events))
                }
                return found
            }
            if !expired.isEmpty { countLock.withLock { total -= expired.count } }
            out += expired
        }
        return out
    }

    /// Puts a restored session in place under its id, as the only live copy.
    ///
    /// Refused (`sessionDeleted`) when the person deleted the session, and (`snapshotSuperseded`)
    /// when a newer generation of it was handed out; replaces a live copy, else counts as a new
    /// session (`sessionLimit`).
    func restore(_ id: String, _ entry: Entry) throws(RPCError) {
        let s = shard(id)
        let t = tag(id)
        s.lock.lock()
        defer { s.lock.unlock() }
        if let newest = s.retired[t] {
            if newest == Self.deleted { throw .sessionDeleted }
            if entry.generation < newest { throw .snapshotSuperseded(newest: newest) }
        }
        if let index = s.entries.index(forKey: id) {
            let newest = s.entries.values[index].generation
            if entry.generation < newest { throw .snapshotSuperseded(newest: newest) }
            s.entries.values[index] = entry
            return
        }
        countLock.lock()
        guard total < maxSessions else { countLock.unlock(); throw .sessionLimit(maxSessions) }
        total += 1
        countLock.unlock()
        s.entries[id] = entry
    }

    /// Remembers an ended session that had snapshots (the caller holds `s.lock`).
    private func retire(_ entry: Entry, _ id: String, in s: Shard) {
        let deleted = entry.session.status == .ended(.userDelete)
        guard entry.generation > 0 else { return }
        s.retire(tag(id), deleted ? Self.deleted : entry.generation, limit: Self.maxRetired / Self.shardCount)
    }

    private func tag(_ id: String) -> Tag {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(id.utf8), using: tagKey)
        return mac.withUnsafeBytes { raw in Tag(a: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                                                b: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }

    /// The flows live sessions run on, by fingerprint.
    func flows() -> [String: ServedFlows] {
        var out: [String: ServedFlows] = [:]
        for s in shards {
            s.lock.withLock {
                for e in s.entries.values where out[e.engine.graph.fingerprint] == nil { out[e.engine.graph.fingerprint] = e.flows }
            }
        }
        return out
    }

    /// 128 random bits as 32 lowercase hex digits.
    static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        return hexID(g.next(), g.next())
    }

    /// `a` then `b`, each as 16 lowercase hex digits, leading zeros kept: what `%016llx%016llx`
    /// gives, without Foundation's formatter (16,000 instructions a session).
    static func hexID(_ a: UInt64, _ b: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { out in
            func digits(_ value: UInt64, at start: Int) {
                for k in 0..<16 {
                    let digit = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * k)) & 0xF
                    out[start + k] = digit < 10 ? 0x30 + digit : 0x61 + digit - 10
                }
            }
            digits(a, at: 0)
            digits(b, at: 16)
            return 32
        }
    }
}
