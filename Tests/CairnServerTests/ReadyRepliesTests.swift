import CairnEngine
import CairnLoader
import CairnTestSupport
@testable import CairnServer
import Foundation
import Logging
import NIOCore
import Testing

/// Replies whose events are a node's ready-made arrival are copied from bytes written at load
/// time: they must be exactly what JSONEncoder writes for the same step, and be used for nothing else.
@Suite("Ready replies: prepared bytes for ready-made arrivals")
struct ReadyRepliesTests {
    static func bundledGuide() throws -> Graph {
        let result = try FlowLoader.load(paths: [Repository.path("Flows").path])
        return try #require(result.graph, "\(result.diagnostics.prefix(3))")
    }

    static func dispatcher(_ graph: Graph) -> Dispatcher {
        Dispatcher(graph: graph, snapshotKeys: SnapshotKeys([Array(repeating: 7, count: 32)]), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                   reload: { FlowLoader.load(files: []) })
    }

    /// Every `you:` line of the transcripts, in file order (the benchmark's script).
    static func script() throws -> [String] {
        let dir = Repository.path("Transcripts")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".transcript") }.sorted()
        var out: [String] = []
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("you:") { out.append(String(line.dropFirst(4).drop { $0 == " " })) }
        }
        return out
    }

    static func request(_ id: Int, _ method: String, _ params: String) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#.utf8)
    }

    /// The whole transcript script through the dispatcher, beside the same steps taken with the
    /// same engine and written by Foundation's encoder: the same bytes, reply after reply.
    @Test func theBundledGuideRepliesAsJSONEncoderWritesThem() throws {
        let graph = try Self.bundledGuide()
        let dispatcher = Self.dispatcher(graph)
        let served = dispatcher.currentFlows
        let engine = served.engine
        #expect(served.preparedCount > 20, "most of the guide's nodes have ready-made arrivals")
        let script = try Self.script()
        #expect(script.count > 500)

        func call(_ request: [UInt8]) -> String {
            let box = LinesBox()
            dispatcher.handle(request, connection: 1, reply: box.add)
            return box.lines.first ?? "(no reply)"
        }
        var session = Session(graph: graph)
        var events = try engine.step(&session, .start)
        func started(_ n: Int) throws -> String {
            let line = call(Self.request(n, "session.start", "{}"))
            let id = try #require(try parse(line).session)
            #expect(line == Dispatcher.encode(result: StepResult(session: id, events: events, input: InputHint(engine.prompt(for: session)),
                                                                 ended: false), id: RequestID(n)))
            return id
        }
        var id = try started(0)
        var prepared = 0, compared = 0, preparedOptions = 0
        for (n, text) in script.enumerated() {
            if session.isEnded {
                session = Session(graph: graph)
                events = try engine.step(&session, .start)
                id = try started(n + 1)
                continue
            }
            let escaped = String(decoding: try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast()
            let line = call(Self.request(n + 1, "session.send", #"{"session":"\#(id)","text":\#(escaped)}"#))
            events = try engine.step(&session, .text(text))
            if let node = session.waitingNode, served.ready(events, waitingAt: node) != nil {
                prepared += 1
            } else if let options = served.options(waitingAt: session.waitingNode),
                      events.contains(where: { if case .choices(let os) = $0 { options.isFor(os) } else { false } }) {
                preparedOptions += 1
            }
            let expected = Dispatcher.encode(result: StepResult(session: id, events: events, input: InputHint(engine.prompt(for: session)),
                                                                ended: session.isEnded), id: RequestID(n + 1))
            #expect(line == expected, "after '\(text)' (script line \(n + 1))")
            compared += 1
        }
        #expect(compared > 500)
        #expect(prepared > compared / 4, "the prepared bytes were used (\(prepared) of \(compared) replies)")
        #expect(preparedOptions > compared / 20, "prepared choice lists were used in other replies (\(preparedOptions) of \(compared))")
    }

    /// A fixed choice list's bytes are copied for that very array, wherever it is in a reply
    /// written anew (after a message, in the input hint), and for no other array.
    @Test func preparedOptionsAreUsedForTheNodesOwnArrayOnly() throws {
        let graph = try Self.bundledGuide()
        let served = ServedFlows(Engine(graph: graph))
        let fixed = served.engine.fixedOptions
        let nodes = fixed.indices.filter { fixed[$0] != nil }
        #expect(served.preparedOptionsCount == nodes.count && nodes.count > 20)
        let node = try #require(nodes.first), other = try #require(nodes.last)
        let options = try #require(fixed[node])
        let ready = try #require(served.options(waitingAt: node))
        #expect(ready.isFor(options))
        #expect(!ready.isFor(options.map { $0 }), "equal options in another array are written anew")
        #expect(!ready.isFor(try #require(fixed[other])))
        #expect(served.options(waitingAt: nil) == nil && served.options(waitingAt: -1) == nil && served.options(waitingAt: fixed.count) == nil)
        let hint = InputHint(.choices(options))
        for events in [[Event.say("Sorry, \"pick\" one:"), .choices(options)], [.choices(options)], [.say("x")], [.choices(options.map { $0 })]] {
            let result = StepResult(session: "s", events: events, input: hint, ended: false)
            #expect(FastJSON.response(result, id: RequestID(4), options: ready) == Dispatcher.encode(result: result, id: RequestID(4)))
        }
        // Written for the wrong node's list, the bytes would show it: they are the list's own.
        let wrong = StepResult(session: "s", events: [.choices(options)], input: nil, ended: false)
        #expect(FastJSON.response(wrong, id: RequestID(5), options: try #require(served.options(waitingAt: other)))
            == Dispatcher.encode(result: wrong, id: RequestID(5)), "another node's bytes are not used for this list")
    }

    @Test func preparedBytesAreUsedForTheArrivalArrayItselfOnly() throws {
        let graph = try Self.bundledGuide()
        let served = ServedFlows(Engine(graph: graph))
        let arrivals = served.engine.readyMadeArrivals
        let nodes = arrivals.indices.filter { arrivals[$0] != nil }
        let node = try #require(nodes.first), other = try #require(nodes.last)
        #expect(node != other)
        let arrival = try #require(arrivals[node])
        let ready = try #require(served.ready(arrival, waitingAt: node))
        // The same events in another array (as a re-presented node gives): written anew, not copied.
        var copy = arrival
        copy.append(.say("x"))
        copy.removeLast()
        #expect(copy == arrival)
        #expect(served.ready(copy, waitingAt: node) == nil)
        #expect(served.ready(arrival, waitingAt: other) == nil)
        #expect(served.ready(arrival, waitingAt: -1) == nil && served.ready(arrival, waitingAt: arrivals.count) == nil)
        // And the bytes are the events and hint as FastJSON and JSONEncoder write them.
        let result = StepResult(session: "s", events: arrival, input: ServedFlows.hint(of: arrival), ended: false)
        #expect(FastJSON.response(result, id: RequestID(3), ready: ready) == Dispatcher.encode(result: result, id: RequestID(3)))
    }
}

/// Collects the lines a dispatcher replies with.
final class LinesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    @Sendable func add(_ line: String) { lock.withLock { storage.append(line) } }
}
