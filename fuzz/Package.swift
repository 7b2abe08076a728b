// swift-tools-version:6.1
// libFuzzer targets for tally's parsers of untrusted input. Build and run with `make fuzz` (see README.md):
// the sanitizer flags go to this package's build only, so the main package's tests never see them.
import PackageDescription

let package = Package(
    name: "tally-fuzz",
    dependencies: [
        .package(name: "tally", path: ".."),
        // VarlinkFrameDecoder works on NIO byte buffers; the version is the one the main package resolves.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        .target(name: "FuzzerDriver"),
        .executableTarget(
            name: "FuzzVarlink",
            dependencies: [
                "FuzzerDriver",
                .product(name: "TallyProtocol", package: "tally"),
                .product(name: "TallyInterface", package: "tally"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzerDriver", .product(name: "TallyConfig", package: "tally")]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzerDriver", .product(name: "TallyCore", package: "tally")]),
        .executableTarget(
            name: "FuzzFeed",
            dependencies: [
                "FuzzerDriver", .product(name: "TallyFeeds", package: "tally"), .product(name: "TallyCore", package: "tally"),
            ]
        ),
    ]
)
