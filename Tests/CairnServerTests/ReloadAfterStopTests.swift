@testable import CairnServer
import CairnLoader
import Foundation
import Logging
import Testing

/// A reload still queued when the dispatcher goes away (a server stopping during reloads) answers
/// an error instead of crashing the process. Found by the suite under AddressSanitizer, where the
/// slow server hit "Attempted to read an unowned reference but object ... was already destroyed"
/// on SIGTERM behind queued reloads (issue 12).
@Suite("Dispatcher: reloads that outlive it")
struct ReloadAfterStopTests {
    final class Replies: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        let done = DispatchSemaphore(value: 0)
        func add(_ s: String) { lock.withLock { lines.append(s) }; done.signal() }
    }

    @Test func aQueuedReloadAfterTheDispatcherIsGoneAnswersAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-reload-\(UUID().uuidString.prefix(8))")
        try writeFlows(dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try #require(try FlowLoader.load(paths: [dir.path]).graph)
        let loading = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let replies = Replies()
        weak var gone: Dispatcher?
        do {
            let dispatcher = Dispatcher(graph: graph, snapshotKeys: SnapshotKeys([Array(repeating: 7, count: 32)]),
                                        logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                        reload: { loading.signal(); release.wait(); return FlowLoader.load(files: []) })
            gone = dispatcher
            let request = Array(#"{"jsonrpc":"2.0","id":1,"method":"flows.reload"}"#.utf8)
            dispatcher.handle(request, connection: 1, reply: replies.add)
            loading.wait()  // the first load runs; the second request waits for the next one
            dispatcher.handle(request, connection: 1, reply: replies.add)
        }
        release.signal()  // the first load ends, the dispatcher goes, the queued load runs
        for _ in 0..<2 { #expect(replies.done.wait(timeout: .now() + 60) == .success) }
        #expect(gone == nil, "nothing else kept the dispatcher")
        #expect(replies.lines.count == 2)
        #expect(replies.lines.allSatisfy { $0.contains("\"error\"") }, "\(replies.lines)")
        #expect(replies.lines.last?.contains("the server is stopping") == true, "\(replies.lines)")
    }
}
