import Foundation
import Testing

/// Golden files: output compared byte for byte with a file kept in the repository.
///
/// `TALLY_UPDATE_GOLDEN=1` rewrites a file that differs and fails the test all the same: a run that
/// rewrote the expectation proved nothing, and the rewrite is only right once someone has read its diff.
public enum Golden {
    /// The environment variable that rewrites golden files when set to `1`.
    public static let updateVariable = "TALLY_UPDATE_GOLDEN"

    /// Whether this run rewrites golden files instead of only comparing.
    public static var isUpdating: Bool { ProcessInfo.processInfo.environment[updateVariable] == "1" }

    /// Records an issue unless `actual` equals the file at `url`; when updating, writes `actual` there
    /// first (if it differs) and records an issue asking for a review of the diff.
    public static func assertMatches(_ actual: Data, file url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try? Data(contentsOf: url)
        guard expected != actual else { return }
        let message: String
        if isUpdating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url)
            message = "Rewrote \(url.path) (\(updateVariable)=1): review the diff (git diff), "
                + "then run the tests again without \(updateVariable)."
        } else if let expected {
            message = "\(url.lastPathComponent) differs from the output from line \(firstDifferingLine(actual, expected)) on; "
                + "after an intended change, \(updateVariable)=1 rewrites it, then review the diff."
        } else {
            message = "The golden file \(url.path) is missing; \(updateVariable)=1 writes it, then review it."
        }
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }

    /// The 1-based number of the first line where `a` and `b` differ.
    private static func firstDifferingLine(_ a: Data, _ b: Data) -> Int {
        let index = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        return a.prefix(index).count { $0 == UInt8(ascii: "\n") } + 1
    }

    /// ``assertMatches(_:file:sourceLocation:)`` for text, compared as its UTF-8 bytes (a byte order mark stays).
    public static func assertMatches(_ actual: String, file url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try assertMatches(Data(actual.utf8), file: url, sourceLocation: sourceLocation)
    }
}
