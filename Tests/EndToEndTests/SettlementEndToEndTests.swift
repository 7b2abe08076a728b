import Foundation
import TallyTesting
import Testing

/// SPEC §12 with the built tallyd and tallyctl: a priced agreement, deliveries, the draft, a signature by an approver
/// (a writer who is no approver is refused), the empty draft after it, a void after signing as an adjustment, a
/// payment and its refused variants, the liquidation statement, `status`, and `acceptance-due`.
@Suite("acceptance and settlement end to end", .serialized)
struct SettlementEndToEndTests {
    /// Three articles a quarter at 2,500,000 đ and two videos at 5,000,000 đ, VAT excluded at 8 %.
    static let agreement = """
        id        = "ben-tre-gia"
        title     = "TTXVN – UBND tỉnh Bến Tre, 2024"
        reference = "15/HĐ-TTXVN"
        parties   = ["Thông tấn xã Việt Nam", "UBND tỉnh Bến Tre"]
        start     = 2024-01-01
        end       = 2024-12-31

        [[quota]]
        id     = "news"
        title  = "Tin, bài"
        target = 3
        per    = "quarter"
        kinds  = ["article"]
        price  = 2_500_000

        [[quota]]
        id     = "video"
        target = 2
        per    = "quarter"
        kinds  = ["video"]
        price  = 5_000_000

        [settlement]
        value          = 1_500_000_000
        payer          = "UBND tỉnh Bến Tre"
        vat            = "excluded"
        vat_rate       = 8
        acceptance_due = "15d"
        """

    static func sh(_ command: String) throws {
        let result = try Executables.run("/bin/sh", ["-c", command])
        guard result.status == 0 else { throw Executables.Failure(description: "\(command): \(result)") }
    }

    /// The delivery id `record` printed.
    static func deliveryID(_ result: Executables.Result) throws -> String {
        let words = result.stdout.split(separator: " ")
        guard words.count > 2, words[0] == "Recorded", let id = Int(words[2]) else {
            throw Executables.Failure(description: "record printed no id: \(result)")
        }
        return String(id)
    }

    /// JSON on stdout as a dictionary.
    static func json(_ result: Executables.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
    }

    @Test(.enabled(if: getuid() == 0, "runs tallyctl as another user"))
    func fromDeliveriesToTheLiquidationStatement() throws {
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let (connect, writers, approvers) = ("sc\(suffix)", "sw\(suffix)", "sa\(suffix)")
        try Self.sh("groupadd \(connect) && groupadd \(writers) && groupadd \(approvers)")
        defer { _ = try? Self.sh("groupdel \(approvers); groupdel \(writers); groupdel \(connect)") }

        let daemon = try DaemonHarness(
            agreements: ["10-ben-tre-gia.toml": Self.agreement],
            mainExtra: "[access]\nwriters = [\"\(writers)\"]\napprovers = [\"\(approvers)\"]\n",
            daemonExtra: #"timezone = "Asia/Ho_Chi_Minh""#, now: "2024-04-10T09:00:00+07:00")
        try daemon.start(launcher: ["/usr/bin/setpriv", "--regid=\(connect)", "--clear-groups"])
        defer { daemon.stop() }
        try Self.sh("chmod 0755 '\(daemon.directory.path)' '\(daemon.directory.path("run"))'")
        func tallyctl(_ arguments: [String]) throws -> Executables.Result {
            try execute(BuiltProducts.tallyctl, arguments, environment: ["TALLY_SOCKET": daemon.socketPath])
        }
        /// tallyctl run as `nobody` whose process holds `groups` (as a service's SupplementaryGroups= would).
        func tallyctl(as groups: String, _ arguments: [String]) throws -> Executables.Result {
            try execute("/usr/bin/setpriv", ["--reuid=nobody", "--regid=\(connect)", "--groups=\(groups)", BuiltProducts.tallyctl]
                        + arguments, environment: ["TALLY_SOCKET": daemon.socketPath])
        }
        let writer = "\(connect),\(writers)", approver = "\(connect),\(approvers)"

        // Four articles in the first quarter (one beyond the three contracted) and a video, recorded by a writer.
        var ids: [String] = []
        for (kind, day, title) in [("article", "2024-01-15", "Bến Tre: 10 dự án mới"), ("article", "2024-02-01", "Đồng khởi"),
                                   ("article", "2024-02-20", "Dừa xuất khẩu"), ("article", "2024-03-05", "Vượt chỉ tiêu"),
                                   ("video", "2024-03-10", "Phóng sự 中文")] {
            let recorded = try tallyctl(as: writer, ["record", "ben-tre-gia", "--kind", kind, "--published", day,
                                                     "--title", title, "--id", "\(kind)-\(day)"])
            #expect(recorded.status == 0, "\(recorded)")
            ids.append(try Self.deliveryID(recorded))
        }

        // The draft of the last ended quarter: 3 × 2,500,000 + 5,000,000 = 12,500,000; VAT 1,000,000; 13,500,000 due.
        let draft = try tallyctl(as: writer, ["accept", "draft", "ben-tre-gia"])
        #expect(draft.status == 0, "\(draft)")
        for expected in ["BIÊN BẢN NGHIỆM THU (DỰ THẢO)", "2024-Q1 (01/01/2024 – 31/03/2024)", "Hợp đồng số 15/HĐ-TTXVN",
                         "12.500.000 đ", "Thuế GTGT (8 %):", "13.500.000 đ", "Bằng chữ:", "Mười ba triệu năm trăm nghìn đồng.",
                         "vượt chỉ tiêu 1"] {
            #expect(draft.stdout.contains(expected), "\(expected) in \(draft.stdout)")
        }
        let english = try tallyctl(["accept", "draft", "ben-tre-gia", "--period", "2024-Q1", "--lang", "en"])
        #expect(english.stdout.contains("VND 13,500,000"))
        let drafted = try Self.json(try tallyctl(["--json", "accept", "draft", "ben-tre-gia"]))
        #expect(drafted["record"].flatMap { ($0 as? [String: Any])?["due"] as? Int } == 13_500_000)

        // Aligned by display width: each item's title starts in the column of the TIÊU ĐỀ header.
        let table = draft.stdout.split(separator: "\n").map(String.init).drop { !$0.hasPrefix("  #  NGÀY") }
        let header = try #require(table.first)
        let headerTitle = try #require(header.range(of: "TIÊU ĐỀ"))
        let titleColumn = displayColumns(String(header[..<headerTitle.lowerBound]))
        let items = table.dropFirst().prefix(5)
        #expect(items.count == 5)
        for (row, title) in zip(items, ["Bến Tre: 10 dự án mới", "Đồng khởi", "Dừa xuất khẩu", "Vượt chỉ tiêu", "Phóng sự 中文"]) {
            let start = try #require(row.range(of: title), "\(title) in \(row)")
            #expect(displayColumns(String(row[..<start.lowerBound])) == titleColumn, "\(row)")
        }

        // A writer who is no approver may not sign or pay; nothing changes.
        let sign = ["accept", "sign", "ben-tre-gia", "--period", "2024-Q1", "--number", "01/BB-NT", "--date", "05/04/2024",
                    "--signer-a", "Nguyễn Văn A, Phó Giám đốc Sở", "--signer-b", "Trần Thị B, Trưởng ban"]
        let refused = try tallyctl(as: writer, sign)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("may not sign acceptance records or record payments"), "\(refused.stderr)")
        #expect(refused.stderr.contains("[access] approvers"))
        let unpaid = try tallyctl(as: writer, ["payment", "record", "ben-tre-gia", "--amount", "1", "--date", "2024-04-08",
                                              "--reference", "x"])
        #expect(unpaid.status == 1)
        #expect(try tallyctl(["accept", "list"]).stdout.contains("No acceptance record"))

        // An approver signs.
        let signed = try tallyctl(as: approver, sign)
        #expect(signed.status == 0, "\(signed)")
        #expect(signed.stdout == "Signed record 01/BB-NT of ben-tre-gia for 2024-Q1: 5 lines, amount due 13.500.000 đ.\n")

        // Nothing changed since: the draft is empty, and signing it, or the same number, is refused.
        let empty = try tallyctl(["accept", "draft", "ben-tre-gia", "--period", "2024-Q1"])
        #expect(empty.stdout.contains("Không có dòng nào"))
        let twice = try tallyctl(as: approver, sign)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("already has record 01/BB-NT"), "\(twice.stderr)")
        var second = sign
        second[6] = "02/BB-NT"
        let nothing = try tallyctl(as: approver, second)
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("has no line"), "\(nothing.stderr)")

        // A void after signing comes into the next draft as an adjustment of the record.
        #expect(try tallyctl(as: writer, ["void", ids[1], "--reason", "trùng bài"]).status == 0)
        let adjusted = try tallyctl(["accept", "draft", "ben-tre-gia", "--period", "2024-Q2"])
        #expect(adjusted.stdout.contains("điều chỉnh BB 01/BB-NT (đã hủy)"), "\(adjusted.stdout)")
        #expect(adjusted.stdout.contains("-2.500.000 đ"))
        let line = try #require(
            (try Self.json(try tallyctl(["--json", "accept", "draft", "ben-tre-gia", "--period", "2024-Q2"]))["record"]
                as? [String: Any])?["lines"] as? [[String: Any]])
        #expect(line.count == 1)
        #expect(line.first?["type"] as? String == "adjustment")
        #expect(line.first?["corrects"] as? String == "01/BB-NT")
        #expect(line.first?["amount"] as? Int == -2_500_000)

        // Payments: bad input is one sentence and changes nothing.
        let payment = ["payment", "record", "ben-tre-gia", "--reference", "UNC 0412", "--record", "01/BB-NT"]
        for (extra, status, sentence) in [
            (["--amount", "-5", "--date", "2024-04-08"], Int32(64), "a payment is a positive whole number of đồng"),
            (["--amount", "1500000.5", "--date", "2024-04-08"], 64, "is not a whole number of đồng"),
            (["--amount", "100", "--date", "08.04.2024"], 64, "is not a date"),
            (["--amount", "100", "--date", "2024-04-11"], 1, "after today (2024-04-10)"),
        ] {
            let bad = try tallyctl(as: approver, payment + extra)
            #expect(bad.status == status, "\(extra): \(bad)")
            #expect(bad.stderr.contains(sentence), "\(extra): \(bad.stderr)")
            if status == 1 { #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)") }
        }
        #expect(try tallyctl(["payment", "list"]).stdout.contains("No payment"))
        let paid = try tallyctl(as: approver, payment + ["--amount", "13500000", "--date", "08/04/2024"])
        #expect(paid.status == 0, "\(paid)")
        #expect(paid.stdout.contains("13.500.000 đ on 2024-04-08 (UNC 0412), against record 01/BB-NT"))
        let payments = try tallyctl(["payment", "list", "ben-tre-gia", "--lang", "en"])
        #expect(payments.stdout.contains("VND 13,500,000"))

        // The record as signed, in every format of this command.
        let shown = try tallyctl(["accept", "show", "ben-tre-gia", "01/BB-NT"])
        #expect(shown.stdout.hasPrefix("BIÊN BẢN NGHIỆM THU số 01/BB-NT, ngày 05/04/2024\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("Nguyễn Văn A, Phó Giám đốc Sở"))
        let csv = try tallyctl(["accept", "show", "ben-tre-gia", "01/BB-NT", "--format", "csv", "--lang", "en"])
        #expect(csv.stdout.hasPrefix("\u{FEFF}agreement_id,record,period,line_type"))
        #expect(csv.stdout.split(separator: "\r\n").count == 6)
        let output = daemon.directory.path("01-BB-NT.json")
        #expect(try tallyctl(["accept", "show", "ben-tre-gia", "01/BB-NT", "--format", "json", "--output", output]).status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
            as? [String: Any])
        #expect((document["record"] as? [String: Any])?["number"] as? String == "01/BB-NT")
        // Its documents, written with --output: the same bytes each time (made at the signature's time).
        for format in ["html", "docx", "xlsx"] {
            let path = daemon.directory.path("01-BB-NT.\(format)")
            let written = try tallyctl(["accept", "show", "ben-tre-gia", "01/BB-NT", "--format", format, "--output", path])
            #expect(written.status == 0 && written.stdout == path + "\n", "\(written)")
        }
        let html = try String(contentsOfFile: daemon.directory.path("01-BB-NT.html"), encoding: .utf8)
        #expect(try tallyctl(["accept", "show", "ben-tre-gia", "01/BB-NT", "--format", "html"]).stdout == html)
        for expected in ["<p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>", "<h1>BIÊN BẢN NGHIỆM THU</h1>", "Số: 01/BB-NT",
                         "Ngày 05 tháng 4 năm 2024", "Căn cứ Hợp đồng số 15/HĐ-TTXVN", "Phóng sự 中文", "vượt chỉ tiêu 1",
                         "<tr class=\"due\"><td>Giá trị nghiệm thu:</td><td class=\"num\">13.500.000 đ</td></tr>",
                         "<em>Bằng chữ:</em> Mười ba triệu năm trăm nghìn đồng.", "<strong class=\"name\">Nguyễn Văn A</strong>",
                         "<strong>PHÓ GIÁM ĐỐC SỞ</strong>"] {
            #expect(html.contains(expected), "\(expected) in the HTML")
        }
        #expect(!html.contains("DỰ THẢO"))
        for (format, part) in [("docx", "word/document.xml"), ("xlsx", "xl/worksheets/sheet1.xml")] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: daemon.directory.path("01-BB-NT.\(format)")))
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(format) is a ZIP package")
            #expect(String(decoding: bytes, as: UTF8.self).contains(part), "\(format) holds \(part)")
            let first = try tallyctl(["accept", "show", "ben-tre-gia", "01/BB-NT", "--format", format, "--output", daemon.directory.path("again")])
            #expect(first.status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: daemon.directory.path("again"))) == bytes, "\(format) is the same bytes again")
        }
        // A draft's document says it is one.
        let draftPath = daemon.directory.path("draft.html")
        #expect(try tallyctl(["accept", "draft", "ben-tre-gia", "--period", "2024-Q2", "--format", "html", "--lang", "en",
                              "--output", draftPath]).status == 0)
        let draftHTML = try String(contentsOfFile: draftPath, encoding: .utf8)
        #expect(draftHTML.contains("<p class=\"draft-mark\"><span>DRAFT</span></p>") && draftHTML.contains("adjusts record 01/BB-NT"))
        // pdf: printed by Chromium where it is installed (under CI it must be); without it, one sentence naming the package.
        let pdfPath = daemon.directory.path("01-BB-NT.pdf")
        if Component.chromiumPath != nil || Component.isCI {
            let printed = try tallyctl(["accept", "show", "ben-tre-gia", "01/BB-NT", "--format", "pdf", "--output", pdfPath])
            #expect(printed.status == 0, "\(printed)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: pdfPath)).starts(with: Array("%PDF".utf8)))
        }
        let nowhere = try daemon.directory.makeDirectory("empty-path")
        let noChromium = try execute(BuiltProducts.tallyctl, ["accept", "show", "ben-tre-gia", "01/BB-NT", "--format", "pdf",
                                                              "--output", daemon.directory.path("none.pdf")],
                                     environment: ["TALLY_SOCKET": daemon.socketPath, "PATH": nowhere])
        #expect(noChromium.status == 1, "\(noChromium)")
        #expect(noChromium.stderr.contains("install the Debian package chromium (apt-get install chromium)"), "\(noChromium.stderr)")
        #expect(noChromium.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: daemon.directory.path("none.pdf")))

        let listed = try tallyctl(["accept", "list", "ben-tre-gia"])
        #expect(listed.stdout.contains("01/BB-NT"))
        #expect(listed.stdout.contains("13.500.000 đ"))

        // The liquidation statement: everything signed is paid; the void waits as a correction.
        let settle = try tallyctl(["settle", "ben-tre-gia"])
        #expect(settle.status == 0, "\(settle)")
        for expected in ["BIÊN BẢN THANH LÝ", "01/BB-NT", "UNC 0412", "Còn phải thanh toán:", "Điều chỉnh chưa nghiệm thu"] {
            #expect(settle.stdout.contains(expected), "\(expected) in \(settle.stdout)")
        }
        let statement = try #require(try Self.json(try tallyctl(["--json", "settle", "ben-tre-gia"]))["statement"] as? [String: Any])
        #expect(statement["balance"] as? Int == 0)
        #expect(statement["accepted"] as? Int == 13_500_000)

        // status: accepted, paid, and the correction not yet accepted (−2,500,000 − 8 %).
        let status = try tallyctl(["status", "ben-tre-gia"])
        #expect(status.stdout.contains("settlement: accepted 13.500.000 đ, paid 13.500.000 đ, not yet accepted -2.700.000 đ"),
                "\(status.stdout)")

        // Every signature and payment is in the audit log.
        let history = try tallyctl(["history", "ben-tre-gia"]).stdout
        #expect(history.contains("sign"))
        #expect(history.contains("payment"))

        // A first-quarter item recorded late makes that quarter's record due once 15 days have passed.
        #expect(try tallyctl(as: writer, ["record", "ben-tre-gia", "--kind", "article", "--published", "2024-03-30",
                                          "--id", "late"]).status == 0)
        try daemon.setNow("2024-04-16T00:30:00+07:00")
        #expect(try tallyctl(["check"]).status >= 0)
        let alerts = try tallyctl(["--json", "alerts", "ben-tre-gia"])
        let due = try #require(Self.json(alerts)["alerts"] as? [[String: Any]]).filter { $0["type"] as? String == "acceptance-due" }
        #expect(due.map { $0["period"] as? String } == ["2024-Q1"], "\(alerts.stdout)")
        #expect(due.first?["priority"] as? Int == 4)
    }
}
