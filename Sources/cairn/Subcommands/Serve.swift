import ArgumentParser
import CairnBundledFlows
import CairnLoader
import CairnServer
import Foundation
import Logging

/// `cairn serve --socket PATH`: JSON-RPC 2.0 for helpline software, one JSON object per line.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve sessions to helpline software over a Unix-domain socket (JSON-RPC 2.0, see docs/protocol.md).",
        discussion: "SIGTERM or SIGINT stops the server cleanly; SIGHUP reloads the flows (a broken set is refused).")

    @Option(help: ArgumentHelp("The socket file to create.", valueName: "path"))
    var socket: String

    @Option(help: ArgumentHelp("Serve the flows in this directory instead of the guide built into cairn.", valueName: "dir"))
    var flows: String?

    @Option(help: ArgumentHelp("The socket's file mode, in octal.", valueName: "mode"))
    var mode: String = "600"

    @Option(help: ArgumentHelp("Give the socket to this group (a name or a number).", valueName: "group"))
    var group: String?

    @Option(help: ArgumentHelp("Allow only this user id to connect (repeatable); checked with SO_PEERCRED.", valueName: "uid"))
    var allowUid: [UInt32] = []

    @Option(help: "Longest request line, in bytes.")
    var maxLine: Int = 64 * 1024

    @Option(help: "Most sessions at once.")
    var maxSessions: Int = 10_000

    @Option(help: "Most connections at once.")
    var maxConnections: Int = 1024

    @Option(help: ArgumentHelp("Seconds without a request before a session ends (idle_timeout).", valueName: "seconds"))
    var idleTimeout: Double = 1800

    @Option(help: ArgumentHelp("Snapshot keys, one a line: 32 random bytes as base64 or hex (head -c 32 /dev/urandom | base64); the first seals, all open. Give every server that restores the others' snapshots the same file. Without it, a key made at start: snapshots don't survive a restart.", valueName: "file"))
    var snapshotKeyFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical. Logs carry lifecycle events only.")
    var logLevel: String = "info"

    static let maxLineLimit = 16 << 20

    func validate() throws {
        guard UInt16(mode, radix: 8).map({ $0 <= 0o777 }) == true else { throw ValidationError("--mode takes an octal file mode such as 600 or 660") }
        guard maxLine >= 256, maxSessions >= 1, maxConnections >= 1 else {
            throw ValidationError("limits must be positive (and --max-line at least 256)")
        }
        guard maxLine <= Self.maxLineLimit else { throw ValidationError("--max-line is at most \(Self.maxLineLimit) bytes (16 MiB)") }
        guard maxSessions <= 10_000_000, maxConnections <= 1_000_000 else {
            throw ValidationError("--max-sessions is at most 10000000 and --max-connections at most 1000000")
        }
        // `idleTimeout > 0` alone lets inf and 1e11 through, which overflowed the nanosecond clock.
        guard idleTimeout.isFinite, idleTimeout >= 0.001, idleTimeout <= Dispatcher.Limits.maxIdleTimeout else {
            throw ValidationError("--idle-timeout takes seconds from 0.001 to \(Int(Dispatcher.Limits.maxIdleTimeout)) (one year)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() throws {
        disableCoreDumps()
        var logger = Logger(label: "cairn.server") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel)!
        let dir = flows
        let load: @Sendable () throws -> FlowLoader.Result = {
            if let dir { return try FlowLoader.load(paths: [dir], options: .running) }
            return FlowLoader.load(files: BundledFlows.files, options: .running)
        }
        let result = try { () throws -> FlowLoader.Result in
            do { return try load() } catch { printErr("cairn: error: \(error)"); throw ExitCode(1) }
        }()
        guard let graph = result.graph else {
            printErr(DiagnosticPrinter(colour: false, snippets: false).render(result))
            throw ExitCode(1)
        }
        var config = ServerConfiguration(socketPath: socket)
        config.mode = UInt16(mode, radix: 8)!
        config.group = try group.map(resolveGroup)
        config.allowedUIDs = allowUid.isEmpty ? nil : Set(allowUid)
        config.maxLineLength = maxLine
        config.maxConnections = maxConnections
        let dispatcher = Dispatcher(graph: graph, limits: .init(maxSessions: maxSessions, idleTimeout: idleTimeout, maxLineBytes: maxLine),
                                    snapshotKeys: try snapshotKeys(logger), logger: logger, reload: load)
        let server = SocketServer(configuration: config, dispatcher: dispatcher, logger: logger)
        let signals = server.handleSignals()
        do { try server.start() } catch {
            printErr("cairn: error: \(error)")
            throw ExitCode(1)
        }
        server.wait()
        withExtendedLifetime(signals) {}
    }

    /// The keys of `--snapshot-key-file`, or one made at random; a bad file stops the start (exit 1).
    private func snapshotKeys(_ logger: Logger) throws -> SnapshotKeys {
        guard let path = snapshotKeyFile else { return .random() }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            printErr("cairn: error: the snapshot key file \(path) is not a readable file")
            throw ExitCode(1)
        }
        guard info.st_size <= SnapshotKeys.maxFileBytes, let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            printErr("cairn: error: the snapshot key file \(path) cannot be read as text of at most \(SnapshotKeys.maxFileBytes) bytes")
            throw ExitCode(1)
        }
        do {
            let keys = try SnapshotKeys(file: text)
            if info.st_mode & 0o077 != 0 {
                logger.warning("the snapshot key file can be read by other users; chmod 600 it", metadata: ["file": "\(path)"])
            }
            return keys
        } catch {
            printErr("cairn: error: the snapshot key file \(path): \(error)")
            throw ExitCode(1)
        }
    }

    private func resolveGroup(_ name: String) throws -> UInt32 {
        if let gid = UInt32(name) { return gid }
        guard let entry = getgrnam(name) else { throw ValidationError("unknown group '\(name)'") }
        return entry.pointee.gr_gid
    }
}
