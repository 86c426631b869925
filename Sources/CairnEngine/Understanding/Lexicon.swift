/// What the understanding layer knows about a language: normalization tables and concepts.
///
/// Built by the loader from Cairn's own tables and a flow set's lexicon files; plain data, so a
/// graph stays a value. `Engine` compiles it once (stems, patterns, indexes) when it is made.
///
///     var en = LocaleLexicon()
///     en.rewrites["wanna"] = "want to"
///     en.concepts["yes"] = ConceptDefinition(members: [.init("yeah"), .init("ya")])
///     let lexicon = Lexicon(["en": en])
public struct Lexicon: Sendable {
    /// By locale code (`en`, `fr`).
    public var locales: [String: LocaleLexicon]

    public init(_ locales: [String: LocaleLexicon] = [:]) {
        self.locales = locales
    }

    /// The lexicon of `locale`, else of its language (`fr` for `fr-CA`), else an empty one.
    public func lexicon(for locale: String) -> LocaleLexicon {
        if let l = locales[locale] { return l }
        if let dash = locale.firstIndex(where: { $0 == "-" || $0 == "_" }), let l = locales[String(locale[..<dash])] { return l }
        return LocaleLexicon()
    }
}

/// One language's tables and concepts. Keys and values are written the way writers write them;
/// they are folded (case, accents, apostrophes) when the engine compiles them.
public struct LocaleLexicon: Sendable {
    /// Chat-speak and contractions: what people type -> the words matching sees (`im` -> `i am`).
    public var rewrites: [String: String] = [:]
    /// An emoji -> the words it stands for (`💊` -> `pill`).
    public var emoji: [String: String] = [:]
    /// Number words that pick a choice by number (`two`, `second` -> 2).
    public var numbers: [String: Int] = [:]
    /// Negation triggers and how many words after them they negate (`not` -> 8).
    public var negationTriggers: [String: Int] = [:]
    /// Phrases that hold a trigger but negate nothing (`not only`, `not sure`).
    public var pseudoTriggers: [String] = []
    /// Words that end a negated clause (`but`, `and`).
    public var clauseBreaks: [String] = []
    /// Named sets of words, phrases and patterns, by name (without the `~`).
    public var concepts: [String: ConceptDefinition] = [:]

    public init() {}

    /// Whether the normalization tables are the same (everything but `concepts`): all a
    /// `TextNormalizer` reads, so two lexicons with the same tables normalize alike.
    public func hasSameTables(as other: LocaleLexicon) -> Bool {
        rewrites == other.rewrites && emoji == other.emoji && numbers == other.numbers
            && negationTriggers == other.negationTriggers && pseudoTriggers == other.pseudoTriggers
            && clauseBreaks == other.clauseBreaks
    }
}

/// A concept: its members, each a word, phrase or pattern, optionally with a value for captures.
public struct ConceptDefinition: Sendable {
    public var members: [ConceptMember]
    public var location: SourceLocation?

    public init(members: [ConceptMember], location: SourceLocation? = nil) {
        self.members = members
        self.location = location
    }

    /// Whether members carry values (a mapping of values to members in the lexicon file).
    public var isValued: Bool { members.contains { $0.value != nil } }
}

public struct ConceptMember: Sendable {
    /// The member as written: `yeah`, `end it all`, `[want wish] * die`, `~parent`.
    public var source: String
    /// For a valued concept, the value a capture stores when this member matches.
    public var value: String?

    public init(_ source: String, value: String? = nil) {
        self.source = source
        self.value = value
    }
}

/// Stores what a concept matched in an answer into a variable: `capture: {platform: ~platform}`.
public struct Capture: Sendable, Equatable {
    public var variable: String
    /// The concept's name, without `~`.
    public var concept: String

    public init(variable: String, concept: String) {
        self.variable = variable
        self.concept = concept
    }
}

/// A global route (a digression): taken when an answer at a choices prompt matches no choice on
/// screen but matches the topic's words. Says its line, goes to `target`, and `back` returns.
public struct Topic: Sendable {
    public var id: String
    /// Keywords, concepts and patterns, as written.
    public var words: [String]
    public var say: Localized<Template>?
    public var target: Int
    public var captures: [Capture]

    public init(id: String, words: [String], say: Localized<Template>? = nil, target: Int, captures: [Capture] = []) {
        self.id = id
        self.words = words
        self.say = say
        self.target = target
        self.captures = captures
    }
}
