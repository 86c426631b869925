import ArgumentParser
import CairnEngine
import CairnLoader
import CairnTranscripts
import Foundation

/// `cairn test [PATHS]`: replays transcripts against the flows.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the conversations in transcripts and report any difference.",
        discussion: "Ends with 'N passed, N failed'. Exit status 0 when every conversation passes, 1 otherwise.")

    @Argument(help: "Transcript files or directories (default: Transcripts).")
    var paths: [String] = []

    @Option(help: "The flows to test (default: Flows).")
    var flows: String = "Flows"

    @Flag(help: "Rewrite the expectations that differ from what the flows now say.")
    var update = false

    @Flag(help: "Report the nodes and choices the transcripts never reach.")
    var coverage = false

    @Option(help: "Fail when fewer than this percentage of nodes are visited.")
    var minCoverage: Double?

    @Option(help: "Write a JUnit XML report to this file.")
    var junit: String?

    func run() throws {
        let graph = try graphOrExit(try loadOrExit([flows]), checking: flows)
        var transcripts: [Transcript] = []
        var broken = 0
        for file in try transcriptFiles(paths.isEmpty ? ["Transcripts"] : paths) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                printErr("\(file):1:1: error: cannot be read as UTF-8 text")
                broken += 1
                continue
            }
            let (t, errors) = Transcript.parse(path: file, text: text)
            errors.forEach { printErr($0.description) }
            if let t { transcripts.append(t) } else { broken += 1 }
        }
        let runner = TranscriptRunner(engine: Engine(graph: graph))
        let jobs = transcripts.flatMap { t in t.conversations.map { (t, $0) } }
        let results = ParallelMap.run(jobs) { runner.run($0.1, in: $0.0) }
        for r in results { if let f = r.failure { printErr(f) } }
        if update {
            var offset = 0
            for t in transcripts {
                let mine = Array(results[offset..<(offset + t.conversations.count)])
                offset += t.conversations.count
                if mine.allSatisfy(\.passed) { continue }
                try TranscriptUpdater.update(t, results: mine).write(toFile: t.path, atomically: true, encoding: .utf8)
                printErr("updated \(t.path)")
            }
        }
        var failedCoverage = false
        if coverage || minCoverage != nil {
            var trace = Trace()
            for r in results { trace.nodes.formUnion(r.trace.nodes); trace.choices.formUnion(r.trace.choices) }
            let report = Coverage(graph: graph, trace: trace)
            if coverage { print(report.report) }
            if let min = minCoverage, report.percent < min {
                printErr("cairn: error: coverage \(String(format: "%.1f", report.percent))% is below --min-coverage \(min)%")
                failedCoverage = true
            }
        }
        if let junit { try JUnitReport.xml(results).write(toFile: junit, atomically: true, encoding: .utf8) }
        let failed = results.filter { !$0.passed }.count + broken
        print("\(results.count - results.filter { !$0.passed }.count) passed, \(failed) failed")
        if failed > 0 || failedCoverage { throw ExitCode(1) }
    }

    private func transcriptFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                printErr("cairn: error: \(path): no such file or directory")
                throw ExitCode(1)
            }
            if !isDir.boolValue { out.append(path); continue }
            let walker = FileManager.default.enumerator(atPath: path)
            while let rel = walker?.nextObject() as? String {
                if rel.hasSuffix(".transcript") { out.append(path + "/" + rel) }
            }
        }
        return out.sorted()
    }
}

/// Runs independent jobs on all cores, keeping the results in order.
enum ParallelMap {
    static func run<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
        let results = UnsafeResults<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in results.set(i, body(items[i])) }
        return results.values.map { $0! }
    }

    private final class UnsafeResults<R>: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [R?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: R) { lock.lock(); values[i] = r; lock.unlock() }
    }
}
