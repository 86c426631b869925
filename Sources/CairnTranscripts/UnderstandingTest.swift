import Foundation
import CairnEngine

/// A file of understanding tests (docs/understanding.md, "Understanding tests"): single answers at
/// prompts and what each must do.
///
///     at: welcome.safe_check
///     ya                         => continue
///     how do i get it off insta  => topic: removal, platform = instagram
public struct UnderstandingFile: Sendable {
    public let path: String
    public let cases: [UnderstandingCase]
    /// The file's lines, for `--update`.
    public let lines: [String]
}

/// One answer at one prompt, with the outcome it must have.
public struct UnderstandingCase: Sendable {
    /// `flow.node`.
    public let node: String
    public let presets: [String: String]
    public let locale: String?
    public let answer: String
    public let expected: UnderstandingOutcome
    /// Variables the answer must capture, with their values.
    public let captures: [(String, String)]
    /// 1-based line of the case in its file.
    public let line: Int
}

/// What an answer does at a prompt, as written after `=>`.
public enum UnderstandingOutcome: Equatable, Sendable, CustomStringConvertible {
    case choice(String)
    case reprompt
    /// With the choice ids it must offer, when given.
    case ambiguous([String])
    case interrupt(String)
    case topic(String)
    case command(String)
    case exit
    case answer
    case skip

    public var description: String {
        switch self {
        case .choice(let id): id
        case .reprompt: "reprompt"
        case .ambiguous(let ids): ids.isEmpty ? "ambiguous" : "ambiguous: \(ids.joined(separator: " "))"
        case .interrupt(let id): "interrupt: \(id)"
        case .topic(let id): "topic: \(id)"
        case .command(let kind): "command: \(kind)"
        case .exit: "exit"
        case .answer: "answer"
        case .skip: "skip"
        }
    }

    /// The outcome of an engine decision; choice ids lose their `flow.node#` part.
    public init(_ decision: Decision) {
        func short(_ id: String) -> String { id.split(separator: "#").last.map(String.init) ?? id }
        switch decision {
        case .exit: self = .exit
        case .interrupt(let id): self = .interrupt(id)
        case .command(let kind): self = .command(kind.rawValue)
        case .choice(let id): self = .choice(short(id))
        case .ambiguous(let ids): self = .ambiguous(ids.map(short))
        case .topic(let id): self = .topic(id)
        case .answer: self = .answer
        case .skip: self = .skip
        case .reprompt: self = .reprompt
        }
    }

    /// Whether `got` fulfils this expectation (`ambiguous` alone accepts any ambiguity).
    public func accepts(_ got: UnderstandingOutcome) -> Bool {
        if case .ambiguous(let want) = self, case .ambiguous(let have) = got { return want.isEmpty || Set(want) == Set(have) }
        return self == got
    }

    public var isInterrupt: Bool { if case .interrupt = self { true } else { false } }

    static func parse(_ text: String) -> UnderstandingOutcome? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let colon = t.firstIndex(of: ":") {
            let kind = t[..<colon].trimmingCharacters(in: .whitespaces)
            let arg = t[t.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch kind {
            case "interrupt" where Identifier.isValid(arg): return .interrupt(arg)
            case "topic" where Identifier.isValid(arg): return .topic(arg)
            case "command" where Command.Kind(rawValue: arg) != nil: return .command(arg)
            case "ambiguous": return .ambiguous(arg.split(separator: " ").map(String.init))
            default: return nil
            }
        }
        switch t {
        case "reprompt": return .reprompt
        case "ambiguous": return .ambiguous([])
        case "exit": return .exit
        case "answer": return .answer
        case "skip": return .skip
        default: return t.isEmpty || t.contains(" ") ? nil : .choice(t)
        }
    }
}

extension UnderstandingFile {
    /// A problem in a file, positioned like a compiler's: `path:line:1: error: ...`, on one line
    /// (control characters written out).
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let line: Int
        public let message: String
        public var description: String { "\(path):\(line):1: error: \(message)".escapingControlCharacters }
    }

    /// Reads a file; every malformed line is reported, the rest kept.
    public static func parse(path: String, text: String) -> (UnderstandingFile, [ParseError]) {
        var cases: [UnderstandingCase] = []
        var errors: [ParseError] = []
        var node: String?
        var presets: [String: String] = [:]
        var locale: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func error(_ m: String) { errors.append(ParseError(path: path, line: i + 1, message: m)) }
            if let rest = directive("at:", line) {
                let value = stripComment(rest)
                guard value.split(separator: ".").count == 2, value.split(separator: ".").allSatisfy({ Identifier.isValid($0) }) else {
                    error("'at:' takes a prompt as flow.node, like 'at: welcome.safe_check'")
                    node = nil
                    continue
                }
                node = value
                presets = [:]
                locale = nil
                continue
            }
            if let rest = directive("set:", line) {
                let value = stripComment(rest)
                guard let eq = value.firstIndex(of: "=") else { error("'set:' takes 'name = value'"); continue }
                let name = value[..<eq].trimmingCharacters(in: .whitespaces)
                var v = value[value.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
                guard Identifier.isValid(name) else { error("'\(name)' is not a variable name"); continue }
                presets[name] = v
                continue
            }
            if let rest = directive("locale:", line) { locale = stripComment(rest); continue }
            guard let arrow = line.range(of: "=>", options: .backwards) else {
                error("a test is 'answer => outcome' (or a line 'at:', 'set:', 'locale:', or a # comment)")
                continue
            }
            guard let at = node else { error("a test needs an 'at: flow.node' line above it"); continue }
            let answer = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
            let parts = stripComment(String(line[arrow.upperBound...])).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first, let outcome = UnderstandingOutcome.parse(first) else {
                error("unknown outcome '\(parts.first ?? "")': write a choice id, reprompt, ambiguous, interrupt: NAME, topic: NAME, command: NAME, exit, answer or skip")
                continue
            }
            var captures: [(String, String)] = []
            var ok = true
            for p in parts.dropFirst() {
                guard let eq = p.firstIndex(of: "="), Identifier.isValid(p[..<eq].trimmingCharacters(in: .whitespaces)) else {
                    error("'\(p)' should be a captured variable: 'name = value'")
                    ok = false
                    break
                }
                captures.append((p[..<eq].trimmingCharacters(in: .whitespaces), p[p.index(after: eq)...].trimmingCharacters(in: .whitespaces)))
            }
            if ok {
                cases.append(UnderstandingCase(node: at, presets: presets, locale: locale, answer: answer, expected: outcome,
                                               captures: captures, line: i + 1))
            }
        }
        return (UnderstandingFile(path: path, cases: cases, lines: lines), errors)
    }

    private static func directive(_ name: String, _ line: String) -> String? {
        line.hasPrefix(name) ? String(line.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) : nil
    }

    /// The text before a ` #` comment.
    private static func stripComment(_ s: String) -> String {
        (s.range(of: " #").map { String(s[..<$0.lowerBound]) } ?? s).trimmingCharacters(in: .whitespaces)
    }
}
