import CairnLanguageServer
import Foundation
import Testing

/// What a client sends is untrusted: every bad message gets an LSP error (or is ignored, for a
/// notification), and the server goes on.
@Suite("cairn lsp and bad clients")
struct HostileClientTests {
    func initialized() -> LanguageServer {
        let server = LanguageServer()
        _ = server.handle(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:]])
        return server
    }

    @Test func badJSONAndShapesGetErrors() {
        let server = LanguageServer()
        #expect(server.handle(body: Data("{\"id\":".utf8)).first?["error"]["code"] == -32700)
        #expect(server.handle(body: Data((String(repeating: "[", count: 100_000)).utf8)).first?["error"]["code"] == -32700)
        #expect(server.handle(body: Data("[1,2]".utf8)).first?["error"]["code"] == -32600)
        #expect(server.handle(["jsonrpc": "2.0", "id": ["x": 1], "method": "initialize"]).first?["error"]["code"] == -32600)
        #expect(server.handle(["jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": [:]]).first?["error"]["code"] == -32002,
                "before initialize")
        let s = initialized()
        #expect(s.handle(["jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": [:]]).first?["error"]["code"] == -32602)
        #expect(s.handle(["jsonrpc": "2.0", "id": 4, "method": "textDocument/definition",
                          "params": ["textDocument": ["uri": "file:///nowhere/x.yaml"], "position": ["line": -1, "character": "a"]]]).first?["error"]["code"] == -32602)
        #expect(s.handle(["jsonrpc": "2.0", "id": 5, "method": "no/such/method"]).first?["error"]["code"] == -32601)
        #expect(s.handle(["jsonrpc": "2.0", "method": "no/such/notification"]).isEmpty)
        #expect(s.handle(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": 7]).isEmpty)
        #expect(s.handle(["jsonrpc": "2.0", "id": 6, "method": "shutdown"]).first?["result"] == .null)
        #expect(s.handle(["jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": [:]]).first?["error"]["code"] == -32600,
                "after shutdown")
        _ = s.handle(["jsonrpc": "2.0", "method": "exit"])
        #expect(s.exitStatus == 0)
    }

    @Test func exitWithoutShutdownIsStatusOne() {
        let s = initialized()
        _ = s.handle(["jsonrpc": "2.0", "method": "exit"])
        #expect(s.exitStatus == 1)
    }

    @Test func openDocumentsAreBounded() throws {
        let folder = try FlowFolder([:])
        defer { folder.remove() }
        let s = initialized()
        var refused = 0
        for i in 0..<300 {
            let out = s.handle(["jsonrpc": "2.0", "method": "textDocument/didOpen",
                                "params": ["textDocument": ["uri": JSON(folder.uri("f\(i).yaml")), "version": 1, "text": JSON("flow: f\(i)\n")]]])
            if out.first?["method"] == "window/logMessage" { refused += 1 }
        }
        #expect(refused == 300 - 256)
    }

    /// Over the real process's stdio: a message over the size limit and a header without a length
    /// are skipped with an error, and the next request is still answered.
    @Test func oversizedAndHeaderlessMessagesAreSkipped() throws {
        let folder = try FlowFolder([:])
        defer { folder.remove() }
        let client = try LSPClient(arguments: ["lsp", "--max-message-bytes", "1000"], directory: folder.url)
        client.sendRaw(Data("Content-Length: 5000\r\n\r\n".utf8) + Data(repeating: UInt8(ascii: "x"), count: 5000))
        #expect(try client.wait { $0["error"]["message"].string?.contains("over the limit of 1000 bytes") == true }["id"] == .null)
        client.sendRaw(Data("X-Nothing: 1\r\n\r\n".utf8))
        #expect(try client.wait { $0["error"]["message"].string?.contains("no Content-Length") == true }["error"]["code"] == -32700)
        let answer = try client.request("initialize", ["capabilities": [:]])
        #expect(answer["result"]["capabilities"]["hoverProvider"] == true)
        client.closeInput()
        #expect(try client.waitForExit() == 1, "input ended without shutdown")
    }
}
