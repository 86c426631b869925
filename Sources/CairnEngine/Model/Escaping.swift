extension StringProtocol {
    /// The text with control characters written out, for one line of a log or a diagnostic:
    /// `\n`, `\r`, `\t`, and `\u{1B}` for the others (C0, DEL, C1, and the line and paragraph
    /// separators U+2028 and U+2029). A backslash stays as it is. Untrusted text (a flow file, a
    /// client's request) can then never forge a second line or send terminal escapes.
    ///
    ///     "a\nFAKE.yaml:1:1: error: x".escapingControlCharacters  // a\nFAKE.yaml… on one line
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: \.isControlCharacter) else { return String(self) }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.isControlCharacter: out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    /// C0 and C1 controls, DEL, and the line and paragraph separators: what breaks a line or moves a terminal.
    public var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}

extension StringProtocol {
    /// The text cut to its first `limit` Unicode scalars (then `…`), for quoting a writer's or a
    /// client's words in an error message: the message stays short however long the words are.
    /// Scalars, not characters: one character can hold any number of combining marks.
    ///
    ///     String(repeating: "a", count: 500).shortenedForMessage  // 40 a's, then …
    public func shortenedForMessage(_ limit: Int = 40) -> String {
        // No more bytes than the limit, so no more scalars: nothing to cut (the usual case).
        if utf8.count <= limit { return String(self) }
        var kept = String.UnicodeScalarView(), count = 0
        var rest = unicodeScalars.makeIterator()
        while count < limit, let scalar = rest.next() {
            kept.append(scalar)
            count += 1
        }
        return rest.next() == nil ? String(self) : String(kept) + "…"
    }

    public var shortenedForMessage: String { shortenedForMessage() }
}
