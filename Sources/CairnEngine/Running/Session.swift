/// One person's conversation: a small `Codable` value that the engine advances.
///
/// Encoding then decoding a session changes nothing, so a host can snapshot it between any two
/// turns and continue later, in another process, on the same compiled flows (`fingerprint`).
/// The encoded form is in Session+Coding.swift; what a session may hold, in Session+Size.swift.
public struct Session: Codable, Sendable, Equatable {
    /// Bumped whenever the encoded form changes incompatibly.
    public static let formatVersion = 2

    public enum Status: Codable, Sendable, Equatable {
        /// Made, but `step(_:.start)` has not run yet.
        case ready
        /// Waiting for the person's answer at this node (a choices or ask node).
        case waiting(node: Int)
        case ended(EndReason)
    }

    /// A return address: where to continue after `return`.
    struct Frame: Codable, Sendable, Equatable {
        enum Kind: String, Codable, Sendable { case call, resume }
        var kind: Kind
        /// For `call`, the `then` node to enter; for `resume`, the question to ask again.
        var node: Int
        /// For `resume`: how many undo steps there were, so answers given inside an interrupt are not undone one by one.
        var undoMark: Int?
    }

    /// What `back` restores.
    struct Checkpoint: Codable, Sendable, Equatable {
        var node: Int
        var variables: [String: String]
        var stack: [Frame]
    }

    public var version = Session.formatVersion
    /// The graph this session runs on.
    public let fingerprint: String
    public internal(set) var locale: String
    public internal(set) var status: Status = .ready
    public internal(set) var variables: [String: String]
    /// Host-given variables, kept across `restart`.
    var presets: [String: String]
    /// Where `start` and `restart` begin, when not at the settings' start.
    var entry: Int?
    var stack: [Frame] = []
    /// Misunderstood answers in a row at the current prompt (the reprompt ladder).
    var misses = 0
    var undo: [Checkpoint] = []
    /// At least the bytes its distinct variable values take encoded (see Session+Size.swift).
    var held = HeldBytes()

    /// A new session on `graph`; `entry` (a node index) replaces the settings' start.
    public init(graph: Graph, locale: String? = nil, presets: [String: String] = [:], entry: Int? = nil) {
        self.fingerprint = graph.fingerprint
        self.entry = entry
        self.locale = locale ?? graph.settings.defaultLocale
        self.presets = presets
        self.variables = presets
        self.held.bytes = exactHeldBytes()
    }

    /// Whether the session has ended; an ended session takes no more input.
    public var isEnded: Bool { if case .ended = status { true } else { false } }

    /// The node the session waits at, if it waits.
    public var waitingNode: Int? { if case .waiting(let n) = status { n } else { nil } }
}

/// What a caller can send to a session.
public enum Input: Sendable, Equatable {
    /// Begins the conversation; legal once, on a new session.
    case start
    /// What the person typed (or a button's label or number).
    case text(String)
    /// Host software ends the session (a counsellor picked up): `end(host_cancelled)`.
    case cancel
    /// Host software ends an idle session: `end(idle_timeout)`.
    case timeout
}

/// A caller used the engine wrongly; the text says what to do instead.
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
    case notStarted
    case alreadyStarted
    case ended(EndReason)
    case wrongGraph(expected: String, found: String)
    case unsupportedVersion(Int)

    public var description: String {
        switch self {
        case .notStarted: "the session has not started: send .start first"
        case .alreadyStarted: "the session has already started: send .text with the person's answer"
        case .ended(let r): "the session has ended (\(r)): start a new session"
        case .wrongGraph(let e, let f):
            "the session was made for other flows (\(f)), not these (\(e)): restore it on the flows it started with"
        case .unsupportedVersion(let v): "the session's format version \(v) is not supported (this engine reads \(Session.formatVersion))"
        }
    }
}
