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

    /// `cairn` alone is the chat, the default subcommand: parsed as `Chat` directly, without
    /// reflecting on the whole command tree first (about 20 million instructions, a tenth of the
    /// way to the first prompt). Anything else goes through the tree as usual.
    static func main() {
        guard CommandLine.arguments.count == 1 else { return main(nil) }
        do {
            var chat = try Chat.parse([])
            try chat.run()
        } catch {
            Chat.exit(withError: error)
        }
    }
}
