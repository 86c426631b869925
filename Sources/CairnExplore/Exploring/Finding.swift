import CairnEngine

/// One problem `cairn explore` found by walking the flows, rendered like a compiler diagnostic.
///
/// `description` is one line: `Flows/menu.yaml:12:3: warning: message [explore-dead-end]`, with the
/// position of the node where the problem shows (lines and columns start at 1).
public struct Finding: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case warning, error
    }

    /// The stable code of each kind of finding; each has an entry in docs/writers-tools.md.
    public enum Code: String, Sendable, CaseIterable {
        /// A prompt from which no answer leads to an end: only commands (menu, exit) leave.
        case deadEnd = "explore-dead-end"
        /// Prompts that lead only to each other, never to an end.
        case loop = "explore-loop"
        /// A quick-exit word did not end the session at once.
        case quickExit = "explore-quick-exit"
        /// An interrupt phrase did not divert to its node.
        case interrupt = "explore-interrupt"
        /// A step stopped with a `failure` event.
        case failure = "explore-failure"
        /// A message or label was shown with an empty variable slot.
        case unsetVariable = "explore-unset-variable"

        public var severity: Severity {
            switch self {
            case .deadEnd, .loop, .unsetVariable: .warning
            case .quickExit, .interrupt, .failure: .error
            }
        }
    }

    public let code: Code
    public let location: SourceLocation
    public let message: String
    public var severity: Severity { code.severity }

    public init(_ code: Code, at location: SourceLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(severity.rawValue): \(message) [\(code.rawValue)]" }
}

/// How far `Explorer` walks.
public struct ExploreOptions: Sendable {
    /// The most answers typed from the start along one path; deeper prompts are not expanded.
    public var depth: Int
    /// The most distinct states kept; past it the walk stops adding states (and says so).
    public var maxStates: Int
    /// The locale of the sessions (nil: the settings' default).
    public var locale: String?
    /// The most conversations `paths` keeps for `--write`.
    public var maxPaths: Int

    public init(depth: Int = 30, maxStates: Int = 50_000, locale: String? = nil, maxPaths: Int = 200) {
        self.depth = depth
        self.maxStates = maxStates
        self.locale = locale
        self.maxPaths = maxPaths
    }
}
