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
}
