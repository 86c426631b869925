import Foundation

/// Benchmarks of the `cairn` binary as a process: start-up, `cairn check`, `cairn test`, and
/// `cairn serve` under a closed-loop load generator beside an echo server (the machine's ceiling).
struct ProcessBench {
    let cairn: String
    let root: String
    let tools: String

    /// A child environment without the allocation-counting shim.
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["LD_PRELOAD"] = nil
        return env
    }

    func process(_ path: String, _ args: [String], cwd: String? = nil) -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.environment = Self.environment
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        return p
    }

    /// `cairn` (the chat, on the bundled guide, stdin a pipe): exec to the first line of output.
    func firstPrompt(runs: Int) -> [String: Double] {
        var times: [Double] = []
        for _ in 0..<runs {
            let p = process(cairn, [], cwd: NSTemporaryDirectory())
            let input = Pipe(), output = Pipe()
            p.standardInput = input
            p.standardOutput = output
            p.standardError = FileHandle.nullDevice
            let t0 = nowNanos()
            try! p.run()
            var seen = Data()
            while !seen.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen.append(chunk)
            }
            times.append(Double(nowNanos() - t0) / 1e6)
            try? input.fileHandleForWriting.close()
            p.waitUntilExit()
        }
        return ["runs": Double(runs), "first_line_ms": median(times), "min_ms": times.min() ?? 0]
    }

    /// Wall time of a `cairn` subcommand run from the repository root (median of `runs`).
    func wall(_ args: [String], runs: Int) -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let p = process(cairn, args, cwd: root)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let t0 = nowNanos()
            try! p.run()
            p.waitUntilExit()
            times.append(Double(nowNanos() - t0) / 1e6)
            precondition(p.terminationStatus == 0, "cairn \(args.joined(separator: " ")) failed (\(p.terminationStatus))")
        }
        return median(times)
    }

    func checkAndTest(runs: Int) -> [(String, [String: Double])] {
        let check = wall(["check"], runs: runs)
        let test = wall(["test"], runs: runs)
        let turns = Double(EngineBench.transcriptScript(root: root).count)
        return [("cairn check", ["wall_ms": check]),
                ("cairn test", ["wall_ms": test, "turns": turns, "turns_per_s": turns / (test / 1000)])]
    }

    /// Waits until a Unix socket accepts connections (a bounded wait: 30 s, for a debug build
    /// loading the bundled guide on a busy machine).
    func waitForSocket(_ path: String) -> Bool {
        for _ in 0..<1200 {
            let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &addr.sun_path) { buf in
                for (i, b) in path.utf8.prefix(buf.count - 1).enumerated() { buf[i] = b }
            }
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            } == 0
            close(fd)
            if ok { return true }
            usleep(25_000)
        }
        return false
    }

    func loadgen(socket: String, k: Int, warmup: Double, duration: Double, script: String) -> [String: Double] {
        let p = process(tools + "/loadgen", [socket, "\(k)", "\(warmup)", "\(duration)", script])
        let out = Pipe()
        p.standardOutput = out
        try! p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Double] else {
            fatalError("loadgen failed (\(p.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return json
    }

    /// One flow set and script for the socket part: rows are named `PREFIXecho K=…` and `PREFIXcairn serve K=…`.
    struct SocketCase {
        /// Before each row's name: "" for the generated flow (the rows' names since 29 November), "guide: " for the guide.
        var prefix: String
        /// A flow directory for `cairn serve --flows`.
        var flows: String
        /// What each connection sends, one `session.send` text a line, in turn.
        var script: [String]
        var ks: [Int]
    }

    /// `cairn serve` on one flow set and the echo server, K connections each, in one run.
    ///
    /// The echo's reply is as long as cairn's mean reply on this very script, measured first (a K=1
    /// run of `calibration` seconds). Both servers run side by side, and for each K the load
    /// generator alternates between them (echo, cairn, echo, cairn...), keeping each one's best
    /// round, so a burst of other work on the machine does not land on one of them only.
    func socket(_ c: SocketCase, rounds: Int, warmup: Double, duration: Double, calibration: Double = 0.5,
                scratch: String) -> [(String, [String: Double])] {
        let script = scratch + "/script.txt"
        try! (c.script.joined(separator: "\n") + "\n").write(toFile: script, atomically: true, encoding: .utf8)
        let cairnSocket = scratch + "/cairn.sock", echoSocket = scratch + "/echo.sock"
        let server = process(cairn, ["serve", "--socket", cairnSocket, "--flows", c.flows, "--log-level", "error",
                                     "--max-sessions", "100000", "--max-connections", "2048"])
        server.standardError = FileHandle.nullDevice
        try! server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        guard waitForSocket(cairnSocket) else { fatalError("cairn serve did not start listening") }
        let measured = loadgen(socket: cairnSocket, k: 1, warmup: 0.1, duration: calibration, script: script)
        let replyBytes = Int((measured["reply_bytes"] ?? 600).rounded())
        let echo = process(tools + "/echo_server", [echoSocket, "\(replyBytes)", "\(ProcessInfo.processInfo.activeProcessorCount)"])
        try! echo.run()
        defer { if echo.isRunning { echo.terminate(); echo.waitUntilExit() } }
        guard waitForSocket(echoSocket) else { fatalError("the echo server did not start listening") }

        func best(_ a: [String: Double]?, _ b: [String: Double]) -> [String: Double] {
            guard let a else { return b }
            return (b["rps"] ?? 0) > (a["rps"] ?? 0) ? b : a
        }
        var rows: [(String, [String: Double])] = []
        for k in c.ks {
            var e: [String: Double]?, s: [String: Double]?
            for _ in 0..<rounds {
                e = best(e, loadgen(socket: echoSocket, k: k, warmup: warmup, duration: duration, script: script))
                s = best(s, loadgen(socket: cairnSocket, k: k, warmup: warmup, duration: duration, script: script))
            }
            var cairnRow = s!
            cairnRow["rps_ratio_to_echo"] = cairnRow["rps"]! / max(1, e!["rps"]!)
            cairnRow["p99_ratio_to_echo"] = cairnRow["p99_us"]! / max(0.001, e!["p99_us"]!)
            rows.append(("\(c.prefix)echo K=\(k)", e!))
            rows.append(("\(c.prefix)cairn serve K=\(k)", cairnRow))
        }
        return rows
    }
}
