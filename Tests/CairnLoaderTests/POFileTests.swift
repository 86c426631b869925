import CairnLoader
import Foundation
import Testing

/// The PO reader and writer: what gettext writes reads back the same, and anything else is refused
/// with its line, never a crash.
@Suite("PO files")
struct POFileTests {
    static func parse(_ text: String) throws(POFile.ParseError) -> POFile { try POFile.parse(Data(text.utf8)) }

    static func failure(_ text: String) -> POFile.ParseError? {
        do { _ = try parse(text); return nil } catch { return error }
    }

    @Test func readsWhatGettextWrites() throws {
        let po = try Self.parse(#"""
            # A translator's comment
            msgid ""
            msgstr ""
            "Language: fr\n"
            "Content-Type: text/plain; charset=UTF-8\n"

            #. shown only if age_group is under_18
            #: Flows/a.yaml:3 Flows/a.yaml:9
            #, fuzzy, no-c-format
            #| msgctxt "a.b.old"
            #| msgid "Old"
            #| msgid_plural "Olds"
            msgctxt "a.b.say"
            msgid ""
            "Two\n"
            "lines with \"quotes\", a tab\t, \\ and \303\251 and \xc3\xa9"
            msgstr "Deux\nlignes"

            msgctxt "a.b.choice.1"
            msgid "Yes"
            msgstr "Oui"
            #~ msgctxt "gone"
            #~ msgid "Old"
            #~ msgstr ""
            #~ "Vieux"
            """#)
        #expect(po.headerField("language") == "fr")
        #expect(po.entries.count == 3)
        let first = po.entries[0]
        #expect(first.context == "a.b.say")
        #expect(first.id == "Two\nlines with \"quotes\", a tab\t, \\ and é and é")
        #expect(first.string == "Deux\nlignes")
        #expect(first.isFuzzy && first.flags == ["fuzzy", "no-c-format"])
        #expect(first.previousID == "Old")
        #expect(first.references == ["Flows/a.yaml:3", "Flows/a.yaml:9"])
        #expect(first.extractedComments == ["shown only if age_group is under_18"])
        #expect(first.line == 13, "an entry's line is its first keyword")
        #expect(po.entries[1].string == "Oui" && !po.entries[1].obsolete)
        #expect(po.entries[2].obsolete && po.entries[2].context == "gone" && po.entries[2].string == "Vieux")
    }

    @Test func renderThenParseIsTheSameFile() throws {
        var fuzzy = POFile.Entry(context: "x.y.say", id: "Hi {{name}}.\nNext line\u{1}", string: "Salut {{name}}.\n", flags: ["fuzzy"], previousID: "Hi.")
        fuzzy.extractedComments = ["a note"]
        fuzzy.references = ["Flows/x.yaml:4"]
        let po = POFile(header: [("Language", "fr"), ("Content-Type", "text/plain; charset=UTF-8")], entries: [
            fuzzy,
            POFile.Entry(context: "x.y.choice.1", id: "\"Quoted\" \\ back", string: ""),
            POFile.Entry(context: "old", id: "Old", string: "Vieux", obsolete: true),
        ])
        let text = po.render()
        #expect(text.contains("msgid \"\"\n\"Hi {{name}}.\\n\"\n\"Next line\\001\"\n"), "one quoted line per line, control characters in octal")
        #expect(text.contains("#~ msgctxt \"old\"\n#~ msgid \"Old\"\n#~ msgstr \"Vieux\""))
        var back = try Self.parse(text)
        for i in back.entries.indices { back.entries[i].line = 0 }
        #expect(back == po)
    }

    @Test func crlfAndAByteOrderMarkAreFine() throws {
        let po = try POFile.parse(Data([0xEF, 0xBB, 0xBF]) + Data("msgctxt \"a\"\r\nmsgid \"A\"\r\nmsgstr \"B\"\r\n".utf8))
        #expect(po.entries.first?.string == "B")
    }

    @Test(arguments: [
        ("msgctxt \"a\"\nmsgid \"A\"\nmsgstr \"B\nmsgctxt \"b\"", 3, "not closed"),
        ("msgid \"A\"\nmsgstr \"B\" extra", 2, "after the closing quote"),
        ("msgid \"A\"\nmsgstr \"\\q\"", 2, "unknown escape"),
        ("msgid \"A\"\nmsgid \"B\"\nmsgstr \"\"", 2, "given twice"),
        ("msgstr \"B\"", 1, "after a msgid"),
        ("msgid \"A\"\n\nmsgctxt \"b\"\nmsgid \"B\"\nmsgstr \"\"", 1, "no msgstr"),
        ("msgid \"A\"\nmsgstr[1] \"B\"", 2, "only for plural forms"),
        ("msgid \"A\"\nmsgstr \"B\"\nmsgtext \"C\"", 3, "expected msgctxt"),
        ("\"floating\"", 1, "must follow"),
        ("msgid \"A\"\nmsgstr \"\\377\"", 2, "UTF-8"),
        ("msgid \"A\"\nmsgstr \"a\\000b\"", 2, "NUL"),
        ("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"", 1, "UTF-8"),
    ] as [(String, Int, String)])
    func refusesWithTheLine(text: String, line: Int, words: String) {
        let error = Self.failure(text)
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.message.contains(words) == true, "\(String(describing: error))")
    }

    @Test func notUTF8IsRefusedWithItsLine() {
        let data = Data("msgid \"A\"\n".utf8) + Data([0x6D, 0x73, 0x67, 0xFF, 0x0A])
        #expect(throws: POFile.ParseError(line: 2, message: "this line is not UTF-8 text; save the file as UTF-8")) { try POFile.parse(data) }
    }

    @Test func boundsAreKept() {
        let big = Data(repeating: 0x23, count: POFile.maxBytes + 1)
        #expect(throws: POFile.ParseError.self) { try POFile.parse(big) }
        var many = ""
        for i in 0...POFile.maxEntries { many += "msgctxt \"\(i)\"\nmsgid \"a\"\nmsgstr \"\"\n" }
        #expect(Self.failure(many)?.message.contains("more than \(POFile.maxEntries) entries") == true)
    }

    /// Random bytes and damaged PO text: the parser returns or throws, and never traps or hangs.
    @Test func garbageNeverCrashes() {
        var rng = SystemRandomNumberGenerator()
        let sample = Array(#"msgctxt "a"\#nmsgid "A \"q\" \n"\#nmsgstr ""\#n"é\x41\101"\#n#~ msgid "x"\#n#, fuzzy\#n#| msgid "y"\#n"#.utf8)
        for _ in 0..<2000 {
            var bytes = sample
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: i)
                default: bytes.insert(sample[Int.random(in: 0..<sample.count, using: &rng)], at: i)
                }
                if bytes.isEmpty { break }
            }
            _ = try? POFile.parse(Data(bytes))
        }
    }
}
