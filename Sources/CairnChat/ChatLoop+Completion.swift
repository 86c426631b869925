import CairnEngine

extension ChatLoop {
    /// Tab completion for the line typed so far: the full lines that could follow it.
    ///
    /// Candidates are what the engine would understand now (`Engine.suggestions`: the visible
    /// choices' labels and keywords, the command words), the commands' one-word `/` forms, and
    /// `/save `, `/why` and `/contacts`. Matching ignores case: each candidate comes back starting with exactly what was
    /// typed, so the line editor only ever adds to it ("my" completes to "my image was shared").
    public func completions(for line: String) -> [String] {
        let slashForms = engine.graph.settings.commands.flatMap(\.words)
            .filter { !$0.contains(" ") }
            .map { "/" + $0 }
        var seen: Set<String> = []
        var out: [String] = []
        for candidate in engine.suggestions(for: session) + slashForms.sorted() + ["/save ", "/why", "/contacts"] {
            guard candidate.count >= line.count,
                  zip(candidate, line).allSatisfy({ $0.lowercased() == $1.lowercased() }) else { continue }
            let adapted = line + candidate.dropFirst(line.count)
            if seen.insert(adapted).inserted { out.append(adapted) }
        }
        return out
    }
}
