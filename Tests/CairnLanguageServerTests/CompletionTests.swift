import CairnLanguageServer
import Foundation
import Testing

/// Completion in context, in process: keys where a key goes, by place; concepts after `~`;
/// variables in a condition.
@Suite("cairn lsp completion")
struct CompletionTests {
    static let flow = """
        flow: main
        title: Main
        start: hello
        nodes:
          hello:
            say: Hi
            if: name is set
            else: hello
            choices:
              - label: Yes
                keywords: [~yes]
                set: { name: x }
                end: completed
        """

    func labels(_ text: String, line: Int, character: Int, also: [String: String] = [:]) throws -> [String] {
        let folder = try FlowFolder(also.merging(["main.yaml": text]) { a, _ in a })
        defer { folder.remove() }
        let server = LanguageServer()
        _ = server.handle(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["rootUri": JSON(folder.url.absoluteString)]])
        _ = server.handle(["jsonrpc": "2.0", "method": "textDocument/didOpen",
                           "params": ["textDocument": ["uri": JSON(folder.uri("main.yaml")), "version": 1, "text": JSON(text)]]])
        _ = server.publishPending()
        let reply = server.handle(["jsonrpc": "2.0", "id": 2, "method": "textDocument/completion",
                                   "params": ["textDocument": ["uri": JSON(folder.uri("main.yaml"))], "position": ["line": JSON(line), "character": JSON(character)]]])
        return (reply.first?["result"]["items"].array ?? []).compactMap { $0["label"].string }
    }

    @Test func keysOfANode() throws {
        let text = Self.flow + "\n  other:\n    "
        let keys = try labels(text, line: 14, character: 4)
        #expect(keys.contains("say") && keys.contains("choices") && keys.contains("ask") && !keys.contains("label"), "\(keys)")
    }

    @Test func keysOfAChoice() throws {
        let text = Self.flow + "\n        "
        let keys = try labels(text, line: 13, character: 8)
        #expect(keys.contains("label") && keys.contains("keywords") && !keys.contains("choices"), "\(keys)")
    }

    @Test func keysAtTheTop() throws {
        let keys = try labels(Self.flow + "\n", line: 13, character: 0)
        #expect(Set(keys) == ["flow", "title", "start", "nodes", "description"], "\(keys)")
    }

    @Test func conceptsAfterTilde() throws {
        let text = Self.flow.replacingOccurrences(of: "[~yes]", with: "[~ye]")
        let lexicon = "lexicon: words\nconcepts:\n  yes: [yes, yeah]\n  no: [no, nope]\n"
        let concepts = try labels(text, line: 10, character: 22, also: ["words.yaml": lexicon])
        #expect(concepts.contains("yes") && concepts.contains("no"), "\(concepts)")
    }

    @Test func variablesInAConditionAndNodesAfterElse() throws {
        let condition = try labels(Self.flow, line: 6, character: 8)
        #expect(condition.contains("name") && condition.contains("is set"), "\(condition)")
        let nodes = try labels(Self.flow, line: 7, character: 10)
        #expect(nodes.contains("hello") && nodes.contains("main"), "\(nodes)")
    }
}
