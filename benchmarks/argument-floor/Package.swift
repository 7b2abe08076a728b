// swift-tools-version:6.1
// The floor of row 7 (`make bench`): what swift-argument-parser and a static Swift program take to parse
// `status ONE --json`, with nothing else done. tallyctl starts the same way, then also connects, calls and prints.
import PackageDescription

let package = Package(
    name: "argument-floor",
    dependencies: [
        // The version the main package resolves.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
    ],
    targets: [
        .executableTarget(
            name: "argument-floor",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
    ]
)
