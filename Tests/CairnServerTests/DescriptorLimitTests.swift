@testable import CairnServer
import CairnTestSupport
import Foundation
import Testing

/// Connections against the file descriptor limit. Regression test for issue 12, finding 5.
@Suite("cairn serve: file descriptors", .serialized)
struct DescriptorLimitTests {
    @Test func theConnectionLimitFitsUlimitAndExtraClientsAreRefused() throws {
        signal(SIGPIPE, SIG_IGN)  // a refused client's socket is closed by the server
        let dir = try TemporaryDirectory.make("cairn-fd")
        try writeFlows(dir)
        let path = "/tmp/cairn-fd-\(UUID().uuidString.prefix(8)).sock"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -n 200 && exec \"$0\" serve --socket \"$1\" --flows \"$2\" --log-level error",
                             try Repository.cairnBinary().path, path, dir.path]
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var first: LineClient?
        for _ in 0..<500 where first == nil { first = try? LineClient(path: path); usleep(20_000) }
        var clients = [try #require(first)]
        for _ in 1..<300 { clients.append(try LineClient(path: path)) }
        var served = 0, refused = 0
        for c in clients {
            c.send(#"{"jsonrpc":"2.0","id":1,"method":"server.health"}"#)
            let r = try parse(try #require(c.readLine(timeout: 10), "every client is served or refused"))
            if r.result != nil { served += 1 } else if r.errorCode == -32005 { refused += 1 }
        }
        #expect(served == 200 - 64, "the limit leaves 64 descriptors of headroom")
        #expect(refused == 300 - served)
        clients.removeAll()
        var again: [String: Any]?
        for _ in 0..<100 where again?.result == nil {
            again = try? LineClient(path: path).call("server.health")
            usleep(20_000)
        }
        #expect(again?.result != nil, "once clients leave, new ones are served")
        #expect(process.isRunning)
    }
}
