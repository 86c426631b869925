import CairnTestSupport
import Foundation
import Testing

/// What one run of the built `cairn` did.
typealias CLIRun = SubprocessRun

/// Runs the `cairn` executable that `swift test` built, as a subprocess, without colour.
enum CLI {
    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 120) throws -> CLIRun {
        let run = try Subprocess.cairn(arguments, in: directory, environment: ["NO_COLOR": "1"], timeout: timeout)
        if run.timedOut { Issue.record("cairn \(arguments.joined(separator: " ")) still ran after \(Int(timeout)) s") }
        return run
    }
}

let repositoryRoot = Repository.root

/// A temporary directory holding `Flows/` and `Transcripts/`; removed by `remove()`, or when the tests end.
struct Workspace {
    let url: URL

    init(flows: [String: String] = guideFlows, transcripts: [String: String] = [:]) throws {
        url = try Scratch.directory("cairn-cli")
        try write(flows, under: "Flows")
        try write(transcripts, under: "Transcripts")
    }

    func write(_ files: [String: String], under folder: String) throws {
        let dir = url.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    func read(_ path: String) throws -> String { try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8) }

    func cairn(_ arguments: String...) throws -> CLIRun { try CLI.run(arguments, in: url) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A small guide: a menu, a question, a crisis interrupt with a way back.
let guideFlows: [String: String] = [
    "settings.yaml": """
        settings:
          start: main.hello
          menu: main.hello
          interrupts:
            crisis:
              words: [in danger]
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
          crisis:
            say: Please talk to someone you trust now.
            choices:
              - label: Go back to where I was
                return: true
        """,
]

/// A transcript that passes on `guideFlows`.
let passingTranscript = """
    === leave at once
    bot: Hi. Pick one.
    [1] Tell me your name
    [2] Leave
    you: 2
    end: completed

    === a name
    bot: Hi. Pick one.
    bot: *
    [1] Tell me your name
    [2] Leave
    you: 1
    bot: What should I call you?
    ask: name
    you: Sam
    bot: Nice to meet you, Sam.
    [1] Done

    """

/// A transcript whose second conversation expects words the flows don't say.
let failingTranscript = passingTranscript.replacingOccurrences(of: "bot: Nice to meet you, Sam.", with: "bot: Hello Sam.")
