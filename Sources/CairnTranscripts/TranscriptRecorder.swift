import CairnEngine

/// Writes a live conversation as a transcript that `cairn test` passes unchanged.
public struct TranscriptRecorder: Sendable {
    private var lines: [String]

    public init(name: String = "recorded conversation", options: StartOptions = StartOptions()) {
        lines = ["=== \(name)"]
        if let flow = options.flow { lines.append("flow: \(flow)") }
        if let locale = options.locale { lines.append("locale: \(locale)") }
        for key in options.presets.keys.sorted() { lines.append("set: \(key) = \(options.presets[key]!)") }
    }

    /// Records one turn: what was sent (nil for the start) and the events that came back.
    public mutating func record(_ input: Input?, _ events: [Event]) {
        if let input { lines.append(input.transcriptLine) }
        lines += events.flatMap { Item($0).lines }
    }

    /// The transcript text, ending with a newline.
    public var text: String { lines.joined(separator: "\n") + "\n" }
}
