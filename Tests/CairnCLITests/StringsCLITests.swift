import CairnTestSupport
import Foundation
import Testing

/// Whether gettext's `msgfmt` is on the PATH (.ci/setup installs gettext).
let msgfmtPath: String? = ["/usr/bin/msgfmt", "/usr/local/bin/msgfmt", "/opt/homebrew/bin/msgfmt"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// `msgfmt --check` on a PO file: gettext's own verdict on what `cairn strings export` writes.
func msgfmtCheck(_ path: URL) throws -> SubprocessRun {
    try Subprocess.run(URL(fileURLWithPath: msgfmtPath!), ["--check", "--statistics", "-o", "/dev/null", path.path])
}

/// Sets the msgstr of the entry with msgctxt `id` in PO text (as a translator's editor would).
func translate(_ po: String, _ id: String, _ text: String, fuzzy: Bool = false) -> String {
    var lines = po.components(separatedBy: "\n")
    guard let at = lines.firstIndex(of: "msgctxt \"\(id)\""),
          let str = lines[at...].firstIndex(where: { $0.hasPrefix("msgstr ") }) else { return po }
    lines[str] = "msgstr \"\(text)\""
    var end = str + 1
    while end < lines.count, lines[end].hasPrefix("\"") { end += 1 }
    lines.removeSubrange((str + 1)..<end)
    if fuzzy { lines.insert("#, fuzzy", at: at) }
    return lines.joined(separator: "\n")
}

@Suite("cairn strings: PO files for translators, the built binary")
struct StringsCLITests {
    @Test func exportEditImportThenTheChatSpeaksFrench() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let export = try ws.cairn("strings", "export", "--locale", "fr", "-o", "fr.po")
        #expect(export.status == 0, "\(export)")
        var po = try ws.read("fr.po")
        #expect(po.contains("#: Flows/main.yaml:6\nmsgctxt \"main.hello.say\"\nmsgid \"Hi. Pick one.\"\nmsgstr \"\""), "\(po)")
        #expect(po.contains("msgctxt \"settings.texts.which_one\"\nmsgid \"Which one did you mean?\"\nmsgstr \"Lequel de ces choix voulais-tu dire?\""))
        po = translate(po, "main.hello.say", "Salut. Choisis.")
        po = translate(po, "main.hello.choice.1", "Dis-moi ton nom")
        po = translate(po, "main.hello.choice.2", "Partir", fuzzy: true)
        po = translate(po, "main.ask_name.say", "Comment veux-tu que je t'appelle?")
        po = translate(po, "main.greet.say", "Enchanté, {{name or \\\"toi\\\"}}.")
        try ws.write(["fr.po": po], under: ".")

        let imported = try ws.cairn("strings", "import", "fr.po")
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stderr.contains("wrote Flows/locales/fr.yaml"), "\(imported)")
        #expect(imported.stderr.contains("1 fuzzy entries kept as drafts, not shown until the fuzzy mark is removed: main.hello.choice.2"), "\(imported)")
        let yaml = try ws.read("Flows/locales/fr.yaml")
        #expect(yaml.contains("  main.hello.say:\n    en: \"Hi. Pick one.\"\n    fr: \"Salut. Choisis.\"\n"), "\(yaml)")
        #expect(yaml.contains("  main.hello.choice.2:\n    en: \"Leave\"\n    fr: \"Partir\"\n    fuzzy: true\n"), "\(yaml)")
        #expect(try ws.read("Flows/main.yaml") == guideFlows["main.yaml"], "the writers' file is untouched")

        let check = try ws.cairn("check", "--one-line")
        #expect(check.status == 0, "\(check)")
        #expect(check.stderr.contains("Flows/locales/fr.yaml:6:15: warning: 'fr': 4 of 20 texts have no translation (1 fuzzy (drafts, not shown))"), "\(check)")
        let strict = try ws.cairn("check", "--strict")
        #expect(strict.status == 1, "--strict makes missing translations an error")

        let chat = try Subprocess.cairn(["--flows", "Flows", "--locale", "fr"], input: "zzz\n1\nSam\nquitter\n", in: ws.url)
        #expect(chat.stdout.contains("Salut. Choisis.\n\n1. Dis-moi ton nom\n2. Leave\n\nDésolé, je n'ai pas compris."), "\(chat)")
        #expect(chat.stdout.contains("Comment veux-tu que je t'appelle?\n\nEnchanté, Sam."), "\(chat)")
    }

    @Test func aChangedEnglishTextIsFuzzyOnTheNextExport() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        _ = try ws.cairn("strings", "export", "--locale", "fr", "-o", "fr.po")
        try ws.write(["fr.po": translate(try ws.read("fr.po"), "main.hello.say", "Salut. Choisis.")], under: ".")
        #expect(try ws.cairn("strings", "import", "fr.po").status == 0)
        try ws.write(["main.yaml": guideFlows["main.yaml"]!.replacingOccurrences(of: "Hi. Pick one.", with: "Hello. Pick one.")], under: "Flows")
        let again = try ws.cairn("strings", "export", "--locale", "fr")
        #expect(again.stdout.contains("#, fuzzy\n#| msgid \"Hi. Pick one.\"\nmsgctxt \"main.hello.say\"\nmsgid \"Hello. Pick one.\"\nmsgstr \"Salut. Choisis.\""), "\(again)")
        let check = try ws.cairn("check", "--one-line")
        #expect(check.stderr.contains("(1 out of date (the en text changed since))"), "\(check)")
    }

    @Test(.enabled(if: msgfmtPath != nil, "gettext's msgfmt is missing: run .ci/setup (Debian: gettext)"))
    func msgfmtAcceptsTheExportOfTheBundledGuide() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-po-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try CLI.run(["strings", "export", "--locale", "fr", "--flows", repositoryRoot.appendingPathComponent("Flows").path,
                                  "-o", dir.appendingPathComponent("fr.po").path], in: dir)
        #expect(export.status == 0, "\(export)")
        let check = try msgfmtCheck(dir.appendingPathComponent("fr.po"))
        #expect(check.status == 0, "\(check)")
        #expect(check.stderr.contains("translated message"), "\(check)")
        // With a fuzzy entry and an obsolete one too.
        var po = try String(contentsOf: dir.appendingPathComponent("fr.po"), encoding: .utf8)
        po = translate(po, "settings.reprompt.first", "Pardon?", fuzzy: true) + "\n#~ msgctxt \"gone\"\n#~ msgid \"Old\"\n#~ msgstr \"Vieux\"\n"
        try po.write(to: dir.appendingPathComponent("edited.po"), atomically: true, encoding: .utf8)
        #expect(try msgfmtCheck(dir.appendingPathComponent("edited.po")).status == 0)
    }

    @Test func aBrokenPOFileIsRefusedWithItsLine() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write(["bad.po": "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\nmsgctxt \"main.hello.say\"\nmsgid \"Hi. Pick one.\"\nmsgstr \"Salut\n"], under: ".")
        let run = try ws.cairn("strings", "import", "bad.po")
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.po:6: the string is not closed"), "\(run)")
        try ws.write(["plural.po": "msgctxt \"main.hello.say\"\nmsgid \"one\"\nmsgid_plural \"many\"\nmsgstr[0] \"un\"\nmsgstr[1] \"plusieurs\"\n"], under: ".")
        let plural = try ws.cairn("strings", "import", "plural.po", "--locale", "fr")
        #expect(plural.status == 1)
        #expect(plural.stderr.contains("plural.po:1: plural forms (msgid_plural) are not used by Cairn's texts"), "\(plural)")
        #expect(!FileManager.default.fileExists(atPath: ws.url.appendingPathComponent("Flows/locales").path), "nothing written")
    }
}
