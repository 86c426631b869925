import CairnEngine

/// A transcript file: conversations a writer expects the flows to have, line by line.
///
/// See docs/transcripts.md for the format. Line numbers start at 1.
public struct Transcript: Sendable {
    public let path: String
    public let lines: [String]
    public let conversations: [Conversation]
}

public struct Conversation: Sendable {
    public let name: String
    /// The `===` line, or the first line of a file without one.
    public let line: Int
    public var options: StartOptions
    public var steps: [Step]
    /// Where lines for the expectations after `start` go when there are none yet.
    public var afterHeader: Int
}

/// How a conversation begins: a flow or node other than the settings' start, a locale, preset variables.
public struct StartOptions: Sendable, Equatable {
    public var flow: String?
    public var locale: String?
    public var presets: [String: String] = [:]

    public init(flow: String? = nil, locale: String? = nil, presets: [String: String] = [:]) {
        self.flow = flow
        self.locale = locale
        self.presets = presets
    }
}

public enum Step: Sendable {
    /// `you: text`, `host: cancel`, `host: timeout`; `lines` is the 1-based line range.
    case input(Input, lines: ClosedRange<Int>)
    case expect(Item, lines: ClosedRange<Int>)

    var lines: ClosedRange<Int> {
        switch self {
        case .input(_, let l), .expect(_, let l): l
        }
    }
}

/// One expected or actual piece of output, in transcript terms.
public enum Item: Sendable, Equatable {
    case say(String)
    /// `contact: kids_help_phone`: a card of the contacts directory, by its id.
    case contact(String)
    /// `bot: *`: any number of messages (text or cards), even none.
    case anyMessages
    case choices([ChoiceLine])
    case ask(String)
    case interrupt(String)
    case handoff([String: String])
    case end(String)
    case failure(String)

    public struct ChoiceLine: Sendable, Equatable {
        public var number: Int
        public var label: String
    }

    /// The item for an engine event.
    public init(_ event: Event) {
        switch event {
        case .say(let t): self = .say(t)
        case .contact(let c): self = .contact(c.id)
        case .choices(let cs): self = .choices(cs.map { ChoiceLine(number: $0.number, label: $0.label) })
        case .ask(let v, _, _): self = .ask(v)
        case .interrupt(let id): self = .interrupt(id)
        case .handoff(let vars): self = .handoff(vars)
        case .end(let r): self = .end(r.rawValue)
        case .failure(let m): self = .failure(m)
        }
    }

    /// The item as transcript lines.
    public var lines: [String] {
        switch self {
        case .say(let text):
            let parts = text.split(separator: "\n", omittingEmptySubsequences: true)
                .map { String($0.reversed().drop { $0 == " " }.reversed()) }.filter { !$0.isEmpty }
            guard let first = parts.first else { return ["bot:"] }
            return ["bot: " + first] + parts.dropFirst().map { Self.continuation + $0 }
        case .contact(let id): return ["contact: \(id)"]
        case .anyMessages: return ["bot: *"]
        case .choices(let cs): return cs.map { "[\($0.number)] \($0.label)" }
        case .ask(let v): return ["ask: \(v)"]
        case .interrupt(let id): return ["interrupt: \(id)"]
        case .handoff(let vars):
            return ["handoff: " + (vars.isEmpty ? Self.nothingShared : vars.keys.sorted().map { "\($0)=\(vars[$0]!)" }.joined(separator: ", "))]
        case .end(let r): return ["end: \(r)"]
        case .failure(let m): return ["failure: \(m)"]
        }
    }

    /// A message the person reads: text, or a contact card (what `bot: *` stands for).
    public var isMessage: Bool {
        switch self {
        case .say, .contact: true
        default: false
        }
    }

    static let continuation = "     "
    static let nothingShared = "nothing shared"
}

extension Input {
    /// The transcript line for an input.
    public var transcriptLine: String {
        switch self {
        case .text(let t): "you: \(t)"
        case .cancel: "host: cancel"
        case .timeout: "host: timeout"
        case .start: "host: start"
        }
    }
}

/// A malformed transcript line: `path:line:col: error: message`, on one line (control characters
/// of the path and message written out, so a transcript cannot forge a line of output).
public struct TranscriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "\(path):\(line):\(column): error: \(message)".escapingControlCharacters }
}
