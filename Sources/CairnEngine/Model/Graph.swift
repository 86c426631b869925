/// A compiled, validated set of flows: the immutable graph the engine runs on.
///
/// Built once by the loader (`CairnLoader`) from YAML files, or directly in tests. Nodes are addressed
/// by index; `nodeIndex` maps qualified ids (`flow.node`) to indices. `fingerprint` identifies the
/// source it was compiled from, so a session snapshot is only restored onto the same graph.
public struct Graph: Sendable {
    public let flows: [FlowInfo]
    public let nodes: [Node]
    public let settings: Settings
    public let fingerprint: String
    public let nodeIndex: [String: Int]
    /// Normalization tables and concepts, by locale.
    public let lexicon: Lexicon
    /// The contacts directory that `contact` messages show (docs/flow-format.md).
    public let contacts: ContactDirectory

    public init(flows: [FlowInfo], nodes: [Node], settings: Settings, fingerprint: String, lexicon: Lexicon = Lexicon(),
                contacts: ContactDirectory = ContactDirectory()) {
        self.lexicon = lexicon
        self.contacts = contacts
        self.flows = flows
        self.nodes = nodes
        self.settings = settings
        self.fingerprint = fingerprint
        var index: [String: Int] = [:]
        for (i, node) in nodes.enumerated() { index[node.id] = i }
        self.nodeIndex = index
    }

    /// The index of a flow by id, if it exists.
    public func flow(named id: String) -> FlowInfo? { flows.first { $0.id == id } }
}

/// A flow's identity: id, title, where a `go` to the flow lands, and the file it came from.
public struct FlowInfo: Sendable, Equatable {
    public let id: String
    public let title: String
    public let start: Int
    public let location: SourceLocation

    public init(id: String, title: String, start: Int, location: SourceLocation) {
        self.id = id
        self.title = title
        self.start = start
        self.location = location
    }
}

/// A position in a flow file. Lines and columns start at 1.
public struct SourceLocation: Codable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One node: what it says on arrival, and its single way out.
public struct Node: Sendable {
    /// Qualified id, `flow.node`.
    public let id: String
    public let location: SourceLocation
    /// When present and false on arrival, the node is passed over and `otherwise` is followed.
    public let condition: Condition?
    public let otherwise: Target?
    public let actions: [Action]
    public let messages: [Message]
    public let exit: Exit

    public init(id: String, location: SourceLocation, condition: Condition? = nil, otherwise: Target? = nil,
                actions: [Action] = [], messages: [Message] = [], exit: Exit) {
        self.id = id
        self.location = location
        self.condition = condition
        self.otherwise = otherwise
        self.actions = actions
        self.messages = messages
        self.exit = exit
    }
}

/// One chat bubble, optionally shown only when a condition holds: text, or a card of the contacts directory.
public struct Message: Sendable {
    public enum Content: Sendable {
        case text(Localized<Template>)
        /// The directory entry with this id, shown as a card (a `contact` event).
        case contact(String)
    }

    public let content: Content
    public let condition: Condition?

    public init(text: Localized<Template>, condition: Condition? = nil) {
        self.content = .text(text)
        self.condition = condition
    }

    public init(contact id: String, condition: Condition? = nil) {
        self.content = .contact(id)
        self.condition = condition
    }

    /// The text of a text message; nil for a contact card.
    public var text: Localized<Template>? {
        if case .text(let t) = content { t } else { nil }
    }

    /// The entry id of a contact card; nil for text.
    public var contact: String? {
        if case .contact(let id) = content { id } else { nil }
    }
}

/// A change to the session's variables, made on arriving at a node or on picking a choice.
public enum Action: Sendable, Equatable {
    case set(String, String)
    case clear(String)
    /// Adds a word to a comma-separated list variable unless it is already there.
    case add(String, String)
}

/// How a node leaves: wait for a choice, wait for free text, or move on at once.
public enum Exit: Sendable {
    case choices([Choice])
    case ask(Question)
    case target(Target)
}

/// Where control goes next. Node targets are indices into `Graph.nodes`.
public enum Target: Sendable, Equatable {
    case go(Int)
    /// Run the node as a sub-flow; when it returns, continue at `then`.
    case call(Int, then: Int)
    /// Back to the caller (or, after an interrupt, to the interrupted question).
    case back
    case end(EndReason)
    /// Hand off to a person, sharing only these variables (when set).
    case handoff(share: [String])
}

/// One choice of a prompt.
public struct Choice: Sendable {
    public let id: String
    public let label: Localized<Template>
    /// Keywords as written (words, phrases, `~concepts`, patterns), by locale ("" holds the default
    /// locale's); the engine normalizes and compiles them.
    public let keywords: Localized<[String]>
    public let condition: Condition?
    public let actions: [Action]
    public let target: Target
    public let location: SourceLocation
    /// What to record from the answer that picks this choice.
    public let captures: [Capture]

    public init(id: String, label: Localized<Template>, keywords: Localized<[String]> = Localized([]),
                condition: Condition? = nil, actions: [Action] = [], target: Target, location: SourceLocation,
                captures: [Capture] = []) {
        self.id = id
        self.label = label
        self.keywords = keywords
        self.condition = condition
        self.actions = actions
        self.target = target
        self.location = location
        self.captures = captures
    }
}

/// A free-text question: the variable it fills, what it accepts, and where it goes after.
public struct Question: Sendable {
    public let variable: String
    public let expect: Expectation
    public let optional: Bool
    public let retry: Localized<Template>?
    public let then: Target

    public init(variable: String, expect: Expectation = .text, optional: Bool = false,
                retry: Localized<Template>? = nil, then: Target) {
        self.variable = variable
        self.expect = expect
        self.optional = optional
        self.retry = retry
        self.then = then
    }
}
