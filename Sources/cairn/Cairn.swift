import ArgumentParser

/// `cairn`: a guided conversation in the terminal, and the writers' and hosts' tools around it.
@main
struct Cairn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "A guided conversation engine.",
        discussion: "With no subcommand, cairn opens a chat in the terminal.",
        subcommands: [Chat.self, Check.self, Test.self, Why.self, Serve.self, Explore.self, GraphCommand.self, StringsCommand.self, LSP.self],
        defaultSubcommand: Chat.self
    )

    /// `cairn` alone is the chat, the default subcommand, with every option at its default:
    /// there is nothing to parse, so the argument parser, which reflects on the command tree (about
    /// 20 million instructions for the tree, 11 million for `Chat` alone: a tenth of the way to
    /// the first prompt), is not asked. Anything else goes through the tree as usual.
    static func main() {
        guard CommandLine.arguments.count == 1 else { return main(nil) }
        do {
            try Chat.run(Chat.Options())
        } catch {
            Chat.exit(withError: error)
        }
    }
}
