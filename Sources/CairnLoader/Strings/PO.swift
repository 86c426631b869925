/// A gettext PO file: the translators' format, read by Poedit, Weblate and Crowdin.
///
/// Cairn uses one entry per text: `msgctxt` is the string id, `msgid` the source text, `msgstr`
/// the translation; `#:` is where the text is written, `#.` a note for translators, `#, fuzzy` a
/// draft, `#| msgid` the source a fuzzy draft was made from, and `#~` an obsolete entry
/// (https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html).
public struct POFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var context: String?
        public var id: String
        /// `msgid_plural`: Cairn's texts have no plural forms; the importer refuses them.
        public var idPlural: String?
        /// `msgstr`, or `msgstr[0]`, `msgstr[1]`... with plural forms.
        public var strings: [String]
        public var translatorComments: [String] = []
        public var extractedComments: [String] = []
        public var references: [String] = []
        public var flags: [String] = []
        /// `#| msgid`: the source text a fuzzy translation was made from.
        public var previousID: String?
        /// `#~`: no longer in the source.
        public var obsolete = false
        /// Where the entry starts (1-based), when parsed.
        public var line = 0

        public init(context: String?, id: String, string: String, extractedComments: [String] = [], references: [String] = [],
                    flags: [String] = [], previousID: String? = nil, obsolete: Bool = false) {
            self.context = context
            self.id = id
            self.strings = [string]
            self.extractedComments = extractedComments
            self.references = references
            self.flags = flags
            self.previousID = previousID
            self.obsolete = obsolete
        }

        public var isFuzzy: Bool { flags.contains("fuzzy") }
        /// The translation (`msgstr`).
        public var string: String { strings.first ?? "" }
    }

    /// The header's fields (`Language: fr`), from the entry with an empty msgid.
    public var header: [(name: String, value: String)]
    public var entries: [Entry]

    public init(header: [(name: String, value: String)], entries: [Entry]) {
        self.header = header
        self.entries = entries
    }

    public static func == (a: POFile, b: POFile) -> Bool {
        a.entries == b.entries && a.header.map(\.name) == b.header.map(\.name) && a.header.map(\.value) == b.header.map(\.value)
    }

    /// A header field by name, ignoring case.
    public func headerField(_ name: String) -> String? {
        header.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The PO text: header, then the entries in order, obsolete ones as `#~` lines.
    public func render() -> String {
        var out: [String] = []
        out.append("msgid \"\"")
        out.append("msgstr \"\"")
        for (name, value) in header { out.append(Self.quote("\(name): \(value)\n")) }
        for e in entries {
            out.append("")
            out += e.translatorComments.map { "# \($0)" }
            out += e.extractedComments.map { "#. \($0)" }
            out += e.references.map { "#: \($0)" }
            if !e.flags.isEmpty { out.append("#, " + e.flags.joined(separator: ", ")) }
            let prefix = e.obsolete ? "#~ " : ""
            if let p = e.previousID { out += Self.keyword("msgid", p).map { (e.obsolete ? "#~| " : "#| ") + $0 } }
            if let c = e.context { out += Self.keyword("msgctxt", c).map { prefix + $0 } }
            out += Self.keyword("msgid", e.id).map { prefix + $0 }
            if let p = e.idPlural {
                out += Self.keyword("msgid_plural", p).map { prefix + $0 }
                for (i, s) in e.strings.enumerated() { out += Self.keyword("msgstr[\(i)]", s).map { prefix + $0 } }
            } else {
                out += Self.keyword("msgstr", e.string).map { prefix + $0 }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `msgid "text"`, or for text with line breaks, `msgid ""` then one quoted line per line, as gettext writes them.
    static func keyword(_ name: String, _ s: String) -> [String] {
        let lines = split(s)
        if lines.count <= 1 { return ["\(name) \(quote(s))"] }
        return ["\(name) \"\""] + lines.map(quote)
    }

    /// The text cut after each line break.
    static func split(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in s {
            current.append(ch)
            if ch == "\n" { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A C string literal as PO wants it: `\\`, `\"`, `\n`, `\t` and other control characters escaped.
    static func quote(_ s: String) -> String {
        doubleQuoted(s) { u in
            guard u.value < 0x20 || u.value == 0x7F else { return nil }
            let octal = String(u.value, radix: 8)
            return "\\" + String(repeating: "0", count: 3 - octal.count) + octal
        }
    }
}
