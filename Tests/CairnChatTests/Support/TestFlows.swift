import CairnEngine
import CairnLoader
import CairnTestSupport
import Foundation
import Testing

/// Small flows for the chat's tests (not the bundled guide, which writers keep changing).
///
/// `welcome.hello` says two messages (emphasis, a bullet list) and goes to the menu; the menu
/// offers evidence (a free-text question), a handoff and an end. One message has a French variant.
enum TestFlows {
    static let files: [(path: String, text: String)] = [
        ("settings.yaml", """
            settings:
              start: welcome
              menu: welcome.menu
              locale: en
            """),
        ("welcome.yaml", """
            flow: welcome
            title: Welcome
            start: hello
            nodes:
              hello:
                say:
                  - en: Hi. I'm a test guide. Type *exit* to leave at once.
                    fr: Bonjour. Je suis un guide de test.
                  - |
                    Some steps you could take, whenever you are ready:
                    - Take a screenshot of the post, with the date and the time showing.
                    - Write down the name of the account that posted it.
                go: menu
              menu:
                say: What would you like to do?
                choices:
                  - label: Save evidence
                    keywords: [evidence, proof]
                    go: evidence
                  - label: Talk to someone
                    keywords: [talk]
                    go: talk
                  - label: Finish
                    keywords: [finish, done]
                    end: completed
              evidence:
                say: Describe it in a few words.
                ask: description
                optional: true
                go: thanks
              thanks:
                say: Thanks. Noted {{description or "nothing"}}.
                choices:
                  - label: Back to the menu
                    go: menu
              talk:
                say: A helpline from the flows is at 0000.
                handoff: { share: [] }
            """),
    ]

    /// The compiled graph; fails the test if the flows have errors.
    static func graph() throws -> Graph {
        let result = FlowLoader.load(files: files.map { ($0.path, Data($0.text.utf8)) })
        return try #require(result.graph, "test flows: \(result.diagnostics)")
    }

    /// The flows written to a new temporary directory, for the built binary.
    static func directory() throws -> URL {
        let dir = try temporaryDirectory()
        for file in files { try Data(file.text.utf8).write(to: dir.appending(path: file.path)) }
        return dir
    }

    /// A new empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> URL {
        try TemporaryDirectory.make("cairn-chat-tests")
    }

    /// Two nodes that go to each other: the engine stops with a failure (the loader would refuse it).
    static func loopingGraph() -> Graph {
        let here = SourceLocation(file: "loop.yaml", line: 1, column: 1)
        let nodes = [Node(id: "loop.a", location: here, exit: .target(.go(1))),
                     Node(id: "loop.b", location: here, exit: .target(.go(0)))]
        return Graph(flows: [FlowInfo(id: "loop", title: "Loop", start: 0, location: here)],
                     nodes: nodes, settings: Settings(start: 0), fingerprint: "loop")
    }
}
