import CairnEngine
import CairnLoader
import Foundation

/// What every fuzz target shares: the bundled guide, loaded once, and invariant checks that stop
/// the run with a message (libFuzzer then saves the input as `crash-…`).
public enum Fuzz {
    /// The repository's root, from this file's place in it (Fuzz/Sources/FuzzSupport/).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled guide (`Flows/`), compiled once per process.
    public static let guide: Graph = {
        let flows = ProcessInfo.processInfo.environment["CAIRN_FUZZ_FLOWS"] ?? root.appendingPathComponent("Flows").path
        guard let result = try? FlowLoader.load(paths: [flows]), let graph = result.graph else {
            fatalError("fuzz: the flows at \(flows) do not load")
        }
        return graph
    }()

    /// Stops the run when `condition` is false: an invariant of the code under test is broken.
    public static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                               file: StaticString = #fileID, line: UInt = #line) {
        guard condition() else {
            FileHandle.standardError.write(Data("fuzz: invariant broken at \(file):\(line): \(message())\n".utf8))
            abort()
        }
    }

    /// A diagnostic or error line as printed: one line, no control characters at all.
    public static func isOneLine(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: \.isControlCharacter)
    }

    /// The input as text; invalid UTF-8 is repaired (the fronts read text the same way).
    public static func text(_ data: UnsafeRawBufferPointer) -> String {
        String(decoding: data, as: UTF8.self)
    }

    /// Splits `text` on lines holding only `=====`: several files (or requests) in one input.
    public static func parts(_ text: String, separator: String = "\n=====\n") -> [String] {
        text.components(separatedBy: separator)
    }
}

/// The engine on the bundled guide, made once.
public enum FuzzGuide {
    public static let engine = Engine(graph: Fuzz.guide)

    /// The prompts of the guide (nodes a session waits at), in node order, for starting anywhere.
    public static let prompts: [Int] = engine.graph.nodes.indices.filter { i in
        switch engine.graph.nodes[i].exit {
        case .choices, .ask: true
        case .target: false
        }
    }
}

extension FuzzGuide {
    /// Loads the guide and makes the engine, for `LLVMFuzzerInitialize`: done before the first
    /// input, so its cost is never counted against an input's `-timeout`.
    public static func prepare() { _ = engine }
}
