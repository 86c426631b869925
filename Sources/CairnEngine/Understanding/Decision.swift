/// What the engine makes of one answer at a prompt, before it acts on it.
public enum Decision: Equatable, Sendable, CustomStringConvertible {
    case exit
    /// An interrupt fired (its id).
    case interrupt(String)
    case command(Command.Kind)
    /// A choice was picked (its qualified id, `node#choice`).
    case choice(String)
    /// Several choices answer equally well (their ids): ask which one.
    case ambiguous([String])
    /// A topic takes the person elsewhere (its id).
    case topic(String)
    /// A free-text question takes the answer.
    case answer
    /// An optional free-text question is skipped.
    case skip
    /// Not understood: say so and ask again.
    case reprompt

    public var description: String {
        switch self {
        case .exit: "exit"
        case .interrupt(let id): "interrupt: \(id)"
        case .command(let kind): "command: \(kind.rawValue)"
        case .choice(let id): id
        case .ambiguous(let ids): "ambiguous: \(ids.joined(separator: " "))"
        case .topic(let id): "topic: \(id)"
        case .answer: "answer"
        case .skip: "skip"
        case .reprompt: "reprompt"
        }
    }
}

/// Why the engine decided what it did about an answer: the words it saw, every candidate with its
/// evidence and rank, what negation removed, the decision and the captures. Never logged.
public struct Explanation: Sendable, Equatable {
    /// One piece of evidence: something an answer matched.
    public struct Candidate: Sendable, Equatable {
        /// `choice`, `interrupt`, `topic` or `capture`.
        public var kind: String
        /// The choice id, interrupt or topic id, or captured variable.
        public var target: String
        /// The term as written (a label, keyword, concept or pattern).
        public var term: String
        /// `label`, `keyword`, `concept` or `pattern`.
        public var evidence: String
        /// `exact`, `stem` or `typo`.
        public var level: String
        /// The tier (1 a number, 2 the whole answer is the label, 3 the whole answer is a keyword or
        /// concept member, 4 found inside the answer; docs/understanding.md, "Ranking"); 0 where
        /// ranking doesn't apply (interrupts, removed matches).
        public var rank: Int
        /// The answer's words the match spans, first to last matched word.
        public var cover: Int = 0
        /// The answer's words it matched.
        public var words: String
        /// For a negated match, the trigger word.
        public var negatedBy: String?
    }

    /// The answer as matching sees it, word by word.
    public var tokens: [Token] = []
    public var candidates: [Candidate] = []
    /// Matches negation removed.
    public var discarded: [Candidate] = []
    public var decision: Decision = .reprompt
    /// The rule that decided, in words (`keyword 'blackmail' by stem`).
    public var rule: String = ""
    public var captures: [String: String] = [:]

    public init() {}

    /// The explanation as lines of plain text, for `cairn why` and the chat's `/why`.
    public var lines: [String] {
        var out: [String] = []
        out.append("words: " + (tokens.isEmpty ? "(none)" : tokens.map { t in
            var s = t.text
            if t.stem != t.text { s += " (\(t.stem))" }
            if t.isNegated { s += " [negated by '\(tokens[Int(t.negatedBy)].text)']" }
            return s
        }.joined(separator: " ")))
        for c in candidates {
            out.append("  \(c.kind) \(c.target): \(c.evidence) '\(c.term)' (\(c.level)) matched '\(c.words)'" + (c.rank > 0 ? ", tier \(c.rank), covers \(c.cover)" : ""))
        }
        for c in discarded {
            out.append("  removed \(c.kind) \(c.target): \(c.evidence) '\(c.term)' matched '\(c.words)', negated by '\(c.negatedBy ?? "")'")
        }
        out.append("decision: \(decision)" + (rule.isEmpty ? "" : " — \(rule)"))
        for (k, v) in captures.sorted(by: { $0.key < $1.key }) { out.append("captured: \(k) = \(v)") }
        return out
    }
}
