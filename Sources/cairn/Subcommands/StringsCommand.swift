import ArgumentParser
import CairnLoader
import Foundation

/// `cairn strings export|import`: the flows' texts as gettext PO files, for translators.
struct StringsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strings",
        abstract: "Export the flows' texts for translators (gettext PO) and import their translations.",
        discussion: "See docs/translations.md.",
        subcommands: [Export.self, Import.self])

    /// `cairn strings export --locale fr`: a PO file with every text, label and engine line.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a PO file with every text of the flows and its translation so far.",
            discussion: """
                Each entry's msgctxt is the text's string id, its msgid the text in the flows' \
                language, its #: reference where it is written. A translation whose source text \
                changed since is marked fuzzy, with the old text as #| msgid; translations of texts \
                the flows no longer have are #~ obsolete entries. Exit status: 0, or 1 when the \
                flows have errors.
                """)

        @Option(help: "The language to translate into, such as fr or fr-CA.")
        var locale: String

        @Option(help: "The flows (default: Flows).")
        var flows: String = "Flows"

        @Option(name: [.short, .long], help: "Write the PO file here (default: standard output).")
        var output: String?

        func validate() throws {
            guard locale.range(of: "^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$", options: .regularExpression) != nil else {
                throw ValidationError("'\(locale)' is not a language code like fr or fr-CA")
            }
        }

        func run() throws {
            let result = try loadOrExit([flows])
            _ = try graphOrExit(result, checking: flows)
            guard locale != result.strings.defaultLocale else {
                throw ValidationError("the flows are written in '\(locale)' (settings.locale); export another language")
            }
            let text = result.strings.po(locale: locale).render()
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                let count = result.strings.texts.count
                printErr("wrote \(output): \(count) texts for '\(locale)'")
            } else {
                print(text, terminator: "")
            }
        }
    }

    /// `cairn strings import FILE.po`: the translations into the locale's translation file.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a translated PO file's translations into the flows' translation file.",
            discussion: """
                The translations go into the translation file of the PO file's language \
                (FLOWS/locales/LOCALE.yaml unless one exists already); the flow files are not \
                changed. Fuzzy entries are kept as drafts and reported, never shown to people. \
                Exit status: 0, 1 when the PO file or the flows cannot be read or the flows \
                have errors after the import.
                """)

        @Argument(help: "The translated PO file.")
        var file: String

        @Option(help: "The language of the PO file (default: its header's Language).")
        var locale: String?

        @Option(help: "The flows (default: Flows).")
        var flows: String = "Flows"

        func run() throws {
            let result = try loadOrExit([flows])
            _ = try graphOrExit(result, checking: flows)
            let po: POFile
            do { po = try POFile.read(path: file) } catch {
                printErr("cairn: error: \(error)")
                throw ExitCode(1)
            }
            let strings = result.strings
            let merged: TranslationFile, report: Strings.ImportReport
            do throws(Strings.ImportError) {
                let locale = try Strings.locale(of: po, given: locale)
                guard locale.range(of: "^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$", options: .regularExpression) != nil,
                      locale != strings.defaultLocale else {
                    throw Strings.ImportError(line: 1, message: "'\(locale)' is not a language to translate into (the flows are in '\(strings.defaultLocale)')")
                }
                var isDirectory: ObjCBool = false
                let existing = strings.translations[locale]?.path
                guard existing != nil || (FileManager.default.fileExists(atPath: flows, isDirectory: &isDirectory) && isDirectory.boolValue) else {
                    throw Strings.ImportError(line: 1, message: "--flows \(flows) is not a directory to put locales/\(locale).yaml in")
                }
                let path = existing ?? (flows as NSString).appendingPathComponent("locales/\(locale).yaml")
                (merged, report) = try strings.merge(po, locale: locale, path: path)
            } catch {
                printErr("cairn: error: \(file):\(error.line): \(error.message)")
                throw ExitCode(1)
            }
            do {
                try FileManager.default.createDirectory(atPath: (merged.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(merged.yaml(order: strings.texts.map(\.id)).utf8).write(to: URL(fileURLWithPath: merged.path), options: .atomic)
            } catch {
                printErr("cairn: error: cannot write \(merged.path): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            printErr("wrote \(merged.path)")
            for line in report.lines { printErr("  " + line) }
            // Load again, as a session would: problems in the translations show now, not later.
            let after = try loadOrExit([flows])
            let problems = after.diagnostics.filter { d in d.location.file == merged.path || d.code.rawValue.contains("translation") }
            if !problems.isEmpty { printErr(problems.map(\.description).joined(separator: "\n")) }
            if after.graph == nil { throw ExitCode(1) }
        }
    }
}
