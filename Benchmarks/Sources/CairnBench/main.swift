import CairnEngine
import CairnLoader
import Foundation

// cairn-bench: the measuring half of Benchmarks/run (which builds, compiles the C tools and calls this).
//
//   cairn-bench inprocess --root DIR --out FILE [--smoke] [--only engine|scale|load]
//                                                              engine, scale and loading (run pinned to one core)
//   cairn-bench processes --root DIR --cairn BIN --tools DIR --out FILE [--smoke] [--socket-only] [--case generated|guide]
//                                                              start-up, and the socket on the generated menu and the guide
//   cairn-bench report FILE... --out FILE                      merges, judges the targets, prints the table

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    defer { args.removeSubrange(i...(i + 1)) }
    return args[i + 1]
}
@MainActor func flag(_ name: String) -> Bool {
    guard let i = args.firstIndex(of: name) else { return false }
    args.remove(at: i)
    return true
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("cairn-bench: \(message)\n".utf8))
    exit(64)
}
func progress(_ message: String) { FileHandle.standardError.write(Data("  \(message)\n".utf8)) }

let mode = args.isEmpty ? "" : args.removeFirst()
let smoke = flag("--smoke")
let out = option("--out")
let root = option("--root") ?? FileManager.default.currentDirectoryPath

func save(_ results: Results, to path: String?) {
    guard let path else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try! encoder.encode(results).write(to: URL(fileURLWithPath: path))
}

func today() -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
    return f.string(from: Date())
}

switch mode {
case "inprocess":
    var rows: [Row] = []
    // One suite alone (engine, scale or load), to measure a change without the whole run.
    let only = option("--only")
    if let only, !["engine", "scale", "load"].contains(only) { fail("--only takes engine, scale or load, not '\(only)'") }
    let wants = { (suite: String) in only == nil || only == suite }
    let turns = smoke ? 2_000 : 2_000_000
    // The bundled guide, driven by every `you:` line of the transcripts.
    let bundled = try! FlowLoader.load(paths: [root + "/Flows"])
    guard let bundledGraph = bundled.graph else { fail("the bundled flows have errors") }
    // The generated menu flow, driven by the fixed script.
    let generated = FlowLoader.load(files: FlowGenerator.files(nodes: 30).map { (path: $0.name, data: Data($0.text.utf8)) })
    guard let genGraph = generated.graph else { fail("the generated flow has errors: \(generated.diagnostics)") }
    let menu = EngineBench(graph: genGraph, script: FlowGenerator.script, name: "generated menu")
    if wants("engine") {
        // The bundled guide driven by every `you:` line of the transcripts; the same guide
        // answered the way people type (the evaluation set), at whatever prompt the session is at;
        // the generated menu. Their rates are measured in rounds taken in turn (EngineBench.single).
        let guide = EngineBench(graph: bundledGraph, script: EngineBench.transcriptScript(root: root), name: "bundled guide")
        let natural = EngineBench(graph: bundledGraph, script: EngineBench.evaluationScript(root: root), name: "natural answers")
        progress("engine: bundled guide, natural answers, generated menu (\(smoke ? 1 : 7) rounds in turn)")
        let names = ["bundled guide", "bundled guide, natural answers", "generated menu (30 nodes)"]
        let values = EngineBench.single([guide, natural, menu], turns: [turns / 2, turns / 4, turns], rounds: smoke ? 1 : 7)
        for (name, v) in zip(names, values) { rows.append(Row(suite: "engine", name: name, values: v)) }
    }
    for count in [1, 1_000, 100_000] where wants("scale") {
        progress("scale: \(count) sessions")
        let n = smoke ? min(count, 1_000) : count
        let rounds = max(1, (smoke ? 2_000 : 2_000_000) / n)
        rows.append(Row(suite: "scale", name: "\(count) sessions", values: menu.scale(sessions: n, rounds: rounds)))
    }
    for nodes in smoke ? [100, 1_000] : [100, 1_000, 10_000] where wants("load") {
        progress("load: \(nodes) nodes")
        rows.append(Row(suite: "load", name: "\(nodes) nodes", values: LoadBench.run(nodes: nodes, repetitions: smoke ? 1 : max(3, 30_000 / nodes / 10))))
    }
    if !Allocations.available { progress("(allocations not counted: tools/malloc_count.so is not preloaded)") }
    save(Results(date: today(), machine: Results.machine(), smoke: smoke, rows: rows), to: out)

case "processes":
    // --socket-only: only the socket part (for profiling and quick comparisons); --case generated|guide: only that one.
    guard let cairn = option("--cairn"), let tools = option("--tools") else { fail("processes needs --cairn BIN and --tools DIR") }
    let socketOnly = flag("--socket-only")
    let only = option("--case")
    let bench = ProcessBench(cairn: cairn, root: root, tools: tools)
    let scratch = "/tmp/cairn-bench-\(getpid())"
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    var rows: [Row] = []
    if !socketOnly {
        progress("start-up")
        rows.append(Row(suite: "startup", name: "cairn (first prompt)", values: bench.firstPrompt(runs: smoke ? 2 : 21)))
        for (name, values) in bench.checkAndTest(runs: smoke ? 1 : 5) { rows.append(Row(suite: "startup", name: name, values: values)) }
    }
    // The generated menu (670-byte replies), and the bundled guide driven by every `you:` line of
    // the transcripts (numbers, words, commands, free text; sessions that end start again).
    var cases: [ProcessBench.SocketCase] = []
    if only == nil || only == "generated" {
        cases.append(.init(prefix: "", flows: try! FlowGenerator.write(nodes: 30, under: scratch), script: FlowGenerator.script,
                           ks: smoke ? [1, 16] : [1, 16, 256]))
    }
    if only == nil || only == "guide" {
        cases.append(.init(prefix: "guide: ", flows: root + "/Flows", script: EngineBench.transcriptScript(root: root),
                           ks: smoke ? [16] : [16, 256]))
    }
    for c in cases {
        progress("socket" + (c.prefix.isEmpty ? ": generated menu" : ": " + c.prefix.dropLast(2)))
        for (name, values) in bench.socket(c, rounds: smoke ? 1 : 5, warmup: smoke ? 0.2 : 0.5, duration: smoke ? 0.5 : 2,
                                           calibration: smoke ? 0.3 : 1, scratch: scratch) {
            rows.append(Row(suite: "socket", name: name, values: values))
        }
    }
    save(Results(date: today(), machine: Results.machine(), smoke: smoke, rows: rows), to: out)

case "report":
    let decoder = JSONDecoder()
    var merged = Results(date: today(), machine: Results.machine(), smoke: false, rows: [])
    for path in args {
        guard let data = FileManager.default.contents(atPath: path), let r = try? decoder.decode(Results.self, from: data) else {
            fail("cannot read results \(path)")
        }
        merged.rows += r.rows
        merged.smoke = merged.smoke || r.smoke
    }
    merged.targets = merged.smoke ? nil : Table.targets(merged.rows)
    // The load average when each half finished: other work on the machine moves wall-clock figures.
    for (i, path) in args.enumerated() {
        if let data = FileManager.default.contents(atPath: path), let r = try? decoder.decode(Results.self, from: data) {
            merged.machine["loadavg_after_part_\(i + 1)"] = r.machine["loadavg"]
        }
    }
    save(merged, to: out)
    print(Table.render(merged), terminator: "")

case "generate":
    // Writes a generated menu flow set: cairn-bench generate --nodes N --dir DIR (into DIR/menu-N)
    print(try! FlowGenerator.write(nodes: Int(option("--nodes") ?? "") ?? 30, under: option("--dir") ?? "."))

case "profile-load":
    // Only loading, for perf/callgrind: cairn-bench profile-load [--nodes N] [--repetitions R]
    let nodes = Int(option("--nodes") ?? "") ?? 10_000
    print(LoadBench.run(nodes: nodes, repetitions: Int(option("--repetitions") ?? "") ?? 3))

case "profile":
    // Only the turn loop, for perf/callgrind: cairn-bench profile --root DIR [--flow bundled|natural] [--turns N] [--only K] [--per-input]
    let turns = Int(option("--turns") ?? "") ?? 1_000_000
    let bench: EngineBench
    let flow = option("--flow")
    if flow == "bundled" || flow == "natural" {
        let natural = flow == "natural"
        bench = EngineBench(graph: (try! FlowLoader.load(paths: [root + "/Flows"])).graph!,
                            script: natural ? EngineBench.evaluationScript(root: root) : EngineBench.transcriptScript(root: root),
                            name: natural ? "natural answers" : "bundled")
    } else {
        bench = EngineBench(graph: FlowLoader.load(files: FlowGenerator.files(nodes: 30).map { (path: $0.name, data: Data($0.text.utf8)) }).graph!,
                            script: FlowGenerator.script, name: "generated")
    }
    // --only K: the script's input K alone, every turn (to see what one kind of answer costs).
    let inputs = Int(option("--only") ?? "").map { [bench.inputs[$0 % bench.inputs.count]] } ?? bench.inputs
    var s = bench.newSession()
    var sink = 0
    if flag("--per-input") {
        // The script's inputs by their share of the time, each timed where the script reaches it.
        // (Each time includes two clock reads, some tens of nanoseconds.)
        var spent = [UInt64](repeating: 0, count: inputs.count)
        var runs = [Int](repeating: 0, count: inputs.count)
        for i in 0..<turns {
            let a = nowNanos()
            sink &+= bench.turn(&s, inputs[i % inputs.count])
            spent[i % inputs.count] += nowNanos() - a
            runs[i % inputs.count] += 1
        }
        var byText: [String: (ns: UInt64, runs: Int, count: Int)] = [:]
        for (j, input) in inputs.enumerated() where runs[j] > 0 {
            guard case .text(let text) = input else { continue }
            byText[text, default: (0, 0, 0)].ns += spent[j]
            byText[text, default: (0, 0, 0)].runs += runs[j]
            byText[text, default: (0, 0, 0)].count += 1
        }
        let total = Double(spent.reduce(0, +))
        for (text, v) in byText.sorted(by: { $0.value.ns > $1.value.ns }).prefix(40) {
            print(String(format: "%5.1f%%  %6.0f ns  ×%-4ld %@", 100 * Double(v.ns) / total, Double(v.ns) / Double(v.runs), v.count, text))
        }
        blackHole(sink)
        exit(0)
    }
    let t0 = nowNanos()
    for i in 0..<turns { sink &+= bench.turn(&s, inputs[i % inputs.count]) }
    let ns = Double(nowNanos() - t0) / Double(turns)
    print(String(format: "%.0f ns/turn, %.0f turns/s", ns, 1e9 / ns))
    blackHole(sink)

default:
    fail("usage: cairn-bench inprocess|processes|report ... (see Benchmarks/run)")
}
