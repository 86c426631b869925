import ArgumentParser
import CairnLanguageServer
import Foundation

/// `cairn lsp`: a language server for flow files, over standard input and output.
struct LSP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for flow files (LSP over standard input and output), for editors.",
        discussion: "Start it from your editor, not by hand: see docs/language-server.md. Exit status 0 after 'shutdown' then 'exit', 1 otherwise.")

    @Option(help: "The largest message a client may send, in bytes.")
    var maxMessageBytes = 4 << 20

    func run() throws {
        let status = LanguageServer().serve(input: 0, output: 1, maxMessageBytes: maxMessageBytes)
        throw ExitCode(status)
    }
}
