import CairnEngine
import LineEditor

/// Turns engine events into terminal text: the one renderer for the terminal chat.
///
/// Contract: `render` returns the text for one step's events, blocks separated by a blank line and
/// ending with a newline (empty when nothing is visible, such as a quick exit). It re-reads
/// `width()` on every call, so a resized window re-wraps the next output. It shows only what the
/// events carry plus the terminal's own notes (a handoff, the end); it never invents content.
///
///     let renderer = TerminalRenderer(mode: .rich, width: { terminalWidth() })
///     write(renderer.render(try engine.step(&session, .start)))
public struct TerminalRenderer: Sendable {
    /// How much styling the output gets.
    public enum Mode: Sendable, Equatable {
        /// A terminal with colour: `*emphasis*` in bold, choice numbers in colour, decorations.
        case rich
        /// A terminal without colour (NO_COLOR, TERM=dumb): `*emphasis*` kept as written, decorations.
        case monochrome
        /// For screen readers and scripts (`--plain`, or not a terminal): no escape sequences, no
        /// decorations, emphasis stars removed, and no hard wrapping (the terminal wraps by itself).
        case plain
    }

    public var mode: Mode
    /// The terminal's width in columns, or nil to leave lines whole; asked on every render.
    public var width: @Sendable () -> Int?
    /// The lines of the terminal's own (the end, a failure, a handoff), from the flows' settings,
    /// in the session's locale.
    public var texts: Texts
    public var locale: String

    public init(mode: Mode, width: @escaping @Sendable () -> Int?, texts: Texts = Texts(), locale: String = "en") {
        self.mode = mode
        self.width = width
        self.texts = texts
        self.locale = locale
    }

    private func line(_ key: Texts.Key) -> String { texts[key].value(for: locale).render([:]) }

    /// The text for one step's events.
    public func render(_ events: [Event]) -> String {
        let columns = mode == .plain ? nil : width()
        var blocks: [String] = []
        for event in events {
            switch event {
            case .say(let text): blocks.append(paragraphs(text, width: columns))
            case .contact(let contact): blocks.append(paragraphs(Self.card(contact), width: columns))
            case .choices(let options): blocks.append(choices(options, width: columns))
            case .ask, .interrupt: break
            case .handoff: blocks.append(paragraphs(line(.noHandoff), width: columns))
            case .failure(let message): blocks.append(paragraphs(line(.failed) + " (\(message))", width: columns))
            case .end(let reason): if let line = endLine(reason) { blocks.append(line) }
            }
        }
        return blocks.isEmpty ? "" : blocks.joined(separator: "\n\n") + "\n"
    }

    /// The whole contacts directory, for `/contacts`: a line of introduction, then every card.
    public func directory(_ contacts: [Contact]) -> String {
        let columns = mode == .plain ? nil : width()
        guard !contacts.isEmpty else { return paragraphs(Self.noDirectoryNote, width: columns) }
        return ([paragraphs(Self.directoryNote, width: columns)] + contacts.map { paragraphs(Self.card($0), width: columns) })
            .joined(separator: "\n\n")
    }

    /// A contact card as text, the same wherever it is shown: the name and what it offers, then a
    /// line for each way to reach it, exactly as the directory gives it.
    ///
    ///     *Kids Help Phone:* a crisis line, by call or text.
    ///     Toll-free: 1-800-668-6868
    ///     Text: CONNECT to 686868
    ///     Hours: 24/7
    public static func card(_ c: Contact) -> String {
        var lines = ["*\(c.name):* \(c.offers)"]
        // One number for calls and texts alike reads as the guide says it: "Call or text 9-8-8".
        if c.phone.count == 1, c.text.count == 1, c.text[0].keyword == nil, c.phone[0].number == c.text[0].number,
           c.phone[0].label == nil, c.phone[0].letters == nil {
            lines.append("Call or text: \(c.phone[0].spoken)")
        } else {
            lines += c.phone.map { "\($0.label ?? "Phone"): \($0.spoken)" }
            lines += c.text.map { "Text: \($0.spoken)" }
        }
        lines += c.email.map { "Email: \($0)" }
        lines += c.web.map { "Web: \($0)" }
        if let hours = c.hours { lines.append("Hours: \(hours)") }
        if let also = c.also { lines.append(also) }
        return lines.joined(separator: "\n")
    }

    static let directoryNote = "Every organisation and line in this guide, with its contact details where the guide gives them:"
    static let noDirectoryNote = "These flows have no contacts directory."

    /// A line of the terminal's own (a save confirmation, an error), wrapped like a message.
    public func note(_ text: String) -> String {
        paragraphs(text, width: mode == .plain ? nil : width())
    }

    /// The prompt before each answer; colour runs are marked for the line editor.
    ///
    /// The reset comes before the space: libedit drops a marked run at the very end of a prompt.
    public var prompt: String {
        mode == .rich ? EditLineReader.nonPrinting("\u{1B}[1m") + ">" + EditLineReader.nonPrinting("\u{1B}[0m") + " " : "> "
    }

    /// Said after a handoff: the terminal has nobody to hand over to. Contacts come only from the flows.
    public static let handoffNote = Texts.defaultText(.noHandoff)
    static let failureNote = Texts.defaultText(.failed)
    static let endedNote = Texts.defaultText(.ended)

    private var layout: TextLayout { TextLayout(bold: mode == .rich, keepMarks: mode == .monochrome) }

    /// A message: each line wrapped on its own, blank lines kept.
    private func paragraphs(_ text: String, width columns: Int?) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { layout.wrap($0, width: columns) }
            .joined(separator: "\n")
    }

    /// Numbered choices, numbers right-aligned so the labels line up; long labels hang under the label.
    private func choices(_ options: [ChoiceOption], width columns: Int?) -> String {
        let numberWidth = options.map { String($0.number).count }.max() ?? 1
        let margin = mode == .plain ? "" : "  "
        return options.map { option in
            let digits = String(option.number)
            let padding = String(repeating: " ", count: numberWidth - digits.count)
            let number = mode == .rich ? "\u{1B}[36m" + digits + ".\u{1B}[39m" : digits + "."
            let label = layout.wrap(Substring(option.label), width: columns, hangingIndent: margin.count + numberWidth + 2)
            return margin + padding + number + " " + label.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private func endLine(_ reason: EndReason) -> String? {
        switch reason {
        case .quickExit, .userDelete: nil  // leaving at once; the flows' own words (if any) are enough
        default: mode == .plain ? line(.ended) : "── " + line(.ended) + " ──"
        }
    }
}
