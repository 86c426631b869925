import Foundation

/// Runs flow reloads one at a time on their own thread, coalescing the requests that pile up.
///
/// Loading can take seconds (a large or hostile flow set); it never runs on an event loop, so
/// serving goes on, and never on the shared dispatch pool, so a flood of reloads cannot starve
/// signal handling. Every request is answered by a load that began after it was made: requests
/// that arrive during a load share the next one, so 1,000 `flows.reload` requests sent at once
/// cost two loads, not 1,000.
final class Reloader<Value: Sendable>: @unchecked Sendable {
    typealias Done = @Sendable (Result<Value, RPCError>) -> Void

    private let lock = NSLock()
    private let queue = DispatchQueue(label: "cairn.reload")
    private var running = false
    private var waiting: [Done] = []
    private let work: @Sendable () -> Result<Value, RPCError>

    init(_ work: @escaping @Sendable () -> Result<Value, RPCError>) { self.work = work }

    /// Asks for a reload; `done` is called on the reload thread with its result.
    func request(_ done: @escaping Done) {
        let start = lock.withLock { () -> Bool in
            waiting.append(done)
            if running { return false }
            running = true
            return true
        }
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let batch = lock.withLock { () -> [Done]? in
                if waiting.isEmpty { running = false; return nil }
                defer { waiting = [] }
                return waiting
            }
            guard let batch else { return }
            let result = work()
            for done in batch { done(result) }
        }
    }
}
