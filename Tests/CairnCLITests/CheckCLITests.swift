import Foundation
import Testing

@Suite("cairn check: the built binary")
struct CheckCLITests {
    @Test func cleanFlowsExitZeroWithASummary() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let run = try ws.cairn("check")
        #expect(run.status == 0, "\(run)")
        #expect(run.stderrLines.last == "checked 1 flows, 4 nodes: 0 errors, 0 warnings", "\(run)")
    }

    @Test func errorsExitOneWithSwiftcStyleLinesAndACaret() throws {
        var flows = guideFlows
        flows["main.yaml"] = flows["main.yaml"]!.replacingOccurrences(of: "go: greet", with: "go: gret")
        let ws = try Workspace(flows: flows)
        defer { ws.remove() }
        let run = try ws.cairn("check")
        #expect(run.status == 1, "\(run)")
        let lines = run.stderrLines
        let at = try #require(lines.firstIndex { $0.hasPrefix("Flows/main.yaml:") }, "\(run)")
        #expect(lines[at] == "Flows/main.yaml:16:9: error: unknown node or flow 'gret' (did you mean 'greet'?) [unknown-node]")
        #expect(lines[at + 1] == "    go: gret", "the source line")
        #expect(lines[at + 2] == "        ^", "a caret under column 9")
        #expect(lines.last == "1 errors, 1 warnings", "and main.greet is now unreachable")
    }

    @Test func oneLinePrintsOnlyDiagnosticLines() throws {
        var flows = guideFlows
        flows["main.yaml"] = flows["main.yaml"]!.replacingOccurrences(of: "go: greet", with: "go: gret")
            .replacingOccurrences(of: "    say: Hi. Pick one.", with: "    sya: Hi. Pick one.")
        let ws = try Workspace(flows: flows)
        defer { ws.remove() }
        let run = try ws.cairn("check", "--one-line")
        #expect(run.status == 1)
        let diagnostics = run.stderrLines.dropLast()
        #expect(diagnostics.count == 3, "sya, gret, and main.greet unreachable: \(run)")
        let shape = #/^Flows/main\.yaml:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$/#
        #expect(diagnostics.allSatisfy { $0.wholeMatch(of: shape) != nil }, "\(run)")
        #expect(diagnostics.first?.contains("[unknown-key]") == true, "sorted by line: sya comes first")
    }

    @Test func strictFailsOnWarnings() throws {
        var flows = guideFlows
        flows["main.yaml"]! += "\n  orphan:\n    say: Nobody comes here.\n    end: completed\n"
        let ws = try Workspace(flows: flows)
        defer { ws.remove() }
        let relaxed = try ws.cairn("check", "--one-line")
        #expect(relaxed.status == 0, "\(relaxed)")
        #expect(relaxed.stderr.contains("warning: node 'main.orphan' cannot be reached"))
        let strict = try ws.cairn("check", "--strict")
        #expect(strict.status == 1, "\(strict)")
    }

    @Test func aMissingPathIsAnErrorNotACrash() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let run = try ws.cairn("check", "NoSuchFolder")
        #expect(run.status == 1)
        #expect(run.stderr.contains("cairn: error: NoSuchFolder: no such file or directory"), "\(run)")
    }
}
