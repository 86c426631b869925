import CairnLanguageServer
import Foundation
import Testing

/// `cairn lsp` as an editor meets it: the real process, framed JSON over its stdin and stdout.
@Suite("cairn lsp end to end")
struct EndToEndTests {
    static let main = """
        flow: main
        title: Main
        start: hello
        nodes:
          hello:
            say: "Hi {{name or 'friend'}}. Pick one."
            choices:
              - label: Ask my name
                go: ask_name
              - label: Other
                go: other.info
          ask_name:
            say: What should I call you?
            ask: name
            go: hello
        """
    static let other = """
        flow: other
        title: Other
        start: info
        nodes:
          info:
            say:
              - Here is the information.
              - text: "Thanks, {{name}}."
                if: name is set
            choices:
              - label: Back to the start
                go: main.hello
        """

    @Test func aWholeSession() throws {
        let folder = try FlowFolder(["main.yaml": Self.main, "other.yaml": Self.other])
        defer { folder.remove() }
        let client = try LSPClient(directory: folder.url)
        let mainURI = folder.uri("main.yaml"), otherURI = folder.uri("other.yaml")

        let initialized = try client.request("initialize", ["processId": .null, "rootUri": JSON(folder.url.absoluteString), "capabilities": [:]])
        #expect(initialized["result"]["capabilities"]["definitionProvider"] == true)
        client.notify("initialized", [:])

        client.notify("textDocument/didOpen", ["textDocument": ["uri": JSON(mainURI), "languageId": "yaml", "version": 1, "text": JSON(Self.main)]])
        #expect(try client.diagnostics(for: mainURI).isEmpty)

        // A mistake: a reference to a node that isn't there, then a tab.
        let broken = Self.main.replacingOccurrences(of: "go: ask_name", with: "go: ask_nmae")
        client.notify("textDocument/didChange", ["textDocument": ["uri": JSON(mainURI), "version": 2],
                                                 "contentChanges": [["text": JSON(broken)]]])
        let diagnostics = try client.diagnostics(for: mainURI) { !$0.isEmpty }
        let unknownNode = diagnostics.first { $0["code"] == "unknown-node" }
        #expect(unknownNode?["range"]["start"] == ["line": 8, "character": 12])
        #expect(unknownNode?["range"]["end"] == ["line": 8, "character": 20])
        #expect(unknownNode?["message"].string?.contains("did you mean 'ask_name'") == true)
        #expect(unknownNode?["severity"] == 1)
        // ask_name is no longer reached: a warning on its key.
        #expect(diagnostics.contains { $0["code"] == "unreachable-node" && $0["range"]["start"] == ["line": 11, "character": 2] && $0["severity"] == 2 })

        let tabbed = Self.main.replacingOccurrences(of: "    say: What should", with: "\tsay: What should")
        client.notify("textDocument/didChange", ["textDocument": ["uri": JSON(mainURI), "version": 3],
                                                 "contentChanges": [["text": JSON(tabbed)]]])
        let tabDiagnostics = try client.diagnostics(for: mainURI) { $0.first?["code"] == "yaml-tab" }
        #expect(tabDiagnostics.count == 1)
        #expect(tabDiagnostics.first?["range"]["start"] == ["line": 12, "character": 0])
        // other.yaml's reference to main.hello follows from the tab: hidden, and counted.
        #expect(tabDiagnostics.first?["message"].string?.contains("other problems that may follow from this are hidden until the file reads") == true,
                "\(tabDiagnostics.first?["message"].string ?? "")")

        client.notify("textDocument/didChange", ["textDocument": ["uri": JSON(mainURI), "version": 4],
                                                 "contentChanges": [["text": JSON(Self.main)]]])
        #expect(try client.diagnostics(for: mainURI).isEmpty)

        // Completion of node ids after 'go: ', of variables in a slot, of keys in a node.
        let nodes = try client.request("textDocument/completion", ["textDocument": ["uri": JSON(mainURI)], "position": ["line": 8, "character": 16]])
        let labels = (nodes["result"]["items"].array ?? []).compactMap { $0["label"].string }
        #expect(labels.contains("ask_name") && labels.contains("other") && labels.contains("other.info"), "\(labels)")
        let slot = try client.request("textDocument/completion", ["textDocument": ["uri": JSON(mainURI)], "position": ["line": 5, "character": 17]])
        #expect((slot["result"]["items"].array ?? []).compactMap { $0["label"].string } == ["name"])

        // Definition and references of a node used in another file.
        let definition = try client.request("textDocument/definition", ["textDocument": ["uri": JSON(otherURI)], "position": ["line": 11, "character": 22]])
        #expect(definition["result"] == [["uri": JSON(mainURI), "range": ["start": ["line": 4, "character": 2], "end": ["line": 4, "character": 7]]]])
        let references = try client.request("textDocument/references", ["textDocument": ["uri": JSON(mainURI)], "position": ["line": 4, "character": 3],
                                                                        "context": ["includeDeclaration": true]])
        let places = (references["result"].array ?? []).map { "\($0["uri"].string == mainURI ? "main" : "other"):\($0["range"]["start"]["line"].int ?? -1):\($0["range"]["start"]["character"].int ?? -1)" }
        #expect(places == ["main:2:7", "main:4:2", "main:14:8", "other:11:17"], "\(places)")

        // Hover: the message as the person sees it, with its condition.
        let hoverInfo = try client.request("textDocument/hover", ["textDocument": ["uri": JSON(mainURI)], "position": ["line": 10, "character": 20]])
        let shown = hoverInfo["result"]["contents"]["value"].string ?? ""
        #expect(shown.contains("> Here is the information.") && shown.contains("_if name is set:_\n> Thanks, ‹name›."), "\(shown)")
        let greeting = try client.request("textDocument/hover", ["textDocument": ["uri": JSON(otherURI)], "position": ["line": 11, "character": 22]])
        #expect(greeting["result"]["contents"]["value"].string?.contains("> Hi friend. Pick one.") == true)

        // Outline.
        let symbols = try client.request("textDocument/documentSymbol", ["textDocument": ["uri": JSON(mainURI)]])
        #expect(symbols["result"][0]["name"] == "main")
        #expect((symbols["result"][0]["children"].array ?? []).compactMap { $0["name"].string } == ["hello", "ask_name"])

        // Rename a node across both files.
        let rename = try client.request("textDocument/rename", ["textDocument": ["uri": JSON(mainURI)], "position": ["line": 4, "character": 3], "newName": "start_here"])
        let changes = rename["result"]["changes"]
        #expect(changes[mainURI].array?.count == 3)
        #expect(changes[otherURI] == [["range": ["start": ["line": 11, "character": 17], "end": ["line": 11, "character": 22]], "newText": "start_here"]])
        let refused = try client.request("textDocument/rename", ["textDocument": ["uri": JSON(mainURI)], "position": ["line": 4, "character": 3], "newName": "ask_name"])
        #expect(refused["error"]["code"] == -32803)

        // Unknown methods and bad JSON get errors, and the server goes on.
        let unknown = try client.request("workspace/somethingElse", [:])
        #expect(unknown["error"]["code"] == -32601)
        client.sendRaw(Data("Content-Length: 9\r\n\r\n{not json".utf8))
        let parseError = try client.wait { $0["error"]["code"] == -32700 }
        #expect(parseError["id"] == .null)

        #expect(try client.request("shutdown")["result"] == .null)
        client.notify("exit")
        #expect(try client.waitForExit() == 0)
    }
}
