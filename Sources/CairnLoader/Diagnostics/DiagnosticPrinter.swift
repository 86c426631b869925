import CairnEngine

/// Renders diagnostics for people (source line and caret, optional colour) or one line each for tools.
public struct DiagnosticPrinter: Sendable {
    public var colour: Bool
    public var snippets: Bool

    public init(colour: Bool, snippets: Bool) {
        self.colour = colour
        self.snippets = snippets
    }

    /// Renders one diagnostic; `sourceLine` is the text of its line, when known.
    public func render(_ d: Diagnostic, sourceLine: String?) -> String {
        let sev = d.severity.rawValue
        let head = colour
            ? "\u{1B}[1m\(d.location.description.escapingControlCharacters): \(d.severity == .error ? "\u{1B}[31m" : "\u{1B}[35m")\(sev):\u{1B}[0m\u{1B}[1m \(d.message.escapingControlCharacters)\u{1B}[0m [\(d.code.rawValue)]"
            : d.description
        guard snippets, let raw = sourceLine else { return head }
        // One column per character, so the caret still lines up: control characters (but tabs) show as '?'.
        let line = String(String.UnicodeScalarView(raw.unicodeScalars.map { $0 != "\t" && $0.isControlCharacter ? "?" : $0 }))
        let caretPad = String(line.unicodeScalars.prefix(max(0, d.location.column - 1)).map { $0 == "\t" ? "\t" : " " })
        let caret = colour ? "\u{1B}[32m^\u{1B}[0m" : "^"
        return "\(head)\n\(line)\n\(caretPad)\(caret)"
    }

    /// Renders a load's diagnostics with the source lines of the files it read.
    public func render(_ result: FlowLoader.Result) -> String {
        render(result.diagnostics) { file in result.sources[file].map { $0.split(separator: "\n", omittingEmptySubsequences: false) } }
    }

    /// Renders all diagnostics, reading source lines through `lines(file)`.
    public func render(_ diagnostics: [Diagnostic], lines: (String) -> [Substring]?) -> String {
        var out: [String] = []
        for d in diagnostics {
            let fileLines = lines(d.location.file)
            let line = fileLines.flatMap { d.location.line - 1 < $0.count && d.location.line >= 1 ? String($0[d.location.line - 1]) : nil }
            out.append(render(d, sourceLine: line))
        }
        return out.joined(separator: "\n")
    }
}

/// "did you mean" for a misspelt name: the closest candidate within a small edit distance.
public func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
    SuggestionIndex(candidates).suggestion(for: name)
}

func didYouMean(_ name: String, _ candidates: some Sequence<String>) -> String {
    suggestion(for: name, among: candidates).map { " (did you mean '\(Compiler.excerpt($0))'?)" } ?? ""
}

/// Names for "did you mean", bucketed by length, so that thousands of misspelt references among
/// thousands of names cost near-linear time instead of every name against every reference.
///
/// A name within edit distance `limit` of another differs in length by at most `limit`, so only
/// those buckets are searched, nearest length first, and at most `maxComparisons` names each time
/// (a cap that only matters for huge sets of names of one length). Ties go to the smaller name.
public struct SuggestionIndex: Sendable {
    public static let maxComparisons = 512
    /// Lowercased length in Unicode scalars -> (lowercased, name), sorted by name.
    private var buckets: [Int: [(lower: String, name: String)]] = [:]

    public init(_ names: some Sequence<String>) {
        for name in Set(names) {
            let lower = name.lowercased()
            buckets[lower.unicodeScalars.count, default: []].append((lower, name))
        }
        for key in buckets.keys { buckets[key]!.sort { $0.name < $1.name } }
    }

    public func suggestion(for name: String) -> String? { best(for: name)?.name }

    /// The closest name and its distance, or nil when none is close enough.
    public func best(for name: String) -> (name: String, distance: Int)? {
        let lower = name.lowercased()
        let length = lower.unicodeScalars.count
        let limit = max(1, min(3, name.count / 3))
        var best: (name: String, distance: Int)?
        var compared = 0
        for delta in 0...(2 * limit) {
            let offset = delta % 2 == 0 ? delta / 2 : -(delta + 1) / 2  // 0, -1, 1, -2, 2, ...
            guard abs(offset) <= limit, let bucket = buckets[length + offset] else { continue }
            for candidate in bucket where candidate.name != name {
                if compared >= Self.maxComparisons { return best }
                compared += 1
                let d = editDistance(lower, candidate.lower, limit: limit)
                if d <= limit, best == nil || d < best!.distance || (d == best!.distance && candidate.name < best!.name) {
                    best = (candidate.name, d)
                }
            }
        }
        return best
    }
}
