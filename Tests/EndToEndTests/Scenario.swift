import Foundation
import TallyCore
import TallyInterface
import TallyProtocol
import TallyTesting

/// Agreements and calls shared by the end-to-end tests.
enum Scenario {
    /// A unique agreement id, so journal entries of this run can be told apart.
    static func uniqueID(_ prefix: String) -> String {
        prefix + "-" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)
    }

    /// 91 articles a quarter (so expected equals the elapsed days of Q2), a campaign with a counted
    /// milestone, ending 2025-12-31.
    static func quarterly(_ id: String) -> String {
        """
        id = "\(id)"
        title = "Thỏa thuận thử nghiệm – Sở Thông tin"
        start = 2025-01-01
        end = 2025-12-31

        [[quota]]
        id = "tin-bai"
        title = "Tin, bài"
        target = 91
        per = "quarter"
        kinds = ["article"]

        [[campaign]]
        id = "dai-hoi"
        start = 2025-04-01
        end = 2025-05-31
        tags = ["dai-hoi"]

          [[campaign.milestone]]
          id = "mo-dau"
          due = 2025-05-10
          target = 3
        """
    }

    static let policy = """
        check_interval = "1h"
        renotify = "7d"
        stale_after = "400d"
        """

    static func client(_ daemon: DaemonHarness) throws -> VarlinkClient {
        try VarlinkClient(path: daemon.socketPath, timeout: .seconds(20))
    }

    static func record(_ client: VarlinkClient, _ agreement: String, _ day: String, count: Int = 1, tags: [String]? = nil,
                       id: String? = nil) throws -> RecordReply {
        try client.call(IOTally.record, RecordParameters(delivery: DeliveryInput(
            agreement: agreement, published: day, kind: "article", tags: tags, count: count,
            id: id ?? UUID().uuidString)))
    }

    /// A pass now, as `tallyctl check` does.
    @discardableResult
    static func check(_ client: VarlinkClient) throws -> Status {
        try client.call(IOTally.check, CheckParameters())
    }

    static func alerts(_ client: VarlinkClient, _ agreement: String) throws -> [AlertRecord] {
        try client.call(IOTally.listAlerts, PageParameters(agreement: agreement)).alerts
    }
}
