import CairnEngine
import Foundation

/// Replays transcript conversations through the engine and compares what it says with what the
/// transcript expects.
///
/// Between turns the session is encoded and decoded, and must come back equal, so a snapshot bug
/// shows up in ordinary flow tests.
public struct TranscriptRunner: Sendable {
    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    /// One turn of a conversation: the input (nil for the start) and what should follow it.
    public struct Segment: Sendable {
        public var input: Input?
        public var inputLines: ClosedRange<Int>?
        public var expected: [(item: Item, lines: ClosedRange<Int>)]
        public var actual: [Item] = []
        public var ran = false
        public var matches = false
    }

    public struct Result: Sendable {
        public let path: String
        public let conversation: String
        public let line: Int
        /// The first problem, rendered with position and diff; nil when the conversation passed.
        /// Each of its lines has the control characters of the transcript's and the bot's text
        /// written out, so neither can forge a line of output or move the terminal.
        public var failure: String?
        public var segments: [Segment]
        public var trace = Trace()
        public var passed: Bool { failure == nil }
    }

    public static func segments(of conversation: Conversation) -> [Segment] {
        var out = [Segment(input: nil, inputLines: nil, expected: [])]
        for step in conversation.steps {
            switch step {
            case .input(let input, let lines): out.append(Segment(input: input, inputLines: lines, expected: []))
            case .expect(let item, let lines): out[out.count - 1].expected.append((item, lines))
            }
        }
        return out
    }

    public func run(_ conversation: Conversation, in transcript: Transcript) -> Result {
        var result = Result(path: transcript.path, conversation: conversation.name, line: conversation.line,
                            segments: Self.segments(of: conversation))
        func fail(_ line: Int, _ message: String, diff: [String] = []) {
            if result.failure == nil {
                let first = "\(transcript.path):\(line):1: error: conversation '\(conversation.name)': \(message)"
                result.failure = ([first] + diff).map(\.escapingControlCharacters).joined(separator: "\n")
            }
        }
        var entry: Int?
        if let flow = conversation.options.flow {
            entry = engine.graph.nodeIndex[flow] ?? engine.graph.flow(named: flow)?.start
            if entry == nil {
                fail(conversation.line, "unknown flow or node '\(flow)' in 'flow:'")
                return result
            }
        }
        var session = Session(graph: engine.graph, locale: conversation.options.locale,
                              presets: conversation.options.presets, entry: entry)
        var trace: Trace? = Trace()
        for k in result.segments.indices {
            let segment = result.segments[k]
            let line = segment.inputLines?.lowerBound ?? conversation.line
            if session.isEnded {
                fail(line, "the conversation has already ended, but the transcript goes on")
                break
            }
            let events: [Event]
            do {
                events = try engine.step(&session, segment.input ?? .start, trace: &trace)
            } catch {
                fail(line, "\(error)")
                break
            }
            if let problem = roundTrip(&session) { fail(line, problem) }
            result.segments[k].actual = events.map(Item.init)
            result.segments[k].ran = true
            result.segments[k].matches = Self.matches(segment.expected.map(\.item), result.segments[k].actual)
            if !result.segments[k].matches {
                let after = segment.input.map { "after '\($0.transcriptLine)' (line \(line))" } ?? "at the start"
                let expectedLines = segment.expected.flatMap { e in e.lines.map { transcript.lines[$0 - 1] } }
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
                let actualLines = result.segments[k].actual.flatMap(\.lines)
                let at = segment.expected.first?.lines.lowerBound ?? line
                fail(at, "the bot's output differs \(after)", diff: Diff.lines(expected: expectedLines, actual: actualLines))
            }
        }
        result.trace = trace ?? Trace()
        return result
    }

    /// Encodes and decodes the session; it must come back unchanged.
    private func roundTrip(_ session: inout Session) -> String? {
        do {
            let data = try JSONEncoder().encode(session)
            let back = try JSONDecoder().decode(Session.self, from: data)
            guard back == session else { return "the session changed when saved and restored" }
            session = back
            return nil
        } catch {
            return "the session could not be saved and restored: \(error)"
        }
    }

    /// Whether actual items fit the expected ones; `bot: *` stands for any number of messages.
    public static func matches(_ expected: [Item], _ actual: [Item]) -> Bool {
        var memo: [Int: Bool] = [:]
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * (actual.count + 1) + j
            if let m = memo[key] { return m }
            let r: Bool
            if i == expected.count {
                r = j == actual.count
            } else if expected[i] == .anyMessages {
                r = go(i + 1, j) || (j < actual.count && actual[j].isMessage && go(i, j + 1))
            } else {
                r = j < actual.count && itemMatches(expected[i], actual[j]) && go(i + 1, j + 1)
            }
            memo[key] = r
            return r
        }
        return go(0, 0)
    }

    static func itemMatches(_ e: Item, _ a: Item) -> Bool {
        switch (e, a) {
        case (.say(let x), .say(let y)): return Glob.matches(pattern: clean(x), clean(y))
        case (.choices(let xs), .choices(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { $0.number == $1.number && Glob.matches(pattern: $0.label, $1.label) }
        case (.failure(let x), .failure(let y)): return Glob.matches(pattern: x, y)
        default: return e == a
        }
    }

    /// Message text as compared: lines trimmed, blank lines dropped.
    static func clean(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

/// `...` inside an expected line matches any text.
enum Glob {
    static func matches(pattern: String, _ text: String) -> Bool {
        guard pattern.contains("...") else { return pattern == text }
        let parts = pattern.components(separatedBy: "...")
        guard text.hasPrefix(parts[0]) else { return false }
        var rest = text.dropFirst(parts[0].count)
        for (i, part) in parts.enumerated().dropFirst() {
            if i == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) && rest.count >= part.count }
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }
}
