import Foundation
import PackagePlugin

/// Compiles the repository's flows into the target that uses this plugin (CairnBundledFlows).
///
/// Reads the target's `Flows` entry (a symlink to the top-level `Flows/`, which must stay where
/// writers keep it) and runs FlowEmbedder to generate `EmbeddedFlowFiles.swift`. Every flow file is
/// a declared input, so editing one re-embeds; because the symlink puts the files inside the target's
/// directory, SwiftPM also notices files added, removed or renamed and re-plans the build, which
/// runs this plugin again with the new list. (SwiftPM caches plugin results until the package's
/// structure changes, so without the symlink a new file would be missed and a removed one would
/// break the build.)
@main
struct EmbedFlows: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        // The conventional target directory (Target.directoryURL needs tools version 6.1).
        // Resolved, because Foundation does not descend into a symlink given as the root of a walk.
        let flows = context.package.directoryURL.appending(path: "Sources/\(target.name)/Flows").resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(atPath: flows.path) else {
            throw PluginError("\(flows.path) is missing: it should be a symlink to the top-level Flows/ directory")
        }
        var inputs: [URL] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { inputs.append(flows.appending(path: relative)) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFlowFiles.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) flow files",
            executable: try context.tool(named: "FlowEmbedder").url,
            arguments: [output.path, flows.path],
            inputFiles: inputs.sorted { $0.path < $1.path },
            outputFiles: [output])]
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
