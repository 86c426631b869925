/// What every flow of a graph shares: entry points, commands, interrupts, reprompts, texts.
public struct Settings: Sendable {
    public var start: Int
    public var menu: Int?
    public var defaultLocale: String
    public var maxCallDepth: Int
    /// Nodes entered in one step before the step stops with a failure (a jump loop guard).
    public var maxNodesPerStep: Int
    /// How many answers `back` can undo.
    public var undoDepth: Int
    public var variables: [String: VariableDeclaration]
    public var commands: [Command]
    public var interrupts: [Interrupt]
    /// Global routes, tried when no choice on screen answers.
    public var topics: [Topic]
    /// Captures made on every answer.
    public var captures: [Capture]
    /// Normalized words that skip an optional question.
    public var skipWords: [String]
    public var reprompt: Reprompt
    public var texts: Texts

    public init(start: Int, menu: Int? = nil, defaultLocale: String = "en", maxCallDepth: Int = 8,
                maxNodesPerStep: Int = 1000, undoDepth: Int = 20, variables: [String: VariableDeclaration] = [:],
                commands: [Command] = Command.builtIn, interrupts: [Interrupt] = [],
                topics: [Topic] = [], captures: [Capture] = [], skipWords: [String] = ["skip"], reprompt: Reprompt = Reprompt(), texts: Texts = Texts()) {
        self.start = start
        self.menu = menu
        self.defaultLocale = defaultLocale
        self.maxCallDepth = maxCallDepth
        self.maxNodesPerStep = maxNodesPerStep
        self.undoDepth = undoDepth
        self.variables = variables
        self.commands = commands
        self.interrupts = interrupts
        self.topics = topics
        self.captures = captures
        self.skipWords = skipWords
        self.reprompt = reprompt
        self.texts = texts
    }

    /// Declared defaults, for templates.
    public var defaults: [String: String] { variables.compactMapValues(\.defaultValue) }
}

public struct VariableDeclaration: Sendable, Equatable {
    public var defaultValue: String?
    /// May be passed to a person at a handoff.
    public var shareable: Bool
    /// Set by host software when a session starts.
    public var preset: Bool

    public init(defaultValue: String? = nil, shareable: Bool = false, preset: Bool = false) {
        self.defaultValue = defaultValue
        self.shareable = shareable
        self.preset = preset
    }
}

/// A global command, typed as a whole answer at any prompt.
public struct Command: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case exit, back, restart, menu, help, `repeat`, delete
    }

    public var kind: Kind
    /// Normalized words that trigger it.
    public var words: [String]
    public var say: Localized<Template>?
    /// For help: a node to visit (like an interrupt) instead of saying the help text.
    public var target: Int?

    public init(kind: Kind, words: [String], say: Localized<Template>? = nil, target: Int? = nil) {
        self.kind = kind
        self.words = words
        self.say = say
        self.target = target
    }

    /// The default words of each command.
    public static func defaultWords(_ kind: Kind) -> [String] {
        switch kind {
        case .exit: ["exit", "quit"]
        case .back: ["back", "undo", "go back"]
        case .restart: ["restart", "start over"]
        case .menu: ["menu", "main menu"]
        case .help: ["help"]
        case .repeat: ["repeat", "again"]
        case .delete: ["delete", "forget me"]
        }
    }

    public static let builtIn: [Command] = Kind.allCases.map { Command(kind: $0, words: defaultWords($0)) }
}

/// Words that, found anywhere in an answer at any prompt, divert to a node at once (such as crisis
/// words). Words are keywords, concepts or patterns (docs/understanding.md); negation does not
/// cancel them.
public struct Interrupt: Sendable {
    public var id: String
    /// As written: `suicide`, `~self_harm`, `[want wish] * die`.
    public var words: [String]
    public var target: Int
    public var captures: [Capture]

    public init(id: String, words: [String], target: Int, captures: [Capture] = []) {
        self.id = id
        self.words = words
        self.target = target
        self.captures = captures
    }
}

/// What to say when an answer doesn't match, and where to go after the third miss.
public struct Reprompt: Sendable {
    public var first: Localized<Template>
    public var second: Localized<Template>
    public var escape: Int?

    public init(first: Localized<Template> = Localized(Template(literal: "Sorry, I didn't catch that.")),
                second: Localized<Template> = Localized(Template(literal: "You can type the number of a choice, like 1, or type help.")),
                escape: Int? = nil) {
        self.first = first
        self.second = second
        self.escape = escape
    }
}

/// The engine's own wording, overridable in settings under `texts:`.
public struct Texts: Sendable {
    public enum Key: String, Sendable, CaseIterable {
        case help, nothingToUndo = "nothing_to_undo", whichOne = "which_one", deleted, noMenu = "no_menu", resuming, tooLong = "too_long"
    }

    public var values: [Key: Localized<Template>]

    public init(_ overrides: [Key: Localized<Template>] = [:]) {
        var v: [Key: Localized<Template>] = [:]
        for key in Key.allCases { v[key] = Localized(Template(literal: Texts.defaultText(key))) }
        for (k, t) in overrides { v[k] = t }
        values = v
    }

    public subscript(key: Key) -> Localized<Template> { values[key]! }

    public static func defaultText(_ key: Key) -> String {
        switch key {
        case .help: "Type the number of a choice. You can also type back, menu, restart, repeat, or exit to leave at once."
        case .nothingToUndo: "There's nothing to go back to yet."
        case .whichOne: "Which one did you mean?"
        case .deleted: "Everything from this conversation has been deleted."
        case .noMenu: "There's no menu here."
        case .resuming: "Let's go back to where you were."
        case .tooLong: "That's more than I can keep in this conversation. Could you say it in fewer words?"
        }
    }
}
