import CairnEngine
import Yams

/// Cairn's own normalization tables, in the lexicon-file format a flow set's lexicon files use
/// (docs/understanding.md): they are read first, so a flow set can add to them or change any entry.
enum BuiltInLexicon {
    /// By locale: the file's text.
    static let files: [(locale: String, text: String)] = [("en", english), ("fr", french)]
}

extension Compiler {
    /// Reads Cairn's own tables for every locale it has them for.
    func readBuiltInLexicons() {
        for (locale, text) in BuiltInLexicon.files {
            var reader = Reader(file: "<built-in \(locale) tables>")
            guard let node = try? Yams.compose(yaml: text) else {
                report([.init(.error, .yamlSyntax, at: SourceLocation(file: reader.file, line: 1, column: 1), "Cairn's own tables do not parse")])
                continue
            }
            readLexicon(node, &reader)
            report(reader.diagnostics)
        }
    }
}
