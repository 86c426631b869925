// swift-tools-version:6.0
// Cairn's benchmark suite: a separate package, so the root `swift test` stays fast and never times anything.
// Run it with `Benchmarks/run` (release build; see docs/performance.md).
import Foundation
import PackageDescription

// A path dependency's identity is its directory name, which differs between checkouts.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "CairnBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .executableTarget(name: "cairn-bench", dependencies: [
            .product(name: "CairnEngine", package: root),
            .product(name: "CairnLoader", package: root),
            .product(name: "Yams", package: "Yams"),
        ], path: "Sources/CairnBench"),
    ]
)
