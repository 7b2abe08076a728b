import Testing
import TallyCore

/// Export then import gives back the same delivery. The cases are what `make fuzz` (target csv) found.
@Suite struct DeliveryCSVTests {
    static func roundTrip(_ delivery: Delivery) throws -> Delivery {
        let text = DeliveryCSV.headerLine + "\n" + DeliveryCSV.line(for: delivery) + "\n"
        let rows = try DeliveryCSV.parse(text)
        try #require(rows.count == 1)
        return try DeliveryCSV.delivery(from: rows[0].fields)
    }

    @Test(arguments: [
        // "\r\n" is one Character, neither "\r" nor "\n": the title went out unquoted and split the row.
        "Say hi\r\nline two",
        // A combining mark makes the comma or the quote one Character with it.
        "Hà Nội,\u{301} Đà Nẵng",
        "The \"\u{301}best\" of it",
        "plain, with \"quotes\"\nand a line",
    ])
    func titleSurvivesExportAndImport(title: String) throws {
        let published = try #require(PublicationTime(parsing: "2024-05-15"))
        let delivery = Delivery(agreement: "a", published: published, kind: "article", title: title)
        #expect(try Self.roundTrip(delivery) == delivery)
    }
}
