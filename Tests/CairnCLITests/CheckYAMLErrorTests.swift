import Foundation
import Testing

/// `cairn check` on a file YAML cannot read: that error, in plain words, first; what it causes in
/// the other files hidden and counted (each hidden problem is tested in the loader's knock_on fixture); `--all` shows them.
@Suite("cairn check and YAML errors")
struct CheckYAMLErrorTests {
    @Test func aTabInOneFileHidesWhatFollowsInTheOthers() throws {
        var flows = guideFlows
        flows["main.yaml"] = guideFlows["main.yaml"]!.replacingOccurrences(of: "    say: What should I call you?", with: "\tsay: What should I call you?")
        let workspace = try Workspace(flows: flows)
        defer { workspace.remove() }
        let run = try workspace.cairn("check")
        #expect(run.status == 1)
        let lines = run.stderrLines
        #expect(lines.first?.contains("main.yaml:13:1: error: a tab is used to indent this line; YAML indents with spaces only") == true, "\(run)")
        // The only flow file is the broken one: "no flows" follows from it.
        #expect(lines.contains("1 other problem that may follow from the YAML error above is hidden; fix it and check again (--all shows them)"), "\(run)")
        #expect(!run.stderr.contains("[no-flows]"), "\(run)")
        #expect(lines.last == "1 errors, 0 warnings", "\(run)")

        let all = try workspace.cairn("check", "--all", "--one-line")
        #expect(all.stderrLines.first?.contains("[yaml-tab]") == true, "the YAML error first: \(all)")
        #expect(all.stderr.contains("[no-flows]"), "\(all)")
    }
}
