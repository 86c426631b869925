// swift-tools-version:6.0
// Cairn's libFuzzer targets: a separate package, so the root `swift test` is unaffected.
// Build and run them with `Fuzz/run` (release, `--sanitize=fuzzer`; see docs/fuzzing.md).
import Foundation
import PackageDescription

// A path dependency's identity is its directory name, which differs between checkouts.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One untrusted input each: `Sources/<name>/<Name>.swift` defines `LLVMFuzzerTestOneInput`.
let targets: [(name: String, dependencies: [String])] = [
    ("fuzz-request", ["CairnServer", "CairnLoader"]),
    ("fuzz-flow", ["CairnLoader"]),
    ("fuzz-flowset", ["CairnLoader"]),
    ("fuzz-transcript", ["CairnTranscripts", "CairnLoader"]),
    ("fuzz-understanding", ["CairnTranscripts", "CairnLoader"]),
    ("fuzz-snapshot", ["CairnServer", "CairnLoader"]),
    ("fuzz-template", ["CairnEngine"]),
    ("fuzz-condition", ["CairnEngine"]),
    ("fuzz-answer", ["CairnEngine", "CairnLoader"]),
]

let package = Package(
    name: "CairnFuzz",
    platforms: [.macOS(.v13)],
    products: targets.map { .executable(name: $0.name, targets: [$0.name]) },
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "CairnEngine", package: root),
            .product(name: "CairnLoader", package: root),
        ]),
    ] + targets.map { t in
        .executableTarget(name: t.name,
                          dependencies: ["FuzzSupport"] + t.dependencies.map { .product(name: $0, package: root) }
                              + (t.name == "fuzz-request" ? [.product(name: "Logging", package: "swift-log")] : []),
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
