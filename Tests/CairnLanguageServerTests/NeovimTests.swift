import CairnTestSupport
import Foundation
import Testing

/// `cairn lsp` with a real editor's client: Neovim's built-in LSP client, headless, driven by
/// Neovim/session.lua. Skipped, saying so, where `nvim` is not installed (`.ci/setup` installs it).
@Suite("cairn lsp with Neovim")
struct NeovimTests {
    static let nvim = ["/usr/bin/nvim", "/usr/local/bin/nvim"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: nvim != nil, "nvim is not installed (apt-get install neovim, or run .ci/setup): the Neovim client test is skipped"))
    func neovimsClientChecksDefinesHoversAndCompletes() throws {
        let folder = try FlowFolder(["main.yaml": EndToEndTests.main, "other.yaml": EndToEndTests.other])
        defer { folder.remove() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Neovim/session.lua")
        let out = folder.url.appendingPathComponent("results.txt")
        let run = try Subprocess.run(URL(fileURLWithPath: Self.nvim!), ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile \(script.path)"],
                                     in: folder.url,
                                     environment: ["CAIRN_BIN": try Repository.cairnBinary().path, "ROOT": folder.url.path, "OUT": out.path,
                                                   "XDG_STATE_HOME": folder.url.path, "XDG_DATA_HOME": folder.url.path],
                                     timeout: 180)
        let lines = ((try? String(contentsOf: out, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        #expect(!run.timedOut, "\(run)")
        #expect(lines.first == "client true", "\(lines)\n\(run)")
        #expect(lines.contains("opened true 0"), "\(lines)")
        #expect(lines.contains("diagnostic unknown-node 8:12"), "\(lines)")
        #expect(lines.contains("fixed true"), "\(lines)")
        #expect(lines.contains("definition 11:2"), "\(lines)")
        #expect(lines.contains("hover > What should I call you?"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("completion ") && $0.contains("ask_name") && $0.contains("other.info") }, "\(lines)")
        #expect(lines.last == "stopped true", "\(lines)")
    }
}
