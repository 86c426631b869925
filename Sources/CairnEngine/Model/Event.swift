/// What the engine says or does, returned from every `Engine.step` call.
///
/// Events are plain data with stable snake_case wire names; the terminal, the socket protocol and
/// transcripts all use these same names. Each case's JSON line:
///
///     {"type":"say","text":"What happened?"}
///     {"type":"contact","contact":{"id":"kids_help_phone","name":"Kids Help Phone","phone":[{"label":"Toll-free","number":"1-800-668-6868"}],…}}
///     {"type":"choices","choices":[{"number":1,"id":"welcome.hello#1","label":"Continue"}]}
///     {"type":"ask","variable":"description","expect":"text","optional":true}
///     {"type":"interrupt","id":"crisis"}
///     {"type":"handoff","variables":{"age_group":"under_18"}}
///     {"type":"end","reason":"quick_exit"}
///     {"type":"failure","message":"step limit of 1000 reached at loop.a"}
public enum Event: Equatable, Sendable {
    /// One chat bubble of text (may hold several lines; `*emphasis*` and `- ` bullets are left for the renderer).
    case say(String)
    /// One entry of the contacts directory, to show as a card (hosts can make its numbers tappable).
    /// (Indirect: a contact is large, and every event would otherwise be as large as one.)
    indirect case contact(Contact)
    /// The choices the person can pick from now, numbered as shown.
    case choices([ChoiceOption])
    /// The engine waits for free text that it stores in `variable`.
    case ask(variable: String, expect: String, optional: Bool)
    /// A writer-defined interrupt (such as crisis words) fired; host software may want to alert someone.
    case interrupt(id: String)
    /// The bot's part is over and a person should take over; carries only the shareable variables.
    case handoff(variables: [String: String])
    /// The session is over. Every session ends with exactly one `end`.
    case end(reason: EndReason)
    /// A fatal runtime problem (a jump loop, a call stack too deep); always followed by `end(error)`.
    case failure(String)

    /// The wire name of the event's type (`say`, `choices`, ...).
    public var type: String {
        switch self {
        case .say: "say"
        case .contact: "contact"
        case .choices: "choices"
        case .ask: "ask"
        case .interrupt: "interrupt"
        case .handoff: "handoff"
        case .end: "end"
        case .failure: "failure"
        }
    }
}

/// One choice as shown to the person: its number on screen, a stable id for host buttons, its label.
public struct ChoiceOption: Codable, Equatable, Sendable {
    public var number: Int
    public var id: String
    public var label: String

    public init(number: Int, id: String, label: String) {
        self.number = number
        self.id = id
        self.label = label
    }
}

/// Why a session ended: one of the built-in reasons, or a word a writer gave to `end:`.
public struct EndReason: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let completed: EndReason = "completed"
    public static let handoff: EndReason = "handoff"
    public static let quickExit: EndReason = "quick_exit"
    public static let userDelete: EndReason = "user_delete"
    public static let idleTimeout: EndReason = "idle_timeout"
    public static let hostCancelled: EndReason = "host_cancelled"
    public static let error: EndReason = "error"

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Event: Codable {
    private enum Key: String, CodingKey {
        case type, text, contact, choices, variable, expect, optional, id, variables, reason, message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "say": self = .say(try c.decode(String.self, forKey: .text))
        case "contact": self = .contact(try c.decode(Contact.self, forKey: .contact))
        case "choices": self = .choices(try c.decode([ChoiceOption].self, forKey: .choices))
        case "ask":
            self = .ask(variable: try c.decode(String.self, forKey: .variable),
                        expect: try c.decode(String.self, forKey: .expect),
                        optional: try c.decodeIfPresent(Bool.self, forKey: .optional) ?? false)
        case "interrupt": self = .interrupt(id: try c.decode(String.self, forKey: .id))
        case "handoff": self = .handoff(variables: try c.decode([String: String].self, forKey: .variables))
        case "end": self = .end(reason: try c.decode(EndReason.self, forKey: .reason))
        case "failure": self = .failure(try c.decode(String.self, forKey: .message))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(type, forKey: .type)
        switch self {
        case .say(let text): try c.encode(text, forKey: .text)
        case .contact(let contact): try c.encode(contact, forKey: .contact)
        case .choices(let options): try c.encode(options, forKey: .choices)
        case .ask(let variable, let expect, let optional):
            try c.encode(variable, forKey: .variable)
            try c.encode(expect, forKey: .expect)
            try c.encode(optional, forKey: .optional)
        case .interrupt(let id): try c.encode(id, forKey: .id)
        case .handoff(let variables): try c.encode(variables, forKey: .variables)
        case .end(let reason): try c.encode(reason, forKey: .reason)
        case .failure(let message): try c.encode(message, forKey: .message)
        }
    }
}
