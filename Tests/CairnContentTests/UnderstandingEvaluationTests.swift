import CairnEngine
import CairnLoader
import CairnTestSupport
import CairnTranscripts
import Foundation
import Testing

/// How well the bundled guide understands answers: the writers' understanding tests all pass, and
/// the evaluation set (Tests/Evaluation, written the way teenagers type, independently of the
/// flows) stays at its measured level, with every crisis and danger message heard.
@Suite("Bundled guide: understanding")
struct UnderstandingEvaluationTests {
    static let repo = Repository.root

    /// Every case of every `.understanding` file under `dir`, run on the bundled flows.
    static func run(_ dir: String, subfolders: Bool = true) throws -> UnderstandingReport {
        let result = try FlowLoader.load(paths: [repo.appendingPathComponent("Flows").path])
        let graph = try #require(result.graph)
        let runner = UnderstandingRunner(engine: Engine(graph: graph))
        let root = repo.appendingPathComponent(dir).path
        var results: [UnderstandingRunner.Result] = []
        let files = subfolders ? try FileManager.default.subpathsOfDirectory(atPath: root)
            : try FileManager.default.contentsOfDirectory(atPath: root)
        for file in files.filter({ $0.hasSuffix(".understanding") }).sorted() {
            let path = root + "/" + file
            let (parsed, errors) = UnderstandingFile.parse(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
            #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
            results += parsed.cases.map { runner.run($0, in: path) }
        }
        return UnderstandingReport(results)
    }

    @Test func theWritersUnderstandingTestsPass() throws {
        let report = try Self.run("Transcripts")
        #expect(report.results.count >= 25)
        for r in report.results where !r.passed { Issue.record(Comment(rawValue: r.failure!)) }
    }

    /// The figures of docs/what-cairn-understands.md; a change that lowers them fails here.
    static let minimumAccuracy = 95.0
    static let maximumFalseInterrupts = 2.0

    /// The evaluation set the guide's words were written against (Tests/Evaluation/*.understanding).
    @Test func theEvaluationSetMeetsItsTargets() throws {
        let report = try Self.run("Tests/Evaluation", subfolders: false)
        print(report.lines.prefix(3).joined(separator: "\n"))
        #expect(report.results.count >= 1000, "the evaluation set is there")
        #expect(report.missedInterrupts.isEmpty,
                "crisis and danger messages that brought no interrupt:\n\(report.missedInterrupts.compactMap(\.failure).joined(separator: "\n"))")
        #expect(report.accuracy >= Self.minimumAccuracy, "\(report.lines.joined(separator: "\n"))")
        let (f, of) = report.falseInterrupts
        #expect(100 * Double(f) / Double(of) <= Self.maximumFalseInterrupts)
    }

    /// The held-out set (Tests/Evaluation/heldout), written after the words and never tuned on:
    /// its measured figures are floors, so understanding never gets worse unnoticed.
    @Test func theHeldOutSetStaysAtItsMeasuredLevel() throws {
        let report = try Self.run("Tests/Evaluation/heldout")
        print(report.lines.prefix(3).joined(separator: "\n"))
        #expect(report.results.count >= 800, "the held-out set is there")
        #expect(report.accuracy >= 89.0, "\(report.lines.joined(separator: "\n"))")
        let (hit, of) = report.anyInterruptRecall
        #expect(100 * Double(hit) / Double(of) >= 98.0, "\(report.missedInterrupts.compactMap(\.failure).joined(separator: "\n"))")
        let (f, fo) = report.falseInterrupts
        #expect(100 * Double(f) / Double(fo) <= Self.maximumFalseInterrupts)
    }
}
