import CairnEngine
import CairnLoader
import Foundation
import Testing

/// Each directory under Fixtures/invalid is a flow set whose expected diagnostics are marked inline:
/// a comment line `#   ^ code` puts a caret under the column of the line above it, and
/// `#@ line:column code` names a position outright. The loader must report exactly those.
@Suite("Diagnostics from fixtures")
struct DiagnosticFixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var invalidCases: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("invalid").path).sorted()) ?? []
    }

    struct Expected: Hashable, CustomStringConvertible {
        var file: String, line: Int, column: Int, code: String
        var description: String { "\(file):\(line):\(column) [\(code)]" }
    }

    static func markers(file: String, text: String) -> [Expected] {
        var out: [Expected] = []
        var lastContent = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#@ ") {
                let parts = line.dropFirst(3).split(separator: " ")
                let pos = parts[0].split(separator: ":").compactMap { Int($0) }
                out.append(Expected(file: file, line: pos[0], column: pos[1], code: String(parts[1])))
            } else if line.hasPrefix("#"), let caret = line.firstIndex(of: "^"), line[line.startIndex..<caret].dropFirst().allSatisfy({ $0 == " " }) {
                let column = line.distance(from: line.startIndex, to: caret) + 1
                let code = line[line.index(after: caret)...].trimmingCharacters(in: .whitespaces)
                out.append(Expected(file: file, line: lastContent, column: column, code: code))
            } else {
                lastContent = i + 1
            }
        }
        return out
    }

    @Test(arguments: invalidCases)
    func reportsExactlyTheMarkedProblems(name: String) throws {
        let dir = Self.root.appendingPathComponent("invalid").appendingPathComponent(name)
        var expected: [Expected] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            expected += Self.markers(file: file, text: try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8))
        }
        let result = try FlowLoader.load(paths: [dir.path])
        let actual = result.diagnostics.map {
            Expected(file: ($0.location.file as NSString).lastPathComponent, line: $0.location.line, column: $0.location.column, code: $0.code.rawValue)
        }
        #expect(Set(actual) == Set(expected), "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(actual.count == expected.count, "each problem once")
        if result.diagnostics.hasErrors { #expect(result.graph == nil, "no graph when there are errors") }
    }

    @Test func everyCodeHasAFixtureOrATest() throws {
        var covered = Set<String>()
        for name in Self.invalidCases {
            let dir = Self.root.appendingPathComponent("invalid").appendingPathComponent(name)
            for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                covered.formUnion(Self.markers(file: file, text: try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)).map(\.code))
            }
        }
        #expect(Self.invalidCases.count >= 15, "the fixtures were found")
        covered.formUnion(["empty-file", "not-text", "file-too-large", "too-deep", "no-flows", "cannot-read"])  // LoaderEdgeTests, HostileFlowTests
        let missing = DiagnosticCode.allCases.map(\.rawValue).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without a test: \(missing)")
    }
}

