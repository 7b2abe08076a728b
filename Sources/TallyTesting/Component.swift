import Foundation
import Testing

/// Something of the machine's that a test needs: a program, a Python module, a kernel permission.
///
/// A test states it with the trait `.requires(_:)`. When the component is missing the test is skipped
/// with the reason shown, except under CI (`CI=true`): there `make deps` should have installed it, so
/// a skip would hide a broken install step, and the test fails instead.
public struct Component: Sendable, CustomStringConvertible {
    /// What it is, as a person names it.
    public let name: String
    /// How to get it, as an instruction.
    public let remedy: String
    private let probe: @Sendable () -> Bool

    /// A component found by `probe`, which should cache what it learns (it runs for every test that needs it).
    public init(_ name: String, remedy: String, isAvailable probe: @escaping @Sendable () -> Bool) {
        self.name = name
        self.remedy = remedy
        self.probe = probe
    }

    /// Whether this machine has it.
    public var isAvailable: Bool { probe() }

    /// The component's name.
    public var description: String { name }

    /// Whether the tests run under CI (`CI=true`), where a missing component fails its tests.
    public static let isCI: Bool = ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
}

/// Thrown under CI for a missing component: Swift Testing records it as the test's failure.
public struct MissingComponent: Error, CustomStringConvertible {
    /// What is missing.
    public let component: Component

    /// The sentence the test fails with.
    public var description: String {
        "\(component.name) is missing, which under CI (CI=true) fails the test instead of skipping it: \(component.remedy)."
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `component` is available: skipped with the reason when it is not, failed
    /// under CI.
    public static func requires(_ component: Component, sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled("\(component.name) is not available here: \(component.remedy)", sourceLocation: sourceLocation) {
            if component.isAvailable { return true }
            if Component.isCI { throw MissingComponent(component: component) }
            return false
        }
    }
}

extension Component {
    /// python3 with the PyPI `varlink` package (see ``PythonVarlink``).
    public static let pythonVarlink = Component(
        "python3 with the PyPI varlink package", remedy: "make deps installs it (or: pip install varlink)"
    ) { PythonVarlink.isAvailable }

    /// Headless Chromium, at ``chromiumPath``.
    public static let chromium = Component(
        "Chromium", remedy: "make deps installs it (or: apt-get install chromium fonts-liberation fonts-dejavu-core)"
    ) { chromiumPath != nil }

    /// The first Chromium (or Chrome) executable on PATH.
    public static let chromiumPath: String? = onPath(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])

    /// Prometheus's `promtool`, which checks the metrics textfile (SPEC §11), at ``promtoolPath``.
    public static let promtool = Component(
        "promtool", remedy: "make test-deps installs it (or: apt-get install --no-install-recommends prometheus)"
    ) { promtoolPath != nil }

    /// `promtool` on PATH.
    public static let promtoolPath: String? = onPath(["promtool"])

    /// The first of `names` that is an executable in a directory of PATH.
    static func onPath(_ names: [String]) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return names.lazy.compactMap { name in
            directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }.first
    }

    /// Mounting a tmpfs, in this mount namespace and in a private one (`unshare --mount`): root with
    /// CAP_SYS_ADMIN, which a container may withhold. Probed once with throwaway mounts.
    public static let tmpfsMounts = Component(
        "Mounting a tmpfs (CAP_SYS_ADMIN) and unshare --mount",
        remedy: "run the tests as root where mount(2) is allowed (a container may withhold CAP_SYS_ADMIN)"
    ) { canMountTmpfs }

    private static let canMountTmpfs: Bool = {
        guard let directory = try? TemporaryDirectory(prefix: "tally-mount-probe") else { return false }
        guard (try? Executables.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", directory.path]))?.status == 0
        else { return false }
        _ = try? Executables.run("/bin/umount", [directory.path])
        // The namespace, and the mount with it, goes away when sh exits.
        let namespaced = try? Executables.run(
            "/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", #"mount -t tmpfs -o size=64k tmpfs "$0""#,
                                 directory.path])
        return namespaced?.status == 0
    }()
}
