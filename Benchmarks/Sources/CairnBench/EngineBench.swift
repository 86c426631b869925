import CairnEngine
import CairnLoader
import Foundation

/// In-process `Engine.step`: turns per second on one core, latency per turn, allocations per
/// turn, and the same across many live sessions with their resident memory.
struct EngineBench {
    let engine: Engine
    let inputs: [Input]
    let name: String

    init(graph: Graph, script: [String], name: String) {
        self.engine = Engine(graph: graph)
        self.inputs = script.map { .text($0) }
        self.name = name
    }

    /// One turn on `session`: the next input, or a fresh start when the session has ended.
    @inline(__always)
    func turn(_ session: inout Session, _ input: Input) -> Int {
        if session.isEnded {
            session = Session(graph: engine.graph)
            return (try? engine.step(&session, .start))?.count ?? 0
        }
        return (try? engine.step(&session, input))?.count ?? 0
    }

    func newSession() -> Session {
        var s = Session(graph: engine.graph)
        _ = try? engine.step(&s, .start)
        return s
    }

    /// Turns per second of `turns` turns on `session`, with no timer inside the loop.
    func rate(_ session: inout Session, turns: Int, from first: Int = 0) -> Double {
        var sink = 0
        let t0 = nowNanos()
        for i in first..<(first + turns) { sink &+= turn(&session, inputs[i % inputs.count]) }
        let elapsed = Double(nowNanos() - t0) / 1e9
        blackHole(sink)
        return Double(turns) / elapsed
    }

    /// Turns per second in rounds taken in turn with other cases (`interleaved`), so that the
    /// machine's slower and faster moments fall on every case alike: the median round is the
    /// figure, the slowest and fastest are kept beside it. Then latency percentiles and
    /// allocations per turn, on the same sessions.
    static func single(_ benches: [EngineBench], turns: [Int], rounds: Int) -> [[String: Double]] {
        var sessions = benches.map { $0.newSession() }
        for (b, bench) in benches.enumerated() { _ = bench.rate(&sessions[b], turns: min(turns[b], 20_000)) }
        var rates = benches.map { _ in [Double]() }
        for r in 0..<rounds {
            for (b, bench) in benches.enumerated() {
                let n = max(1, turns[b] / rounds)
                rates[b].append(bench.rate(&sessions[b], turns: n, from: r * n))
            }
        }
        return benches.indices.map { b in
            var out = benches[b].latencyAndAllocations(&sessions[b], turns: turns[b])
            out["turns_per_s"] = median(rates[b])
            out["turns_per_s_min"] = rates[b].min()!
            out["turns_per_s_max"] = rates[b].max()!
            out["rounds"] = Double(rounds)
            return out
        }
    }

    /// Latency percentiles (a timer around every turn) and allocations per turn and per script
    /// position (counted by the preloaded shim).
    func latencyAndAllocations(_ s: inout Session, turns: Int) -> [String: Double] {
        var sink = 0
        var samples = [UInt64](repeating: 0, count: turns)
        for i in 0..<turns {
            let a = nowNanos()
            sink &+= turn(&s, inputs[i % inputs.count])
            samples[i] = nowNanos() - a
        }
        let p = Percentiles(&samples)
        var out: [String: Double] = [
            "turns": Double(turns), "p50_us": p.p50 / 1000, "p99_us": p.p99 / 1000, "p999_us": p.p999 / 1000,
        ]
        if Allocations.available {
            let rounds = max(1, min(turns, 200_000) / inputs.count)
            var perInput = [UInt64](repeating: 0, count: inputs.count)
            var total: UInt64 = 0
            for _ in 0..<rounds {
                for (j, input) in inputs.enumerated() {
                    let a = Allocations.count()
                    sink &+= turn(&s, input)
                    let d = Allocations.count() - a
                    perInput[j] += d
                    total += d
                }
            }
            out["allocs_per_turn"] = Double(total) / Double(rounds * inputs.count)
            out["allocs_min_input"] = Double(perInput.min()!) / Double(rounds)
            out["allocs_max_input"] = Double(perInput.max()!) / Double(rounds)
        }
        blackHole(sink)
        return out
    }

    /// `count` live sessions, driven round-robin, each at its own point of the script.
    func scale(sessions count: Int, rounds: Int) -> [String: Double] {
        let before = residentBytes()
        var sessions: [Session] = []
        sessions.reserveCapacity(count)
        for _ in 0..<count { sessions.append(newSession()) }
        var sink = 0
        // Warm up: enough turns that every session's undo history is as long as it gets.
        let warm = max(24, engine.graph.settings.undoDepth + 4)
        for r in 0..<warm { for k in 0..<count { sink &+= turn(&sessions[k], inputs[(r &+ k) % inputs.count]) } }
        let resident = residentBytes() - before
        let total = rounds * count
        var samples = [UInt64](repeating: 0, count: min(total, 2_000_000))
        let t0 = nowNanos()
        var n = 0
        for r in 0..<rounds {
            for k in 0..<count {
                let a = nowNanos()
                sink &+= turn(&sessions[k], inputs[(r &+ warm &+ k) % inputs.count])
                if n < samples.count { samples[n] = nowNanos() - a }
                n += 1
            }
        }
        let elapsed = Double(nowNanos() - t0) / 1e9
        let p = Percentiles(&samples)
        var out: [String: Double] = [
            "sessions": Double(count), "turns": Double(total), "turns_per_s": Double(total) / elapsed,
            "p50_us": p.p50 / 1000, "p99_us": p.p99 / 1000, "p999_us": p.p999 / 1000,
            "session_stride_bytes": Double(MemoryLayout<Session>.stride),
        ]
        // Resident growth is in pages and reuses memory freed earlier in the run: only meaningful
        // for many sessions.
        if count >= 10_000 { out["bytes_per_session"] = Double(resident) / Double(count) }
        if Allocations.available {
            let a = Allocations.count()
            let probe = min(total, 100_000)
            for i in 0..<probe { sink &+= turn(&sessions[i % count], inputs[(i / count &+ 7) % inputs.count]) }
            out["allocs_per_turn"] = Double(Allocations.count() - a) / Double(probe)
        }
        blackHole(sink)
        withExtendedLifetime(sessions) {}
        return out
    }

    /// Every answer of the evaluation set (Tests/Evaluation/*.understanding): how people really type.
    static func evaluationScript(root: String) -> [String] {
        let dir = root + "/Tests/Evaluation"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".understanding") }.sorted()
        var out: [String] = []
        for f in files {
            guard let text = try? String(contentsOfFile: dir + "/" + f, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                guard let arrow = line.range(of: "=>", options: .backwards) else { continue }
                out.append(line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces))
            }
        }
        return out
    }

    /// The inputs of every `you:` line of the transcripts, in file order: the bundled guide's script.
    static func transcriptScript(root: String) -> [String] {
        let dir = root + "/Transcripts"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".transcript") }.sorted()
        var out: [String] = []
        for f in files {
            guard let text = try? String(contentsOfFile: dir + "/" + f, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("you:") {
                out.append(String(line.dropFirst(4).drop { $0 == " " }))
            }
        }
        return out
    }
}
