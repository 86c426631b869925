import ArgumentParser
import CairnEngine
import CairnLoader
import CairnTranscripts
import Foundation

/// `cairn test [PATHS]`: replays transcripts against the flows.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the conversations in transcripts and report any difference.",
        discussion: """
            Runs *.transcript (conversations) and *.understanding (single answers at prompts) files. \
            Ends with 'N passed, N failed'. Exit status 0 when every test passes, 1 otherwise.
            """)

    @Argument(help: "Transcript and understanding-test files or directories (default: Transcripts).")
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

    @Option(help: ArgumentHelp("Pass understanding tests when at least this percentage is right and no expected interrupt is missed.",
                               discussion: "For evaluation sets measured against a target rather than required to be perfect."))
    var minAccuracy: Double?

    func run() throws {
        let graph = try graphOrExit(try loadOrExit([flows]), checking: flows)
        var transcripts: [Transcript] = []
        var understandingFiles: [UnderstandingFile] = []
        var broken = 0
        for file in try transcriptFiles(paths.isEmpty ? ["Transcripts"] : paths) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                printErr("\(file.escapingControlCharacters):1:1: error: cannot be read as UTF-8 text")
                broken += 1
                continue
            }
            if file.hasSuffix(".understanding") {
                let (u, errors) = UnderstandingFile.parse(path: file, text: text)
                errors.forEach { printErr($0.description) }
                broken += errors.count
                understandingFiles.append(u)
                continue
            }
            let (t, errors) = Transcript.parse(path: file, text: text)
            errors.forEach { printErr($0.description) }
            if let t { transcripts.append(t) } else { broken += 1 }
        }
        let engine = Engine(graph: graph)
        let runner = TranscriptRunner(engine: engine)
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
                printErr("updated \(t.path.escapingControlCharacters)")
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
        let understood = runUnderstanding(understandingFiles, engine)
        if let junit { try JUnitReport.xml(results, understood.results).write(toFile: junit, atomically: true, encoding: .utf8) }
        var failed = results.filter { !$0.passed }.count + broken
        var passed = results.count - results.filter { !$0.passed }.count
        if let min = minAccuracy, !understood.results.isEmpty {
            let ok = understood.accuracy >= min && understood.missedInterrupts.isEmpty
            if !ok {
                printErr("cairn: error: understanding \(String(format: "%.1f", understood.accuracy))% (target \(min)%), \(understood.missedInterrupts.count) expected interrupts missed")
            }
            passed += ok ? 1 : 0
            failed += ok ? 0 : 1
        } else {
            passed += understood.passed
            failed += understood.results.count - understood.passed
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 || failedCoverage { throw ExitCode(1) }
    }

    /// Runs understanding tests, prints their failures and figures, and rewrites them with `--update`.
    private func runUnderstanding(_ files: [UnderstandingFile], _ engine: Engine) -> UnderstandingReport {
        let runner = UnderstandingRunner(engine: engine)
        let jobs = files.flatMap { f in f.cases.map { (f.path, $0) } }
        guard !jobs.isEmpty else { return UnderstandingReport([]) }
        let results = ParallelMap.run(jobs) { runner.run($0.1, in: $0.0) }
        for r in results { if let f = r.failure { printErr(f) } }
        let report = UnderstandingReport(results)
        report.lines.forEach { print($0) }
        if update {
            for f in files {
                let mine = results.filter { $0.path == f.path }
                if mine.allSatisfy(\.passed) { continue }
                do {
                    try UnderstandingUpdater.update(f, results: mine).write(toFile: f.path, atomically: true, encoding: .utf8)
                    printErr("updated \(f.path.escapingControlCharacters)")
                } catch {
                    printErr("cairn: error: \(f.path): \(error.localizedDescription)".escapingControlCharacters)
                }
            }
        }
        return report
    }

    private func transcriptFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                printErr("cairn: error: \(path.escapingControlCharacters): no such file or directory")
                throw ExitCode(1)
            }
            if !isDir.boolValue { out.append(path); continue }
            let walker = FileManager.default.enumerator(atPath: path)
            while let rel = walker?.nextObject() as? String {
                if rel.hasSuffix(".transcript") || rel.hasSuffix(".understanding") { out.append(path + "/" + rel) }
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
