import Foundation
import Testing

@Suite("cairn: usage errors exit 64")
struct UsageCLITests {
    @Test(arguments: [
        ["check", "--no-such-flag"],
        ["test", "--min-coverage", "lots"],
        ["test", "--junit"],
        ["explore", "--depth", "0"],
        ["explore", "--max-states", "many"],
        ["graph", "one", "two"],
        ["graph", "nosuch"],
    ])
    func usageErrorsExit64(_ arguments: [String]) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let run = try CLI.run(arguments, in: ws.url)
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("Error:") || run.stderr.contains("error:"), "says what is wrong: \(run)")
    }

    @Test func helpListsTheWritersTools() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let run = try ws.cairn("--help")
        #expect(run.status == 0)
        for name in ["check", "test", "explore", "graph"] {
            #expect(run.stdout.contains("  \(name) "), "\(name) in: \(run.stdout)")
        }
    }
}
