import Foundation

/// What one run of a program did.
public struct SubprocessRun: CustomStringConvertible, Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// The program was still running at the deadline and was stopped.
    public var timedOut: Bool

    public var stdoutLines: [Substring] { stdout.split(separator: "\n") }
    public var stderrLines: [Substring] { stderr.split(separator: "\n") }
    public var description: String { "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs programs for tests: output goes to temporary files (no pipe can fill up and block the
/// child), `input` is fed on standard input, and a run is stopped after `timeout` seconds.
public enum Subprocess {
    /// Runs `executable` with `arguments`.
    public static func run(_ executable: URL, _ arguments: [String], input: String? = nil, in directory: URL? = nil,
                           environment: [String: String] = [:], timeout: TimeInterval = 120) throws -> SubprocessRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        if let stdin, let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        return SubprocessRun(status: process.terminationStatus,
                             stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    /// Runs a program found on the PATH, such as `python3` or `dot`.
    public static func run(tool: String, _ arguments: [String], input: String? = nil, in directory: URL? = nil,
                           timeout: TimeInterval = 120) throws -> SubprocessRun {
        try run(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, input: input, in: directory, timeout: timeout)
    }

    /// Runs the built `cairn`.
    public static func cairn(_ arguments: [String], input: String? = nil, in directory: URL? = nil,
                             environment: [String: String] = [:], timeout: TimeInterval = 120) throws -> SubprocessRun {
        try run(try Repository.cairnBinary(), arguments, input: input, in: directory, environment: environment, timeout: timeout)
    }
}
