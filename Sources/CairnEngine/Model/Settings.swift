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
    /// More normalized words by locale (`fr`: `aide`), heard only in sessions of that locale;
    /// `words` are heard in every session.
    public var localeWords: [String: [String]]

    public init(kind: Kind, words: [String], say: Localized<Template>? = nil, target: Int? = nil,
                localeWords: [String: [String]]? = nil) {
        self.kind = kind
        self.words = words
        self.say = say
        self.target = target
        self.localeWords = localeWords ?? Command.builtInLocaleWords(kind)
    }

    /// The words heard in a session of `locale`: `words`, then the locale's (or its language's).
    public func words(for locale: String) -> [String] {
        let lang = locale.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? locale
        return words + (localeWords[locale] ?? localeWords[lang] ?? [])
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

    /// The words Cairn adds by locale to each command, as people type them (each locale's
    /// understanding normalizes them as it does answers): French for now.
    public static func builtInLocaleWords(_ kind: Kind) -> [String: [String]] {
        let fr: [String] = switch kind {
        case .exit: ["quitter", "sortir"]
        case .back: ["retour", "revenir", "annuler"]
        case .restart: ["recommencer"]
        case .menu: ["menu principal"]
        case .help: ["aide", "à l'aide"]
        case .repeat: ["répéter", "encore"]
        case .delete: ["effacer", "oublie-moi"]
        }
        return ["fr": fr]
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

    public init(first: Localized<Template> = Texts.builtIn("Sorry, I didn't catch that.", fr: "Désolé, je n'ai pas compris."),
                second: Localized<Template> = Texts.builtIn("You can type the number of a choice, like 1, or type help.",
                                                            fr: "Tu peux taper le numéro d'un choix, comme 1, ou taper aide."),
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
        /// Fronts' lines: the terminal chat's after an end, after a failure, and after a handoff
        /// (it has nobody to hand over to).
        case ended, failed, noHandoff = "no_handoff"
    }

    public var values: [Key: Localized<Template>]

    public init(_ overrides: [Key: Localized<Template>] = [:]) {
        var v: [Key: Localized<Template>] = [:]
        for key in Key.allCases { v[key] = Texts.builtIn(Texts.defaultText(key), fr: Texts.defaultText(key, locale: "fr")) }
        for (k, t) in overrides { v[k] = t }
        values = v
    }

    public subscript(key: Key) -> Localized<Template> { values[key]! }

    /// A built-in text: the English, with Cairn's own French.
    public static func builtIn(_ en: String, fr: String) -> Localized<Template> {
        Localized(Template(literal: en), ["fr": Template(literal: fr)])
    }

    /// Cairn's own French for each text (plain and warm, "tu", Canadian punctuation).
    public static func defaultText(_ key: Key, locale: String) -> String {
        guard locale == "fr" else { return defaultText(key) }
        return switch key {
        case .help: "Tape le numéro d'un choix. Tu peux aussi taper retour, menu, recommencer, répéter, ou quitter pour partir tout de suite."
        case .nothingToUndo: "Il n'y a pas encore de réponse à annuler."
        case .whichOne: "Lequel de ces choix voulais-tu dire?"
        case .deleted: "Tout ce qui a été écrit dans cette conversation a été effacé."
        case .noMenu: "Il n'y a pas de menu ici."
        case .resuming: "Revenons là où tu étais."
        case .ended: "La conversation est terminée."
        case .failed: "Désolé, quelque chose n'a pas marché dans cette conversation, alors elle doit s'arrêter."
        case .noHandoff: "Dans cette version pour terminal, aucune personne n'est connectée : cette conversation ne peut donc te passer à personne, et rien n'a été envoyé nulle part."
        case .tooLong: "C'est plus que ce que je peux garder dans cette conversation. Peux-tu le dire en moins de mots?"
        }
    }

    /// Cairn's own English for each text.
    public static func defaultText(_ key: Key) -> String {
        switch key {
        case .help: "Type the number of a choice. You can also type back, menu, restart, repeat, or exit to leave at once."
        case .nothingToUndo: "There's nothing to go back to yet."
        case .whichOne: "Which one did you mean?"
        case .deleted: "Everything from this conversation has been deleted."
        case .noMenu: "There's no menu here."
        case .resuming: "Let's go back to where you were."
        case .ended: "The conversation has ended."
        case .failed: "Sorry, something went wrong in this conversation, so it has to stop."
        case .noHandoff: "In this terminal version there's no person connected, so this chat can't pass you to anyone, and nothing was sent anywhere."
        case .tooLong: "That's more than I can keep in this conversation. Could you say it in fewer words?"
        }
    }
}
