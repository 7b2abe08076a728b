import Foundation
import Testing
import TallyTesting

@testable import TallyInterface
import TallyProtocol

@Suite struct TallyInterfaceTests {
    @Test(.requires(.pythonVarlink))
    func descriptionParsesWithPythonVarlink() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("io.tally-\(UUID().uuidString).varlink")
        try IOTally.description.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import sys, varlink
            i = varlink.Interface(open(sys.argv[1]).read())
            print(i.name, " ".join(sorted(k for k, v in i.members.items() if isinstance(v, varlink.scanner._Method))))
            """
        let (status, output) = try PythonVarlink.run(script, arguments: [file.path])
        #expect(status == 0, "python varlink rejected the interface: \(output)")
        let methods = Set(output.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init))
        let expected: Set<String> = [
            "GetInfo", "GetStatus", "Check", "ListAgreements", "ShowAgreement", "Record", "BeginImport", "AddImportRows",
            "CommitImport", "AbortImport", "ListDeliveries", "Void", "MilestoneDone", "MilestoneUndo", "ListAlerts",
            "WatchAlerts", "History", "Reload", "Backup", "GetReportData",
            "DueFeeds", "SubmitFetch", "ListFeeds", "ListInbox", "AcceptCandidates", "RejectCandidates",
            "DraftRecord", "SignRecord", "ListRecords", "ShowRecord", "RecordPayment", "ListPayments", "GetStatement",
        ]
        #expect(methods == expected)
    }

    @Test(.requires(.pythonVarlink))
    func serviceDescriptionParsesWithPythonVarlink() throws {
        let (status, output) = try PythonVarlink.run("import sys, varlink; varlink.Interface(sys.argv[1])", arguments: [VarlinkInterface.service.description])
        #expect(status == 0, "\(output)")
    }

    @Test func everyMethodConstantIsInTheDescription() {
        let methods = [
            IOTally.getInfo.name, IOTally.getStatus.name, IOTally.check.name,
            IOTally.listAgreements.name, IOTally.showAgreement.name, IOTally.record.name,
            IOTally.beginImport.name, IOTally.addImportRows.name, IOTally.commitImport.name,
            IOTally.abortImport.name, IOTally.listDeliveries.name, IOTally.void.name,
            IOTally.milestoneDone.name, IOTally.milestoneUndo.name, IOTally.listAlerts.name,
            IOTally.getReportData.name,
            IOTally.watchAlerts.name, IOTally.history.name, IOTally.reload.name, IOTally.backup.name,
            IOTally.dueFeeds.name, IOTally.submitFetch.name, IOTally.listFeeds.name, IOTally.listInbox.name,
            IOTally.acceptCandidates.name, IOTally.rejectCandidates.name,
            IOTally.draftRecord.name, IOTally.signRecord.name, IOTally.listRecords.name, IOTally.showRecord.name,
            IOTally.recordPayment.name, IOTally.listPayments.name, IOTally.getStatement.name,
        ]
        for method in methods {
            let short = method.dropFirst("io.tally.".count)
            #expect(IOTally.description.contains("method \(short)("), "\(method)")
        }
    }
}
