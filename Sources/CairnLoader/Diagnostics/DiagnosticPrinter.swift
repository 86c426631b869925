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
            ? "\u{1B}[1m\(d.location): \(d.severity == .error ? "\u{1B}[31m" : "\u{1B}[35m")\(sev):\u{1B}[0m\u{1B}[1m \(d.message)\u{1B}[0m [\(d.code.rawValue)]"
            : d.description
        guard snippets, let line = sourceLine else { return head }
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
    var best: (String, Int)?
    let limit = max(1, min(3, name.count / 3))
    for candidate in candidates where candidate != name {
        let d = editDistance(name.lowercased(), candidate.lowercased(), limit: limit)
        if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
    }
    return best?.0
}

func didYouMean(_ name: String, _ candidates: some Sequence<String>) -> String {
    suggestion(for: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}
