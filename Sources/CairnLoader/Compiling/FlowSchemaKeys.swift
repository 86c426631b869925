import CairnEngine

/// The keys the loader accepts in flow and settings files, by the place they appear.
///
/// The loader reads with these lists (a key not in its place's list is an `unknown-key` error), and
/// the JSON Schema in `docs/schema/` is tested against them, so an editor's completion and
/// `cairn check` agree. Add a key here, then to the schema; the schema test says what is missing.
///
///     FlowSchemaKeys.choice.contains("keywords")   // true
public enum FlowSchemaKeys {
    /// The top of a flow file.
    public static let flow = ["flow", "title", "start", "nodes", "description"]
    /// The ways out of a node or choice (`then` goes with `call`).
    public static let target = ["go", "call", "then", "return", "end", "handoff"]
    /// Variable changes on a node or choice.
    public static let action = ["set", "clear", "add"]
    /// The keys of a free-text question (with `ask`).
    public static let question = ["expect", "optional", "retry", "min", "max", "values", "pattern"]
    /// A node.
    public static let node = ["say", "if", "else", "choices", "ask"] + question + ["note"] + action + target
    /// A choice.
    public static let choice = ["label", "keywords", "if", "id", "note", "capture"] + action + target
    /// A message written as a mapping: `{ text: ..., if: ... }`.
    public static let message = ["text", "if"]
    /// A contact card among the messages: `{ contact: kids_help_phone, if: ... }`.
    public static let contactMessage = ["contact", "if"]
    /// `handoff:` written as a mapping.
    public static let handoff = ["share"]
    /// The values of `expect:`.
    public static let expect = ["text", "non_empty", "yes_no", "number", "one_of", "pattern"]

    /// Under `settings:`.
    public static let settings = ["start", "menu", "locale", "max_call_depth", "undo_depth", "variables", "quick_exit",
                                  "skip_words", "commands", "interrupts", "topics", "capture", "reprompt", "texts"]
    /// A variable declared under `settings.variables`.
    public static let variable = ["default", "shareable", "preset"]
    /// The command names under `settings.commands`.
    public static let commands = Command.Kind.allCases.map(\.rawValue)
    /// One command under `settings.commands`.
    public static let command = ["words", "say", "go", "instant"]
    /// One interrupt under `settings.interrupts`.
    public static let interrupt = ["words", "go", "capture"]
    /// One topic under `settings.topics`.
    public static let topic = ["words", "say", "go", "capture"]
    /// The top of a contacts directory file.
    public static let contactsFile = ["contacts", "description"]
    /// One entry of the contacts directory.
    public static let contact = ["name", "offers", "for", "ages", "region", "phone", "text", "email", "web", "hours", "also",
                                 "details", "source", "note"]
    /// A phone number written as a mapping.
    public static let phone = ["number", "label", "letters", "note"]
    /// A text line written as a mapping.
    public static let textLine = ["number", "keyword"]
    /// What `{{contact.ID.FIELD}}` can show.
    public static let contactSlotFields = ["name", "phone", "text", "email", "web", "hours"]
    /// The top of a lexicon file.
    public static let lexicon = ["lexicon", "locale", "description", "concepts", "rewrite", "emoji", "numbers", "negation"]
    /// Under `negation:` in a lexicon file.
    public static let negation = ["triggers", "pseudo", "breaks"]
    /// Under `settings.reprompt`.
    public static let reprompt = ["first", "second", "then"]
    /// Under `settings.texts`.
    public static let texts = Texts.Key.allCases.map(\.rawValue)
}
