import Foundation
import TallyInterface
import TallyProtocol

/// The `json` format: the report data itself, every number the other formats show, keys sorted so the
/// output is stable. It decodes back to the same `ReportData`.
enum ReportJSON {
    static func render(_ data: ReportData) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(data), as: UTF8.self) + "\n"
    }
}
