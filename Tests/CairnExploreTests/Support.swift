import CairnEngine
import CairnLoader
import CairnTestSupport
import Foundation
import Testing

struct FlowErrors: Error, CustomStringConvertible {
    let diagnostics: [Diagnostic]
    var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Compiles in-memory flow files (name -> YAML), failing the test on any error (warnings allowed).
func compile(_ files: [String: String]) throws -> Graph {
    try load(files).graph ?? { throw FlowErrors(diagnostics: load(files).diagnostics) }()
}

func load(_ files: [String: String]) -> FlowLoader.Result {
    FlowLoader.load(files: files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) })
}

/// The repository's root, from this file's path (Tests/CairnExploreTests/Support.swift).
let repositoryRoot = Repository.root

/// The repository's Flows/, compiled.
func bundledGraph() throws -> Graph {
    let result = try FlowLoader.load(paths: [repositoryRoot.appendingPathComponent("Flows").path])
    return try result.graph ?? { throw FlowErrors(diagnostics: result.diagnostics) }()
}

/// A small guide with nothing wrong: a question, a crisis interrupt with a way back, a menu.
let cleanGuide: [String: String] = [
    "settings.yaml": """
        settings:
          start: main.hello
          menu: main.hello
          interrupts:
            crisis:
              words: [in danger, hurt myself]
              go: main.crisis
        """,
    "main.yaml": """
        flow: main
        title: Main
        start: hello
        nodes:
          hello:
            say: Hi. Pick one.
            choices:
              - label: Tell me your name
                go: ask_name
              - label: Leave
                end: completed
          ask_name:
            say: What should I call you?
            ask: name
            optional: true
            go: greet
          greet:
            say: "Nice to meet you, {{name or \\"friend\\"}}."
            choices:
              - label: Done
                end: completed
              - label: Start again
                go: hello
          crisis:
            say: Please talk to someone you trust now.
            choices:
              - label: Go back to where I was
                return: true
              - label: Leave
                end: completed
        """,
]
