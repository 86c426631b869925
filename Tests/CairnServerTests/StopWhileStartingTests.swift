@testable import CairnServer
import CairnLoader
import CairnTestSupport
import Foundation
import Logging
import Testing

/// A stop asked for while the server is starting (SIGTERM after `handleSignals()`, before the
/// socket is bound) is honoured once it is bound. Before the fix that stop found no channel,
/// only marked the server stopped, and the server then listened for ever, ignoring every later
/// SIGTERM: found under ThreadSanitizer, where a `cairn serve` that a test gave up on after 20 s
/// of starting kept running 40 minutes after its SIGTERM (issue 12).
@Suite("cairn serve: stopped while starting")
struct StopWhileStartingTests {
    @Test func aStopBeforeTheSocketIsBoundStopsTheServerOnceItIs() throws {
        let dir = try Scratch.directory("cairn-early")
        try writeFlows(dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try #require(try FlowLoader.load(paths: [dir.path]).graph)
        let path = "/tmp/cairn-early-\(UUID().uuidString.prefix(8)).sock"
        defer { unlink(path) }
        var config = ServerConfiguration(socketPath: path)
        config.threads = 1
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let dispatcher = Dispatcher(graph: graph, snapshotKeys: SnapshotKeys([Array(repeating: 7, count: 32)]), logger: logger,
                                    reload: { FlowLoader.load(files: []) })
        let server = SocketServer(configuration: config, dispatcher: dispatcher, logger: logger)
        server.shutdown()  // what the SIGTERM handler runs, before the socket exists
        try server.start()
        // Still serving would be the bug: then nothing could stop it, and `wait()` would block.
        try #require(!FileManager.default.fileExists(atPath: path), "the socket file is gone: the server does not listen")
        #expect(throws: (any Error).self, "no one answers on the path") { try LineClient(path: path) }
        server.wait()
    }
}
