// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "tally",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tallyd", targets: ["tallyd"]),
        .executable(name: "tallyctl", targets: ["tallyctl"]),
        // What `tallyctl fetch` runs; installed in libexec/tally, not on the PATH.
        .executable(name: "tally-fetch", targets: ["tally-fetch"]),
        // For the libFuzzer package in fuzz/, which can only depend on products.
        .library(name: "TallyCore", targets: ["TallyCore"]),
        .library(name: "TallyConfig", targets: ["TallyConfig"]),
        .library(name: "TallyProtocol", targets: ["TallyProtocol"]),
        .library(name: "TallyInterface", targets: ["TallyInterface"]),
        .library(name: "TallyFeeds", targets: ["TallyFeeds"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Come with async-http-client; named for the TLS and decompression errors the fetcher turns into sentences.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.26.0"),
        // The ZIP container of the Office Open XML documents (TallyOffice).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: Libraries
        .target(name: "TallyCore", swiftSettings: swiftSettings),
        .target(
            name: "TallyConfig",
            // TallyMail for the one rule of what a mail address is (`mail_from`, `report_to`).
            dependencies: ["TallyCore", "TallyMail", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TallyStore",
            // TallyProtocol for its one JSON writer only: the store's JSON columns are written as the wire's.
            dependencies: ["TallyCore", "TallyProtocol", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TallyProtocol",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(name: "TallyInterface", dependencies: ["TallyCore", "TallyProtocol"], swiftSettings: swiftSettings),
        // Bytes → feed items (SPEC §10): pure, streaming over FoundationXML's SAX parser (libxml2).
        .target(name: "TallyFeeds", dependencies: ["TallyCore"], swiftSettings: swiftSettings),
        // glibc's heap controls and struct ucred, which Swift's Glibc module does not export.
        .target(name: "CGlibc"),
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .target(
            name: "SystemdSupport",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TallyDaemon",
            dependencies: [
                "TallyCore", "TallyConfig", "TallyStore", "TallyProtocol", "TallyInterface", "SystemdSupport", "CGlibc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TallyFetch",
            // The feed fetcher of `tallyctl fetch`: HTTP(S) through AsyncHTTPClient, no store, no state of its own.
            dependencies: [
                "TallyCore", "TallyInterface", "TallyProtocol", "TallyFeeds",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        // What tallyctl and tally-fetch share: the global options, the connection to tallyd, error sentences, the
        // terminal, and how a command ends.
        .target(
            name: "TallyCommandLine",
            dependencies: [
                "TallyCore", "TallyInterface", "TallyProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TallyReport", dependencies: ["TallyCore", "TallyInterface", "TallyProtocol", "TallyMail", "TallyOffice"],
            swiftSettings: swiftSettings),
        // The report mail as RFC 5322/MIME bytes for `sendmail -i -t` (SPEC §11). Foundation only, nothing of tally's.
        .target(name: "TallyMail", swiftSettings: swiftSettings),
        // Office Open XML (.docx, .xlsx) as bytes, for the acceptance record (SPEC §12). Nothing of tally's.
        .target(
            name: "TallyOffice", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings),
        .target(
            name: "TallyTesting",
            dependencies: ["TallyCore", "TallyConfig"],
            swiftSettings: swiftSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "tallyd",
            dependencies: [
                "TallyDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tallyctl",
            dependencies: [
                "TallyProtocol", "TallyInterface", "TallyReport", "TallyConfig", "TallyCore", "TallyMail", "TallyCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tally-fetch",
            dependencies: [
                "TallyCommandLine", "TallyFetch", "TallyInterface", "TallyProtocol", "TallyCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "TallyCoreTests",
            dependencies: [
                "TallyCore", "TallyTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyFeedsTests",
            dependencies: ["TallyFeeds", "TallyCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyConfigTests",
            dependencies: ["TallyConfig", "TallyTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyStoreTests",
            dependencies: ["TallyStore", "TallyTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyProtocolTests",
            dependencies: ["TallyProtocol", "TallyTesting", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyInterfaceTests",
            dependencies: ["TallyInterface", "TallyProtocol", "TallyCore", "TallyTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyDaemonTests",
            dependencies: [
                "TallyDaemon", "TallyProtocol", "TallyInterface", "TallyTesting",
                // Control built in-process over a real store and configuration.
                "TallyCore", "TallyConfig", "TallyStore", "SystemdSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SystemdSupportTests",
            dependencies: ["SystemdSupport", "TallyTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyFetchTests",
            dependencies: ["TallyFetch", "TallyTesting", "TallyCore", "TallyInterface", "TallyProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyReportTests",
            // The fixed scenarios are built from configurations (the golden one, `Amended`) through the core and the
            // daemon's mapping.
            dependencies: ["TallyReport", "TallyProtocol", "TallyInterface", "TallyTesting", "TallyCore", "TallyConfig"],
            exclude: ["Golden", "Amended"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TallyMailTests", dependencies: ["TallyMail"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TallyOfficeTests",
            // ZIPFoundation to open the packages again; TallyTesting for temporary files and the real consumers.
            dependencies: ["TallyOffice", "TallyTesting", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TallyctlTests",
            dependencies: [
                "TallyCommandLine", "tallyctl", "TallyProtocol", "TallyInterface", "TallyCore", "TallyReport", "TallyTesting",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TallyTesting", "TallyProtocol", "TallyInterface", "TallyCore"],
            swiftSettings: swiftSettings
        ),
    ]
)
