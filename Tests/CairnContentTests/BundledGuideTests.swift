import CairnEngine
import CairnLoader
import CairnTestSupport
import CairnTranscripts
import Foundation
import Testing

/// The bundled guide: it loads cleanly, its contact details come from the source guide, its
/// transcripts pass and visit every node, and its words stay easy to read.
@Suite("Bundled guide")
struct BundledGuideTests {
    static let repo = Repository.root
    static let flows = repo.appendingPathComponent("Flows").path
    static let transcripts = repo.appendingPathComponent("Transcripts").path

    static func graph() throws -> Graph {
        let result = try FlowLoader.load(paths: [flows])
        return try #require(result.graph, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
    }

    /// Under `cairn serve`'s default 64 KiB request line (48,751 bytes of session, see
    /// `Dispatcher.Limits.maxSessionBytes`), the guide's own shape (every variable, undo step and
    /// frame at once) leaves room for answers: 27,418 bytes when this was written.
    @Test func theGuideLeavesRoomForAnswersInASnapshot() throws {
        let budget = try #require(Engine(graph: try Self.graph(), maxSessionBytes: 48_751).valueBudget)
        #expect(budget >= 24_000, "\(budget) bytes left for answers")
    }

    @Test func loadsWithNoErrorsOrWarnings() throws {
        let result = try FlowLoader.load(paths: [Self.flows])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(result.graph != nil)
    }

    @Test func contactDetailsComeFromTheSourceGuide() throws {
        let tool = Self.repo.appendingPathComponent("../shared/tools/check-contacts").standardized.path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "the contact checker is missing at \(tool)")
        let run = try Subprocess.run(tool: "python3", [tool, Self.flows, Self.transcripts])
        let text = run.stdout + run.stderr
        #expect(run.status == 0, "\(text)")
        #expect(text.contains(" 0 not in the source guide"), "\(text)")
    }

    @Test func everyTranscriptPassesAndTogetherTheyVisitEveryNode() throws {
        let graph = try Self.graph()
        let runner = TranscriptRunner(engine: Engine(graph: graph))
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.transcripts).filter { $0.hasSuffix(".transcript") }.sorted()
        #expect(files.count >= 10, "the bundled guide has golden transcripts")
        var trace = Trace()
        var conversations = 0
        for file in files {
            let path = Self.transcripts + "/" + file
            let (transcript, errors) = Transcript.parse(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
            #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
            guard let transcript else { continue }
            for conversation in transcript.conversations {
                let result = runner.run(conversation, in: transcript)
                conversations += 1
                if let failure = result.failure { Issue.record(Comment(rawValue: failure)) }
                trace.nodes.formUnion(result.trace.nodes)
                trace.choices.formUnion(result.trace.choices)
            }
        }
        let coverage = Coverage(graph: graph, trace: trace)
        print("bundled guide: \(graph.flows.count) flows, \(graph.nodes.count) nodes, \(files.count) transcripts, \(conversations) conversations, "
              + "\(coverage.visited)/\(coverage.total) nodes visited")
        #expect(coverage.visited == coverage.total, "unvisited: \(coverage.flows.flatMap(\.unvisitedNodes).map(\.id))")
    }

    @Test func messagesAreChatSizedAndEasyToRead() throws {
        let graph = try Self.graph()
        let defaults = graph.settings.defaults
        var texts: [String] = []
        for node in graph.nodes {
            texts += node.messages.map { $0.text.base.render([:], defaults: defaults) }
        }
        let stats = Readability(texts)
        print("bundled guide: \(texts.count) messages, longest \(stats.longest) characters, "
              + "Flesch-Kincaid grade \(String(format: "%.1f", stats.grade)), \(stats.words) words")
        #expect(stats.longest <= 700, "a message should fit a chat bubble")
        #expect(stats.grade <= 8.0, "words a 13-year-old can follow")
    }
}
