/// Re-records a transcript's expectations from actual output, keeping comments, options and every
/// turn whose expectations (wildcards included) already match.
public enum TranscriptUpdater {
    /// The transcript's new text, given the results of running each of its conversations.
    public static func update(_ transcript: Transcript, results: [TranscriptRunner.Result]) -> String {
        var replace: [Int: [String]] = [:]   // first line -> new lines
        var drop = Set<Int>()
        var insertAfter: [Int: [String]] = [:]
        for (conversation, result) in zip(transcript.conversations, results) {
            for (k, segment) in result.segments.enumerated() where segment.ran && !segment.matches {
                let newLines = segment.actual.flatMap(\.lines)
                if let first = segment.expected.first {
                    for e in segment.expected { for l in e.lines { drop.insert(l) } }
                    drop.remove(first.lines.lowerBound)
                    replace[first.lines.lowerBound] = newLines
                } else {
                    let anchor = k == 0 ? conversation.afterHeader : segment.inputLines!.upperBound
                    insertAfter[anchor, default: []] += newLines
                }
            }
        }
        var out: [String] = insertAfter[0] ?? []
        for (i, line) in transcript.lines.enumerated() {
            let n = i + 1
            let isComment = line.trimmingCharacters(in: .whitespaces).hasPrefix("#")
            if let new = replace[n] { out += new } else if !drop.contains(n) || isComment { out.append(line) }
            if let extra = insertAfter[n] { out += extra }
        }
        return out.joined(separator: "\n")
    }
}
