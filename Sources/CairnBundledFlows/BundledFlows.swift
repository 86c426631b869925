import Foundation

/// The flows that ship inside the `cairn` binary: the repository's `Flows/` at build time.
///
/// The EmbedFlows build-tool plugin compiles every flow file into this module, so `cairn` runs the
/// guide from any directory, and a binary copied elsewhere still has it (no resource bundle to lose).
/// `Flows` in this target's directory is a symlink to the top-level `Flows/`; keep it (see the plugin).
///
///     let result = FlowLoader.load(files: BundledFlows.files)
public enum BundledFlows {
    /// Every bundled flow file as (path, content), sorted by path; paths read `Flows/<name>.yaml`, as
    /// in the repository, so diagnostics point writers at the file to fix.
    public static var files: [(path: String, data: Data)] {
        embeddedFlowFiles.map { file in
            // The generator wrote valid base64; an empty Data can only mean a corrupted build.
            (path: "Flows/" + file.path, data: Data(base64Encoded: file.base64) ?? Data())
        }
    }
}
