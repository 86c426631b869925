import CairnEngine
import Foundation

extension POFile {
    /// Why a PO file could not be read: the line (1-based) and what to fix.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Limits on untrusted PO files: far above any real translation of a flow set.
    public static let maxBytes = 8 << 20
    public static let maxEntries = 100_000

    /// Parses PO text. Accepts what gettext writes (multi-line strings, `\n \t \" \\` and octal or
    /// hex escapes, `#~` obsolete entries, a BOM, CRLF lines) and refuses anything else with the
    /// line it is on: a file over `maxBytes` or `maxEntries`, text that is not UTF-8, an unknown
    /// keyword or escape, a string not closed, a `msgstr` with no `msgid`, a keyword given twice.
    public static func parse(_ data: Data) throws(ParseError) -> POFile {
        guard data.count <= maxBytes else {
            throw ParseError(line: 1, message: "the file is \(data.count) bytes; a PO file may be at most \(maxBytes) bytes")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var parser = Parser()
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            var slice = bytes[start..<end]
            if slice.last == 0x0D { slice = slice.dropLast() }
            guard let line = String(validating: slice, as: UTF8.self) else {
                throw ParseError(line: lineNumber, message: "this line is not UTF-8 text; save the file as UTF-8")
            }
            if line.contains("\0") { throw ParseError(line: lineNumber, message: "this line holds a NUL character") }
            try parser.line(line, lineNumber)
            if end == bytes.count { break }
            start = end + 1
        }
        try parser.finish(lineNumber)
        return try parser.file()
    }

    private struct Parser {
        enum Field: Equatable { case context, id, plural, string(Int), previousID, previousContext }

        var entries: [Entry] = []
        var current = Entry(context: nil, id: "", string: "")
        var seen: [Field] = []
        var last: Field?
        var started = false
        var hasID = false
        var hasString = false
        var entryLine = 0
        var comments: (translator: [String], extracted: [String], references: [String], flags: [String]) = ([], [], [], [])

        mutating func line(_ raw: String, _ n: Int) throws(ParseError) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { try finish(n); return }
            if line.hasPrefix("#~") {
                var rest = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("|") {
                    // An obsolete entry's previous text: not kept.
                    rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
                    if rest.hasPrefix("\"") || rest.hasPrefix("msg") { return }
                }
                if rest.isEmpty { return }
                try keywordLine(rest, n, obsolete: true)
                return
            }
            if line.hasPrefix("#") {
                if hasString { try finish(n) }
                let kind = line.dropFirst().first
                let text = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                switch kind {
                case ".": comments.extracted.append(text)
                case ":": comments.references += text.split(separator: " ").map(String.init)
                case ",": comments.flags += text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                case "|": try previous(text, n)
                default: comments.translator.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
                }
                return
            }
            try keywordLine(line, n, obsolete: false)
        }

        mutating func previous(_ text: String, _ n: Int) throws(ParseError) {
            if text.hasPrefix("msgctxt") || text.hasPrefix("msgid_plural") {
                last = .previousContext  // the previous context and plural are not kept
            } else if text.hasPrefix("msgid") {
                let value = try Self.string(String(text.dropFirst(5)), n)
                current.previousID = value
                last = .previousID
            } else if text.hasPrefix("\"") {
                let value = try Self.string(text, n)
                if last == .previousID { current.previousID = (current.previousID ?? "") + value }
            } else {
                throw ParseError(line: n, message: "'#|' is followed by msgctxt, msgid or a quoted string, not '\(Self.excerpt(text))'")
            }
        }

        mutating func keywordLine(_ line: String, _ n: Int, obsolete: Bool) throws(ParseError) {
            if line.hasPrefix("\"") {
                guard let field = last, field != .previousID, field != .previousContext else {
                    throw ParseError(line: n, message: "a quoted string must follow msgctxt, msgid or msgstr (or a line that continues one)")
                }
                append(try Self.string(line, n), to: field)
                return
            }
            let name = String(line.prefix { !$0.isWhitespace && $0 != "\"" })
            let rest = String(line.dropFirst(name.count))
            let field: Field
            switch name {
            case "msgctxt": field = .context
            case "msgid": field = .id
            case "msgid_plural": field = .plural
            case "msgstr": field = .string(0)
            default:
                if name.hasPrefix("msgstr["), name.hasSuffix("]"), let i = Int(name.dropFirst(7).dropLast()), (0..<100).contains(i) {
                    field = .string(i)
                } else {
                    throw ParseError(line: n, message: "expected msgctxt, msgid, msgstr, a quoted string or a # comment, not '\(Self.excerpt(line))'")
                }
            }
            // A new msgctxt or msgid after a msgstr starts the next entry.
            if hasString, field == .context || field == .id { try finish(n) }
            if !started { started = true; entryLine = n; current.obsolete = obsolete }
            guard !seen.contains(field) else {
                throw ParseError(line: n, message: "\(name) is given twice in the entry that starts on line \(entryLine)")
            }
            switch field {
            case .context where hasID: throw ParseError(line: n, message: "msgctxt comes before msgid")
            case .plural where !hasID, .string where !hasID:
                throw ParseError(line: n, message: "\(name) comes after a msgid")
            case .string(let i) where i > 0 && current.idPlural == nil:
                throw ParseError(line: n, message: "\(name) is only for plural forms (after msgid_plural)")
            default: break
            }
            seen.append(field)
            last = field
            let value = try Self.string(rest, n)
            switch field {
            case .context: current.context = value
            case .id: current.id = value; hasID = true
            case .plural: current.idPlural = value
            case .string(let i):
                while current.strings.count <= i { current.strings.append("") }
                current.strings[i] = value
                hasString = true
            default: break
            }
        }

        mutating func append(_ s: String, to field: Field) {
            switch field {
            case .context: current.context = (current.context ?? "") + s
            case .id: current.id += s
            case .plural: current.idPlural = (current.idPlural ?? "") + s
            case .string(let i): current.strings[i] += s
            default: break
            }
        }

        /// Ends the entry being read, if any.
        mutating func finish(_ n: Int) throws(ParseError) {
            guard started else { return }
            guard hasID else { throw ParseError(line: entryLine, message: "this entry has no msgid") }
            guard hasString else { throw ParseError(line: entryLine, message: "the entry that starts here has no msgstr") }
            current.translatorComments = comments.translator
            current.extractedComments = comments.extracted
            current.references = comments.references
            current.flags = comments.flags
            current.line = entryLine
            guard entries.count < POFile.maxEntries else {
                throw ParseError(line: entryLine, message: "more than \(POFile.maxEntries) entries")
            }
            entries.append(current)
            current = Entry(context: nil, id: "", string: "")
            current.strings = []
            seen = []
            last = nil
            started = false
            hasID = false
            hasString = false
            comments = ([], [], [], [])
        }

        func file() throws(ParseError) -> POFile {
            var entries = entries
            var header: [(String, String)] = []
            if let i = entries.firstIndex(where: { $0.id.isEmpty && $0.context == nil && !$0.obsolete }) {
                let h = entries.remove(at: i)
                for line in h.string.split(separator: "\n") {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    header.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                                   String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
                }
            }
            if let type = header.first(where: { $0.0.lowercased() == "content-type" })?.1.lowercased(),
               let range = type.range(of: "charset="), !type[range.upperBound...].hasPrefix("utf-8") {
                throw ParseError(line: 1, message: "the header says '\(Self.excerpt(type))'; Cairn reads PO files in UTF-8 (Poedit: Catalog > Properties > Charset)")
            }
            return POFile(header: header, entries: entries)
        }

        /// A C string literal (`"..."`, then only spaces) with gettext's escapes, as UTF-8 text.
        static func string(_ text: String, _ n: Int) throws(ParseError) -> String {
            let t = text.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("\"") else { throw ParseError(line: n, message: "expected a string in double quotes after the keyword") }
            var out: [UInt8] = []
            var it = Array(t.utf8).dropFirst()
            var closed = false
            while let b = it.popFirst() {
                if b == UInt8(ascii: "\"") {
                    closed = true
                    guard it.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else {
                        throw ParseError(line: n, message: "text after the closing quote; write a quote inside a string as \\\"")
                    }
                    break
                }
                guard b == UInt8(ascii: "\\") else { out.append(b); continue }
                guard let e = it.popFirst() else { break }
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "?"): out.append(e)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var v = Int(e - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard let d = it.first, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(d) else { break }
                        v = v * 8 + Int(d - UInt8(ascii: "0"))
                        it.removeFirst()
                    }
                    guard v <= 0xFF else { throw ParseError(line: n, message: "the escape \\\(String(v, radix: 8)) is more than one byte") }
                    out.append(UInt8(v))
                case UInt8(ascii: "x"):
                    var v = 0, digits = 0
                    while let d = it.first, let x = Int(String(UnicodeScalar(d)), radix: 16), digits < 2 {
                        v = v * 16 + x
                        digits += 1
                        it.removeFirst()
                    }
                    guard digits > 0 else { throw ParseError(line: n, message: "\\x needs hexadecimal digits") }
                    out.append(UInt8(v))
                default:
                    throw ParseError(line: n, message: "unknown escape '\\\(String(UnicodeScalar(e)))'; write a backslash as \\\\")
                }
            }
            guard closed else { throw ParseError(line: n, message: "the string is not closed: it needs a \" at the end of the line") }
            guard let s = String(validating: out, as: UTF8.self) else {
                throw ParseError(line: n, message: "the escapes in this string do not make UTF-8 text")
            }
            guard !s.contains("\0") else { throw ParseError(line: n, message: "this string holds a NUL character") }
            return s
        }

        static func excerpt(_ s: String) -> String { s.shortenedForMessage(40) }
    }
}

extension POFile {
    /// Why a PO file could not be read from disk.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Reads and parses the PO file at `path`: a regular file of at most `maxBytes`, opened
    /// without blocking (a FIFO cannot stall the read). Parse errors carry the line.
    public static func read(path: String) throws(ReadError) -> POFile {
        var found = FlowFiles.Found()
        FlowFiles.readFile(path, into: &found, limit: maxBytes)
        if let d = found.diagnostics.first { throw ReadError(path: path, message: d.message) }
        guard let data = found.files.first?.data else { throw ReadError(path: path, message: "cannot be read") }
        do { return try parse(data) } catch { throw ReadError(path: "\(path):\(error.line)", message: error.message) }
    }
}
