import CairnEngine
import Foundation
import Yams

/// Cairn's own normalization tables, in the lexicon-file format a flow set's lexicon files use
/// (docs/understanding.md): they are read first, so a flow set can add to them or change any entry.
enum BuiltInLexicon {
    /// By locale: the file's text.
    static let files: [(locale: String, text: String)] = [("en", english), ("fr", french)]

    /// What reading the tables gives: each locale's lexicon and what reading reported (nothing,
    /// unless the tables themselves are broken).
    struct Tables: Sendable {
        var lexicons: [String: LocaleLexicon]
        var diagnostics: [Diagnostic]
    }

    /// The tables read once per process, at the first load: parsing them with Yams is most of the
    /// cost of loading a small flow set (about 14 ms), and they never change. An immutable value
    /// (a `static let` is initialized once, thread-safely), so loads on several threads share it.
    static let tables = read()

    /// Reads the tables afresh (what `tables` holds; tests compare the two).
    static func read() -> Tables {
        let compiler = Compiler()
        compiler.readBuiltInFiles()
        return Tables(lexicons: compiler.lexicons, diagnostics: compiler.diagnostics)
    }

    /// A normalizer for `lexicon` when its tables are Cairn's own for `locale` (a flow set that
    /// changes no table entry), made once per process and shared; nil otherwise. Making one reads
    /// the whole table (about 6 million instructions, half of checking a small flow set).
    static func sharedNormalizer(for lexicon: LocaleLexicon, locale: String) -> TextNormalizer? {
        guard let own = tables.lexicons[locale], lexicon.hasSameTables(as: own) else { return nil }
        return normalizers.value(for: locale) { TextNormalizer(own, locale: locale) }
    }

    private static let normalizers = SharedNormalizers()

    /// Made at the first load that asks for a locale (under a lock: a second caller waits for the
    /// same value), kept for the process.
    private final class SharedNormalizers: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [String: TextNormalizer] = [:]

        func value(for locale: String, _ make: () -> TextNormalizer) -> TextNormalizer {
            lock.lock()
            defer { lock.unlock() }
            if let n = made[locale] { return n }
            let n = make()
            made[locale] = n
            return n
        }
    }
}

extension Compiler {
    /// Starts each locale's lexicon with Cairn's own tables, read once per process. Called before
    /// any of the flow set's lexicon files, which then add to them or change their entries.
    func readBuiltInLexicons() {
        let tables = BuiltInLexicon.tables
        for (locale, lexicon) in tables.lexicons where lexicons[locale] == nil { lexicons[locale] = lexicon }
        report(tables.diagnostics)
    }

    /// Reads Cairn's own tables for every locale it has them for. They define no concepts: a
    /// concept here would also need its place in `conceptLocations`, `conceptGraph` and
    /// `patternUses`, which `BuiltInLexicon.Tables` does not carry.
    fileprivate func readBuiltInFiles() {
        for (locale, text) in BuiltInLexicon.files {
            var reader = Reader(file: "<built-in \(locale) tables>")
            guard let node = try? SourceFile.compose(text) else {  // as SourceFile.parse: text only
                report([.init(.error, .yamlSyntax, at: SourceLocation(file: reader.file, line: 1, column: 1), "Cairn's own tables do not parse")])
                continue
            }
            readLexicon(node, &reader)
            report(reader.diagnostics)
        }
    }
}
