import Foundation
import Testing

/// Replies are written as requests are read and flushed once per read: a client that sends many
/// requests at once gets every reply, in order, on a live socket.
@Suite("cairn serve: pipelined requests", .serialized)
struct PipeliningTests {
    @Test func manyRequestsInOneWriteAreAllAnsweredInOrder() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let start = try c.call("session.start")
        let session = try #require(start.session)
        var burst = ""
        for n in 1...40 {
            // A session's answers, health checks, a notification (no reply) and a bad line in between.
            switch n % 4 {
            case 0: burst += #"{"jsonrpc":"2.0","id":\#(n),"method":"server.health"}"# + "\n"
            case 1: burst += #"{"jsonrpc":"2.0","id":\#(n),"method":"session.send","params":{"session":"\#(session)","text":"back"}}"# + "\n"
            case 2: burst += #"{"jsonrpc":"2.0","method":"server.health"}"# + "\n" + #"{"jsonrpc":"2.0","id":\#(n),"method":"nope"}"# + "\n"
            default: burst += "{\"jsonrpc\n"
            }
        }
        c.sendRaw(Array(burst.utf8))
        for n in 1...40 {
            let reply = try parse(try #require(c.readLine(), "reply \(n)"))
            switch n % 4 {
            case 0: #expect(reply["id"] as? Int == n && reply.result?["status"] as? String == "ok")
            case 1: #expect(reply["id"] as? Int == n && reply.session == session)
            case 2: #expect(reply["id"] as? Int == n && reply.errorCode == -32601)
            default: #expect(reply["id"] is NSNull && reply.errorCode == -32700)
            }
        }
        #expect(c.readLine(timeout: 0.5) == nil, "nothing more: the notification got no reply")
    }

    /// More replies than a socket buffer holds, sent while the client is still writing.
    @Test func aLongBurstIsAnsweredWhole() throws {
        let srv = try TestServer()
        defer { srv.stop() }
        let c = try srv.client()
        let count = 3000
        let line = Array((#"{"jsonrpc":"2.0","id":7,"method":"flows.list"}"# + "\n").utf8)
        let bytes = Array([[UInt8]](repeating: line, count: count).joined()), fd = c.fd
        let writer = Thread {
            var off = 0
            while off < bytes.count {
                let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                off += n
            }
        }
        writer.start()
        var got = 0
        while got < count, let reply = c.readLine(timeout: 30) {
            guard reply.hasPrefix(#"{"id":7,"#) else { break }
            got += 1
        }
        #expect(got == count)
    }
}
