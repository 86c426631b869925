import CairnEngine

/// One problem found in flow files, with its position and a stable code.
///
/// Rendered like swiftc: `Flows/x.yaml:12:5: error: unknown node 'evidnce' (did you mean 'evidence'?) [unknown-node]`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    public var code: DiagnosticCode

    public init(_ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
    }

    /// Whether the file could not be read as YAML at all, so other problems may follow from it.
    public var isSyntaxError: Bool { code.isSyntax }

    /// The one-line form, for editors and CI. Control characters in the path or the message
    /// (which quote what a flow file holds) are escaped, so one problem is always one line.
    public var description: String {
        "\(location.description.escapingControlCharacters): \(severity.rawValue): \(message.escapingControlCharacters) [\(code.rawValue)]"
    }
}

/// Every diagnostic Cairn reports. Each has an entry in docs/diagnostics.md with an example and the fix.
public enum DiagnosticCode: String, Sendable, CaseIterable {
    // Files and YAML
    case yamlSyntax = "yaml-syntax"
    case yamlTab = "yaml-tab"
    case yamlIndent = "yaml-indent"
    case yamlNeedsQuotes = "yaml-needs-quotes"
    case yamlUnclosedQuote = "yaml-unclosed-quote"
    case yamlSlotQuotes = "yaml-slot-quotes"
    case commentCutsText = "comment-cuts-text"
    case emptyFile = "empty-file"
    case notText = "not-text"
    case fileTooLarge = "file-too-large"
    case cannotRead = "cannot-read"
    case tooManyAliases = "too-many-aliases"
    case tooDeep = "too-deep"
    case notAFlow = "not-a-flow"
    case noFlows = "no-flows"
    // Shape
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case badValue = "bad-value"
    case badID = "bad-id"
    case duplicateID = "duplicate-id"
    case duplicateSettings = "duplicate-settings"
    case emptyText = "empty-text"
    case badTemplate = "bad-template"
    case badCondition = "bad-condition"
    case missingDefaultLocale = "missing-default-locale"
    // Ways out
    case noWayOut = "no-way-out"
    case severalWaysOut = "several-ways-out"
    case thenWithoutCall = "then-without-call"
    case callWithoutThen = "call-without-then"
    // References
    case unknownNode = "unknown-node"
    case unknownVariable = "unknown-variable"
    case notShareable = "not-shareable"
    case freeTextShared = "free-text-shared"
    // The contacts directory
    case contactInText = "contact-in-text"
    case unknownContact = "unknown-contact"
    case unusedContact = "unused-contact"
    // Graph
    case unreachableNode = "unreachable-node"
    case jumpCycle = "jump-cycle"
    case callCycle = "call-cycle"
    case choiceOverlap = "choice-overlap"
    case shadowedByCommand = "shadowed-by-command"
    case noDefault = "no-default"
    // Understanding
    case badPattern = "bad-pattern"
    case unknownConcept = "unknown-concept"
    case conceptCycle = "concept-cycle"
    case unreachableKeyword = "unreachable-keyword"
    case topicShadowsChoice = "topic-shadows-choice"
    case unusedCapture = "unused-capture"
    // Translations
    case missingTranslation = "missing-translation"
    case obsoleteTranslation = "obsolete-translation"
    case translationSlots = "translation-slots"
    case missingCommandWords = "missing-command-words"
}

extension DiagnosticCode {
    /// The codes of a file YAML cannot read.
    public var isSyntax: Bool {
        switch self {
        case .yamlSyntax, .yamlTab, .yamlIndent, .yamlNeedsQuotes, .yamlUnclosedQuote, .yamlSlotQuotes: true
        default: false
        }
    }

    /// Problems that a file YAML cannot read may cause elsewhere: a flow, node, variable or concept
    /// it defines seems missing, nodes it leads to seem unreachable.
    var isKnockOn: Bool {
        switch self {
        case .unknownNode, .unreachableNode, .unknownVariable, .unknownConcept, .unusedCapture, .noDefault,
             .topicShadowsChoice, .noFlows, .shadowedByCommand, .notShareable:
            true
        default: false
        }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line, column, for stable output.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { a, b in
            (a.location.file, a.location.line, a.location.column, a.message) < (b.location.file, b.location.line, b.location.column, b.message)
        }
    }
}
