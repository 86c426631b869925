import CairnTestSupport
import Foundation
import Testing

/// `cairn check` on flow sets made to forge output, hang or crash it. Regression tests for issue 12.
@Suite("cairn check: hostile flow sets")
struct HostileCheckTests {
    static let minimal = "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    end: completed\n"

    @Test func controlCharactersCannotForgeADiagnosticLine() throws {
        let forged = #""x\nFAKE.yaml:1:1: error: forged [yaml-syntax]\u001B[2J""#
        let ws = try Workspace(flows: ["main.yaml": Self.minimal.replacingOccurrences(of: "end: completed", with: "end: completed\n    \(forged): 1")])
        defer { ws.remove() }
        let run = try ws.cairn("check", "--one-line", "Flows")
        #expect(run.status == 1, "\(run)")
        #expect(!run.stderr.contains("\u{1B}"), "no terminal escapes")
        for line in run.stderrLines {
            #expect(line.hasPrefix("Flows/main.yaml:") || line.hasSuffix("warnings"), "\(line)")
        }
        #expect(run.stderr.contains(#"unknown key 'x\nFAKE.yaml:1:1: error: forged [yaml-syntax]\u{1B}[2J'"#), "\(run.stderr)")
        let snippets = try ws.cairn("check", "Flows")
        #expect(!snippets.stderr.contains("\u{1B}") && !snippets.stderrLines.contains { $0.hasPrefix("FAKE") }, "\(snippets.stderr)")
    }

    @Test func anAliasBombIsOneDiagnosticNotACrash() throws {
        let bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            + (1..<10).map { i in "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]" }
        let ws = try Workspace(flows: ["main.yaml": Self.minimal, "bomb.yaml": (bomb + ["nodes:", "  ? *a9", "  : x"]).joined(separator: "\n")])
        defer { ws.remove() }
        let run = try CLI.run(["check", "--one-line", "Flows"], in: ws.url, timeout: 60)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderrLines.filter { $0.contains("[too-many-aliases]") }.count == 1, "\(run)")
    }

    @Test func aFIFOIsOneDiagnosticAndTheCheckGoesOn() throws {
        let ws = try Workspace(flows: ["main.yaml": Self.minimal])
        defer { ws.remove() }
        #expect(mkfifo(ws.url.appendingPathComponent("Flows/pipe.yaml").path, 0o600) == 0)
        let run = try CLI.run(["check", "--one-line", "Flows"], in: ws.url, timeout: 60)
        #expect(run.status == 1)
        #expect(run.stderrLines.first == "Flows/pipe.yaml:1:1: error: is a FIFO, not a flow file [cannot-read]", "\(run)")
        let zero = try CLI.run(["check", "--one-line", "/dev/zero", "Flows/main.yaml"], in: ws.url, timeout: 60)
        #expect(zero.stderrLines.first == "/dev/zero:1:1: error: is a device, not a flow file [cannot-read]", "\(zero)")
    }

    /// Needs a user without read permission; as root, the check runs as nobody (setpriv).
    @Test func anUnreadableDirectoryIsNamedAsGiven() throws {
        let ws = try Workspace(flows: ["main.yaml": Self.minimal])
        defer { ws.remove() }
        let locked = ws.url.appendingPathComponent("Flows/private")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Self.minimal.write(to: locked.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        #expect(chmod(locked.path, 0o000) == 0)
        defer { chmod(locked.path, 0o755) }
        chmod(ws.url.path, 0o755); chmod(ws.url.appendingPathComponent("Flows").path, 0o755)
        chmod(ws.url.appendingPathComponent("Flows/main.yaml").path, 0o644)
        let cairn = try Repository.cairnBinary().path
        let run: SubprocessRun
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            run = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                     ["--reuid=65534", "--regid=65534", "--clear-groups", cairn, "check", "--one-line", "Flows"],
                                     in: ws.url, environment: ["NO_COLOR": "1"], timeout: 60)
            if run.stderr.contains("Permission denied") && run.stderr.contains(cairn) { return }  // nobody cannot run the build
        } else {
            run = try CLI.run(["check", "--one-line", "Flows"], in: ws.url, timeout: 60)
        }
        #expect(run.status == 1, "\(run)")
        #expect(run.stderrLines.first == "Flows/private:1:1: error: cannot list this directory: Permission denied [cannot-read]", "\(run)")
        #expect(!run.stderr.contains("no flows found"), "\(run)")
    }
}
