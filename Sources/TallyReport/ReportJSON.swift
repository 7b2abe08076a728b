import Foundation
import TallyCore
import TallyInterface
import TallyProtocol

/// The `json` format: the report set as io.tally writes it, every number the other formats show, keys sorted so
/// the output is stable. It decodes back to the same `ComplianceReportSet`.
enum ReportJSON {
    static func render(_ data: ComplianceReportSet) throws -> String {
        String(decoding: try VarlinkJSON.encode(data, pretty: true), as: UTF8.self) + "\n"
    }
}
