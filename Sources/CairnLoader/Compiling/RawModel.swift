import CairnEngine

/// A flow as read from its file, before references between nodes are resolved.
struct RawFlow {
    let id: String
    let title: String
    let start: Reference?
    let location: SourceLocation
    var nodes: [RawNode]
}

struct RawNode {
    let id: String
    let location: SourceLocation
    var condition: Condition?
    var otherwise: RawTarget?
    var actions: [Action] = []
    var messages: [Message] = []
    var exit: RawExit
}

enum RawTarget {
    case go(Reference)
    case call(Reference, then: Reference)
    case back
    case end(EndReason)
    case handoff([String], SourceLocation)
}

enum RawExit {
    case choices([RawChoice])
    case ask(RawQuestion)
    case target(RawTarget)
    /// The node has no way out (already reported).
    case none
}

struct RawChoice {
    let id: String
    let label: Localized<Template>
    let keywords: Localized<[String]>
    let condition: Condition?
    let actions: [Action]
    let target: RawTarget
    let location: SourceLocation
    let captures: [Capture]
}

struct RawQuestion {
    let variable: String
    let expect: Expectation
    let optional: Bool
    let retry: Localized<Template>?
    let then: RawTarget
}

/// Where a variable is read, for the "nothing sets it" check.
struct VariableUse {
    let name: String
    let location: SourceLocation
    /// A template slot with an inline fallback needs no setter or default.
    let hasFallback: Bool
    let inCondition: Bool
    /// The node (`flow.node`) whose message, label or retry shows it; nil in settings.
    var node: String? = nil
    /// The `if:` of the message or choice it is shown under, if any.
    var guardedBy: Condition? = nil
}

/// Settings as read, before node references are resolved.
struct RawSettings {
    var location: SourceLocation
    var start: Reference?
    var menu: Reference?
    var locale = "en"
    var maxCallDepth = 8
    var undoDepth = 20
    var variables: [String: VariableDeclaration] = [:]
    var variableLocations: [String: SourceLocation] = [:]
    var quickExit: [String] = []
    var skipWords: [String] = ["skip"]
    var commands: [Command.Kind: (words: [String]?, localeWords: [String: [String]]?, say: Localized<Template>?, go: Reference?)] = [:]
    /// Delete words that need no confirmation (with `commands.delete.go`, the others ask first).
    var instantDelete: [String] = []
    var interrupts: [(id: String, words: [String], go: Reference?, location: SourceLocation, captures: [Capture])] = []
    var topics: [(id: String, words: [String], say: Localized<Template>?, go: Reference?, location: SourceLocation, captures: [Capture])] = []
    var captures: [Capture] = []
    var repromptFirst: Localized<Template>?
    var repromptSecond: Localized<Template>?
    var repromptEscape: Reference?
    var texts: [Texts.Key: Localized<Template>] = [:]
}
