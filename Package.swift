// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Cairn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cairn", targets: ["cairn"]),
        .library(name: "CairnEngine", targets: ["CairnEngine"]),
        .library(name: "CairnLoader", targets: ["CairnLoader"]),
        .library(name: "CairnTranscripts", targets: ["CairnTranscripts"]),
        // For Fuzz/, which drives the dispatcher and snapshot codec like a client.
        .library(name: "CairnServer", targets: ["CairnServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
    ],
    targets: [
        // The pure engine: compiled graph, session, step, matching, templates. No dependencies, no I/O.
        .target(name: "CairnEngine"),
        // YAML flow files -> compiled graph, with swiftc-style diagnostics.
        .target(name: "CairnLoader", dependencies: [
            "CairnEngine",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Transcripts: the writers' test format, its runner, updater and recorder.
        .target(name: "CairnTranscripts", dependencies: ["CairnEngine"]),
        // Writers' tools that walk the compiled graph: `cairn explore` and the DOT drawing of `cairn graph`.
        .target(name: "CairnExplore", dependencies: ["CairnEngine", "CairnTranscripts"]),
        // `cairn serve`: JSON-RPC 2.0 over a Unix-domain socket, on SwiftNIO event loops.
        .target(name: "CairnServer", dependencies: [
            "CairnEngine", "CairnLoader",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // `cairn lsp`: the Language Server Protocol over stdio, on the loader's diagnostics and symbols.
        .target(name: "CairnLanguageServer", dependencies: ["CairnEngine", "CairnLoader"]),
        // The command-line front: the only module that imports ArgumentParser.
        .executableTarget(name: "cairn", dependencies: [
            "CairnEngine", "CairnLoader", "CairnTranscripts", "CairnServer",
            "CairnBundledFlows", "CairnChat", "LineEditor",
            "CairnExplore", "CairnLanguageServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // libedit's C API (histedit.h) with non-variadic wrappers; needs libedit-dev.
        .systemLibrary(name: "CLibedit", path: "Sources/CLibedit",
                       pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // Terminal line editing for the REPL: libedit on a tty, plain reading otherwise.
        .target(name: "LineEditor", dependencies: ["CLibedit"]),
        // The bundled guide: Flows/ compiled into the binary, so `cairn` runs from any directory.
        // Sources/CairnBundledFlows/Flows is a symlink to Flows/ (see Plugins/EmbedFlows).
        .target(name: "CairnBundledFlows", exclude: ["Flows"], plugins: ["EmbedFlows"]),
        .plugin(name: "EmbedFlows", capability: .buildTool(), dependencies: ["FlowEmbedder"]),
        .executableTarget(name: "FlowEmbedder"),
        // The terminal chat: its loop (a thin adapter around Engine.step) and its renderer.
        .target(name: "CairnChat", dependencies: ["CairnEngine", "CairnTranscripts", "LineEditor"]),
        // Shared by the test targets: the repository's paths, the built cairn, running programs.
        .target(name: "CairnTestSupport", path: "Tests/CairnTestSupport"),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "CairnChatTests", dependencies: ["CairnChat", "CairnLoader", "CairnTranscripts", "LineEditor", "CairnTestSupport"]),
        .testTarget(name: "CairnEngineTests", dependencies: ["CairnEngine", "CairnLoader"], exclude: ["Fixtures"]),
        .testTarget(name: "CairnTranscriptsTests", dependencies: ["CairnTranscripts", "CairnLoader"]),
        .testTarget(name: "CairnServerTests", dependencies: ["CairnServer", "CairnLoader", "CairnTestSupport"]),
        .testTarget(name: "CairnContentTests", dependencies: ["CairnEngine", "CairnLoader", "CairnTranscripts", "CairnTestSupport"]),
        .testTarget(name: "CairnLoaderTests", dependencies: ["CairnLoader"], exclude: ["Fixtures"]),
        .testTarget(name: "CairnLanguageServerTests", dependencies: ["CairnLanguageServer", "CairnLoader", "CairnTestSupport"],
                    exclude: ["Neovim"]),
        .testTarget(name: "CairnExploreTests", dependencies: ["CairnExplore", "CairnLoader", "CairnTranscripts", "CairnTestSupport"]),
        // Runs the built `cairn` binary as a subprocess (swift test builds it first).
        .testTarget(name: "CairnCLITests", dependencies: ["CairnTestSupport"]),
    ]
)
