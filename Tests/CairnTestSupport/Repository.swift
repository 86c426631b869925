import Foundation

/// Where the repository and the built `cairn` are, for tests that use real files and processes.
public enum Repository {
    /// The repository's top folder (this file is Tests/CairnTestSupport/Repository.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file or folder under the repository, such as `Flows` or `docs/schema/flow.schema.json`.
    public static func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public struct BinaryNotFound: Error, CustomStringConvertible {
        public let searched: [String]
        public var description: String { "the cairn binary is not in \(searched); swift test builds it, or set CAIRN_BINARY" }
    }

    /// The `cairn` that `swift test` built: $CAIRN_BINARY, else next to the test bundle (the build's
    /// products folder), else the repository's .build/debug/cairn.
    public static func cairnBinary() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["CAIRN_BINARY"] { candidates.append(URL(fileURLWithPath: path)) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates += [runner, runner.deletingLastPathComponent(), Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("cairn") }
        candidates.append(path(".build/debug/cairn"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }) else {
            throw BinaryNotFound(searched: candidates.map(\.path))
        }
        return found
    }
}
