import Foundation

/// One measured case: its suite (engine, scale, load, socket, startup), its name, its figures.
struct Row: Codable {
    var suite: String
    var name: String
    var values: [String: Double]
}

struct Results: Codable {
    var date: String
    var machine: [String: String]
    var smoke: Bool
    var rows: [Row]
    var targets: [Target]?

    struct Target: Codable {
        var target: String
        var measured: String
        var met: Bool
    }

    static func machine() -> [String: String] {
        var m: [String: String] = ["cores": "\(ProcessInfo.processInfo.activeProcessorCount)",
                                   "memory_gib": String(format: "%.0f", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)]
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            m["loadavg"] = load.split(separator: " ").prefix(3).joined(separator: " ")
        }
        return m
    }
}

/// The table printed at the end of a run, one section per suite, and the targets met or missed.
enum Table {
    static let columns: [String: [(key: String, title: String)]] = [
        "engine": [("turns_per_s", "turns/s"), ("turns_per_s_min", "slowest"), ("turns_per_s_max", "fastest"), ("p50_us", "p50 µs"), ("p99_us", "p99 µs"), ("p999_us", "p99.9 µs"),
                   ("allocs_per_turn", "allocs/turn"), ("allocs_min_input", "min"), ("allocs_max_input", "max")],
        "scale": [("sessions", "sessions"), ("turns_per_s", "turns/s"), ("p50_us", "p50 µs"), ("p99_us", "p99 µs"),
                  ("p999_us", "p99.9 µs"), ("allocs_per_turn", "allocs/turn"), ("bytes_per_session", "B/session")],
        "load": [("nodes", "nodes"), ("bytes", "bytes"), ("load_check_ms", "load+check ms"), ("yaml_parse_ms", "Yams parse ms"),
                 ("ratio_to_parse", "× parse"), ("us_per_node", "µs/node")],
        "socket": [("rps", "round trips/s"), ("p50_us", "p50 µs"), ("p99_us", "p99 µs"), ("reply_bytes", "reply B"),
                   ("rps_ratio_to_echo", "× echo rps"), ("p99_ratio_to_echo", "× echo p99"), ("errors", "errors")],
        "startup": [("first_line_ms", "ms"), ("wall_ms", "wall ms"), ("turns", "turns"), ("turns_per_s", "turns/s")],
    ]
    static let order = ["engine", "scale", "load", "socket", "startup"]

    static func format(_ v: Double?) -> String {
        guard let v else { return "–" }
        if v == 0 { return "0" }
        if abs(v) >= 1000 { return String(Int(v.rounded())) }
        if abs(v) >= 100 { return String(format: "%.0f", v) }
        if abs(v) >= 10 { return String(format: "%.1f", v) }
        return String(format: "%.2f", v)
    }

    static func render(_ results: Results) -> String {
        var out = ""
        for suite in order {
            let rows = results.rows.filter { $0.suite == suite }
            guard !rows.isEmpty, let cols = columns[suite] else { continue }
            let header = ["case"] + cols.map(\.title)
            var lines = [header]
            for r in rows { lines.append([r.name] + cols.map { format(r.values[$0.key]) }) }
            var widths = header.map { _ in 0 }
            for l in lines { for (i, c) in l.enumerated() { widths[i] = max(widths[i], c.count) } }
            out += "\n\(suite)\n"
            for (n, l) in lines.enumerated() {
                out += "  " + l.enumerated().map { i, c in
                    i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[i] - c.count) + c
                }.joined(separator: "  ") + "\n"
                if n == 0 { out += "  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
            }
        }
        if let targets = results.targets, !targets.isEmpty {
            out += "\ntargets\n"
            for t in targets { out += "  [\(t.met ? "met" : "MISSED")] \(t.target): \(t.measured)\n" }
        }
        return out
    }

    /// The issue's targets, judged against a run's rows (skipped when a figure is missing).
    static func targets(_ rows: [Row]) -> [Results.Target] {
        func v(_ suite: String, _ name: String, _ key: String) -> Double? {
            rows.first { $0.suite == suite && $0.name == name }?.values[key]
        }
        var out: [Results.Target] = []
        func add(_ target: String, _ value: Double?, _ text: (Double) -> String, _ ok: (Double) -> Bool) {
            if let value { out.append(.init(target: target, measured: text(value), met: ok(value))) }
        }
        // The engine's rate is the median of its rounds; the slowest and fastest are shown beside it.
        func spread(_ name: String) -> String {
            guard let rounds = v("engine", name, "rounds"), let lo = v("engine", name, "turns_per_s_min"),
                  let hi = v("engine", name, "turns_per_s_max") else { return "" }
            return rounds > 1 ? " (median of \(Int(rounds)) rounds, \(Int(lo))–\(Int(hi)))" : ""
        }
        let gen = "generated menu (30 nodes)"
        add("engine ≥ 1,000,000 turns/s (generated flow, one core)", v("engine", gen, "turns_per_s"), { "\(Int($0)) turns/s" + spread(gen) }, { $0 >= 1_000_000 })
        add("engine p99 ≤ 5 µs", v("engine", gen, "p99_us"), { format($0) + " µs" }, { $0 <= 5 })
        add("0 heap allocations per turn on the choice path", v("engine", gen, "allocs_min_input"),
            { "fewest on any input \(format($0)), mean \(format(v("engine", gen, "allocs_per_turn")))" }, { $0 == 0 })
        for name in ["bundled guide", "bundled guide, natural answers"] {
            add("\(name) ≥ 500,000 turns/s (full lexicon, one core)", v("engine", name, "turns_per_s"), { "\(Int($0)) turns/s" + spread(name) }, { $0 >= 500_000 })
            add("\(name) p99 ≤ 20 µs", v("engine", name, "p99_us"), { format($0) + " µs" }, { $0 <= 20 })
        }
        add("≤ 2 KB per idle session at 100k sessions", v("scale", "100000 sessions", "bytes_per_session"), { "\(Int($0)) B" }, { $0 <= 2048 })
        add("load+check of 10k nodes ≤ 2× bare YAML parse", v("load", "10000 nodes", "ratio_to_parse"), { format($0) + "×" }, { $0 <= 2 })
        if let a = v("load", "1000 nodes", "us_per_node"), let b = v("load", "10000 nodes", "us_per_node") {
            add("load growth close to linear (µs/node at 10k vs 1k)", b / a, { format($0) + "×" }, { $0 <= 1.5 })
        }
        // Issue 14: the generated menu at 60% of the echo's round trips, the bundled guide at 50% (its replies are twice as long).
        for (prefix, share) in [("", 0.6), ("guide: ", 0.5)] {
            let flow = prefix.isEmpty ? "generated" : "guide"
            for k in [16, 256] {
                add("serve ≥ \(Int(share * 100))% of echo round trips/s at K=\(k) (\(flow))", v("socket", "\(prefix)cairn serve K=\(k)", "rps_ratio_to_echo"),
                    { String(format: "%.0f%%", $0 * 100) }, { $0 >= share })
                add("serve p99 ≤ 2× echo's at K=\(k) (\(flow))", v("socket", "\(prefix)cairn serve K=\(k)", "p99_ratio_to_echo"),
                    { format($0) + "×" }, { $0 <= 2 })
            }
        }
        add("cairn first prompt ≤ 50 ms", v("startup", "cairn (first prompt)", "first_line_ms"), { format($0) + " ms" }, { $0 <= 50 })
        return out
    }
}
