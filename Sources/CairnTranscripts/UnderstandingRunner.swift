import CairnEngine
import Foundation

/// Runs understanding tests: puts a new session at the prompt, asks the engine what it makes of
/// the answer (the same decision `step` acts on), and compares.
public struct UnderstandingRunner: Sendable {
    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    public struct Result: Sendable {
        public let path: String
        public let testCase: UnderstandingCase
        public let got: UnderstandingOutcome?
        public let gotCaptures: [String: String]
        /// Rendered with position, on one line (the answer's control characters written out);
        /// nil when the case passed.
        public let failure: String?
        public var passed: Bool { failure == nil }
    }

    public func run(_ c: UnderstandingCase, in path: String) -> Result {
        func failed(_ message: String, got: UnderstandingOutcome? = nil, captures: [String: String] = [:]) -> Result {
            Result(path: path, testCase: c, got: got, gotCaptures: captures, failure: "\(path):\(c.line):1: error: at \(c.node), '\(c.answer)': \(message)".escapingControlCharacters)
        }
        guard let node = engine.graph.nodeIndex[c.node] else {
            return failed("unknown prompt '\(c.node)'\(Self.suggestion(c.node, engine.graph.nodeIndex.keys))")
        }
        var session = Session(graph: engine.graph, locale: c.locale, presets: c.presets, entry: node)
        do { _ = try engine.step(&session, .start) } catch { return failed("the session could not start: \(error)") }
        guard session.waitingNode == node else {
            return failed("'\(c.node)' is not a prompt reached on arrival (it asks nothing, or its 'if:' sends elsewhere); set the variables it needs with 'set:'")
        }
        let explanation = engine.explain(c.answer, at: node, in: session)
        let got = UnderstandingOutcome(explanation.decision)
        if !c.expected.accepts(got) {
            return failed("expected \(c.expected), got \(got)\(explanation.rule.isEmpty ? "" : " (\(explanation.rule))")",
                          got: got, captures: explanation.captures)
        }
        for (name, value) in c.captures where explanation.captures[name] != value {
            let have = explanation.captures[name].map { "'\($0)'" } ?? "nothing"
            return failed("expected \(name) = \(value), captured \(have)", got: got, captures: explanation.captures)
        }
        return Result(path: path, testCase: c, got: got, gotCaptures: explanation.captures, failure: nil)
    }

    static func suggestion(_ name: String, _ candidates: some Sequence<String>) -> String {
        let best = candidates.map { ($0, editDistance(name, $0, limit: 3)) }.filter { $0.1 <= 3 }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        return best.map { " (did you mean '\($0.0)'?)" } ?? ""
    }
}

/// The figures of a run of understanding tests: accuracy overall and per prompt, what was
/// confused with what, and the interrupts' recall and false alarms.
public struct UnderstandingReport: Sendable {
    public let results: [UnderstandingRunner.Result]

    public init(_ results: [UnderstandingRunner.Result]) { self.results = results }

    public var passed: Int { results.filter(\.passed).count }
    public var accuracy: Double { results.isEmpty ? 100 : 100 * Double(passed) / Double(results.count) }

    /// Cases expecting an interrupt, and those of them that got it.
    public var interruptRecall: (hit: Int, of: Int) {
        let want = results.filter { $0.testCase.expected.isInterrupt }
        return (want.filter { $0.got == $0.testCase.expected }.count, want.count)
    }

    /// Cases expecting an interrupt, and those of them that got one (any: the check-in for a crisis
    /// message still leads to the crisis lines), which is what safety asks.
    public var anyInterruptRecall: (hit: Int, of: Int) {
        let want = results.filter { $0.testCase.expected.isInterrupt }
        return (want.filter { $0.got?.isInterrupt ?? false }.count, want.count)
    }

    /// Cases expecting no interrupt, and those of them that got one anyway.
    public var falseInterrupts: (hit: Int, of: Int) {
        let want = results.filter { !$0.testCase.expected.isInterrupt }
        return (want.filter { $0.got?.isInterrupt ?? false }.count, want.count)
    }

    /// Missed interrupts (no interrupt at all where one was expected): the failures no accuracy
    /// threshold excuses.
    public var missedInterrupts: [UnderstandingRunner.Result] {
        results.filter { $0.testCase.expected.isInterrupt && !($0.got?.isInterrupt ?? false) }
    }

    public var lines: [String] {
        var out: [String] = []
        var byPrompt: [String: (Int, Int)] = [:]
        for r in results {
            var v = byPrompt[r.testCase.node] ?? (0, 0)
            v.1 += 1
            if r.passed { v.0 += 1 }
            byPrompt[r.testCase.node] = v
        }
        out.append("understanding: \(passed) of \(results.count) answers right (\(Self.percent(accuracy)))")
        let (rh, ro) = interruptRecall, (fh, fo) = falseInterrupts
        if ro > 0 {
            let (ah, _) = anyInterruptRecall
            out.append("  interrupts: \(ah) of \(ro) expected fired one (recall \(Self.percent(100 * Double(ah) / Double(ro)))); "
                       + "\(rh) the expected one (\(Self.percent(100 * Double(rh) / Double(ro))))")
        }
        if fo > 0 { out.append("  false interrupts: \(fh) of \(fo) (\(Self.percent(100 * Double(fh) / Double(fo))))") }
        let imperfect = byPrompt.filter { $0.value.0 < $0.value.1 }
        let shown = byPrompt.count <= 20 ? byPrompt : imperfect
        let width = shown.keys.map(\.count).max() ?? 0
        for (node, v) in shown.sorted(by: { $0.key < $1.key }) {
            out.append("  \(node.padding(toLength: width, withPad: " ", startingAt: 0))  \(v.0)/\(v.1)  \(Self.percent(100 * Double(v.0) / Double(v.1)))")
        }
        if shown.count < byPrompt.count { out.append("  (\(byPrompt.count - shown.count) other prompts: every answer right)") }
        var confusions: [String: Int] = [:]
        for r in results where !r.passed { confusions["\(r.testCase.expected) -> \(r.got.map(\.description) ?? "error")", default: 0] += 1 }
        if !confusions.isEmpty {
            out.append("confusions (expected -> got):")
            for (k, n) in confusions.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).prefix(15) { out.append("  \(k)  ×\(n)") }
        }
        return out
    }

    static func percent(_ p: Double) -> String { String(format: "%.1f%%", p) }
}

/// `--update` for understanding files: each failing case's outcome rewritten to what it got,
/// every other line (comments, spacing) kept.
public enum UnderstandingUpdater {
    public static func update(_ file: UnderstandingFile, results: [UnderstandingRunner.Result]) -> String {
        var lines = file.lines
        for r in results where !r.passed {
            guard let got = r.got, r.testCase.line - 1 < lines.count else { continue }
            let line = lines[r.testCase.line - 1]
            guard let arrow = line.range(of: "=>", options: .backwards) else { continue }
            var outcome = got.description
            for (name, _) in r.testCase.captures { if let v = r.gotCaptures[name] { outcome += ", \(name) = \(v)" } }
            lines[r.testCase.line - 1] = line[..<arrow.upperBound] + " " + outcome
        }
        return lines.joined(separator: "\n")
    }
}
