import Foundation
import Testing

/// What one run of the built `cairn` did.
struct CLIRun: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [Substring] { stdout.split(separator: "\n") }
    var stderrLines: [Substring] { stderr.split(separator: "\n") }
    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs the `cairn` executable that `swift test` built, as a subprocess.
enum CLI {
    /// The binary: $CAIRN_BINARY, else next to the test bundle (the build's products directory),
    /// else the repository's .build/debug/cairn.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["CAIRN_BINARY"] { candidates.append(URL(fileURLWithPath: path)) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates += [runner, runner.deletingLastPathComponent(), Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("cairn") }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/cairn"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }
        return try #require(found, "the cairn binary is not in \(candidates.map(\.path)); swift test builds it, or set CAIRN_BINARY")
    }

    /// Runs `cairn arguments` in `directory`, with output to files (no pipe can fill up), killed
    /// after `timeout` seconds.
    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 120) throws -> CLIRun {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("cairn \(arguments.joined(separator: " ")) still ran after \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A temporary directory holding `Flows/` and `Transcripts/`; removed by `remove()`.
struct Workspace {
    let url: URL

    init(flows: [String: String] = guideFlows, transcripts: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-cli-\(UUID().uuidString.prefix(8))")
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
            say: Please call 911 now.
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
