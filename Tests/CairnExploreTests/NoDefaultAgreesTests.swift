import CairnEngine
import CairnExplore
import CairnLoader
import Foundation
import Testing

/// `cairn check`'s `no-default` follows the paths: on the loader's fixture of paths it warns about
/// exactly the variables `cairn explore` finds shown empty, at the same nodes.
@Suite("no-default and explore agree")
struct NoDefaultAgreesTests {
    @Test func sameVariablesAtTheSameNodes() throws {
        let dir = repositoryRoot.appendingPathComponent("Tests/CairnLoaderTests/Fixtures/invalid/no_default_paths").path
        let result = try FlowLoader.load(paths: [dir])
        let graph = try #require(result.graph)
        func nodeAt(_ location: CairnEngine.SourceLocation) -> String {
            // The node whose key is the last at or before the line.
            graph.nodes.filter { $0.location.file == location.file && $0.location.line <= location.line }
                .max { $0.location.line < $1.location.line }?.id ?? "?"
        }
        func variable(_ message: String) -> String {
            String(message.split(separator: "'").first { $0.hasPrefix("{{") }?.dropFirst(2).dropLast(2) ?? "")
        }
        let checked = Set(result.diagnostics.filter { $0.code == .noDefault }.map { "\(nodeAt($0.location)) \(variable($0.message))" })
        let explored = Set(Explorer(graph: graph).run().findings.filter { $0.code == .unsetVariable }.map { "\(nodeAt($0.location)) \(variable($0.message))" })
        #expect(checked == ["main.greet name", "main.about seen", "main.about situation"])
        #expect(checked == explored)
    }
}
