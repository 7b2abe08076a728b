import Foundation
import TallyCore
import TallyInterface
import TallyProtocol

/// Writes reports as files: `DIR/<period>/<agreement>.<lang>.<ext>`, one file per agreement and format (SPEC §7).
public enum ReportWriter {
    /// A file to write: its path relative to the output directory, and its contents.
    public struct File: Sendable, Equatable {
        public var path: String
        public var contents: String
    }

    /// The files of `data` in `formats` and `language`, without writing anything.
    public static func files(_ data: ComplianceReportSet, formats: [ReportFormat], language: ReportLanguage) throws -> [File] {
        var files: [File] = []
        for agreement in data.agreements {
            let one = data.only(agreement.agreementID)
            for format in formats {
                files.append(File(
                    path: "\(safeName(data.period.label))/\(safeName(agreement.agreementID)).\(language.rawValue).\(format.fileExtension)",
                    contents: try ReportRenderer.render(one, format: format, language: language)))
            }
        }
        return files
    }

    /// Writes the files under `directory` (created as needed), replacing each atomically; returns their paths.
    @discardableResult
    public static func write(_ data: ComplianceReportSet, formats: [ReportFormat], language: ReportLanguage, to directory: String)
        throws -> [String]
    {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        var written: [String] = []
        for file in try files(data, formats: formats, language: language) {
            let url = base.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url, options: .atomic)
            written.append(url.path)
        }
        return written
    }

    /// Whether `path` names an existing directory: `--output` then takes the directory layout.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Keeps a path component to one level: ids and period labels never hold `/`, but nothing is taken on trust.
    static func safeName(_ name: String) -> String {
        let cleaned = name.replacingOccurrences(of: "/", with: "_")
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" : cleaned
    }
}
