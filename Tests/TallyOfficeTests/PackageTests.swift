import Foundation
import TallyTesting
import Testing

@testable import TallyOffice

@Suite struct PackageTests {
    @Test func theDocxHoldsTheMinimalPackageDatedAsGiven() throws {
        let package = try PackageReader(Fixture.record.data())
        #expect(package.names == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
            "word/_rels/document.xml.rels", "word/styles.xml", "word/footer1.xml",
        ])
        for entry in package.entries {
            #expect(entry.modified == Fixture.created, "\(entry.name)")
            #expect(entry.isDeflated, "\(entry.name)")
            #expect(PackageReader.isWellFormed(entry.text), "\(entry.name)")
            #expect(entry.text.hasPrefix(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#), "\(entry.name)")
        }
        let types = try package.text("[Content_Types].xml")
        #expect(types.contains(#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#))
        #expect(types.contains(#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#))
        #expect(types.contains(#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#))
        #expect(!types.contains("document.xml.rels"))
        #expect(try package.text("_rels/.rels").contains(
            #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#))
        let documentRelationships = try package.text("word/_rels/document.xml.rels")
        #expect(documentRelationships.contains(#"Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#))
        #expect(documentRelationships.contains(#"Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#))
        let core = try package.text("docProps/core.xml")
        #expect(core.contains("<dc:title>Biên bản nghiệm thu 12/BB-NT</dc:title><dc:creator>Sở Thông tin và Truyền thông tỉnh Bến Tre</dc:creator><dc:language>vi-VN</dc:language>"))
        #expect(core.contains(#"<dcterms:created xsi:type="dcterms:W3CDTF">2025-04-15T03:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2025-04-15T03:00:00Z</dcterms:modified>"#))
        #expect(try package.text("docProps/app.xml").contains("<Application>tally</Application>"))
    }

    @Test func aDocxWithoutPageNumbersHasNoFooter() throws {
        var record = Fixture.record
        record.pageNumbers = false
        let package = try PackageReader(record.data())
        #expect(!package.names.contains("word/footer1.xml"))
        #expect(try !package.text("word/_rels/document.xml.rels").contains("footer"))
        #expect(try !package.text("word/document.xml").contains("footerReference"))
    }

    @Test func theXlsxHoldsTheMinimalPackage() throws {
        let package = try PackageReader(try Fixture.workbook.data())
        #expect(package.names == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml",
            "xl/sharedStrings.xml",
        ])
        for entry in package.entries {
            #expect(entry.modified == Fixture.created, "\(entry.name)")
            #expect(PackageReader.isWellFormed(entry.text), "\(entry.name)")
        }
        #expect(try package.text("xl/workbook.xml").contains(
            #"<sheets><sheet name="Bảng kê" sheetId="1" r:id="rId1"/><sheet name="Tổng hợp" sheetId="2" r:id="rId2"/></sheets>"#))
        let relationships = try package.text("xl/_rels/workbook.xml.rels")
        #expect(relationships.contains(#"Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>"#))
        #expect(relationships.contains(#"Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#))
        #expect(try !package.text("docProps/core.xml").contains("dc:language"))
        let types = try package.text("[Content_Types].xml")
        #expect(types.contains(#"<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        #expect(types.contains(#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#))
    }

    /// The same value gives the same bytes, whenever and wherever it is written (the zone does not enter the ZIP
    /// dates); another creation time changes them.
    @Test func theSameInputGivesTheSameBytes() throws {
        let record = try Fixture.record.data()
        let workbook = try Fixture.workbook.data()
        #expect(try Fixture.record.data() == record)
        #expect(try Fixture.workbook.data() == workbook)
        var later = Fixture.record
        later.properties.created = Fixture.created.addingTimeInterval(2)
        #expect(try later.data() != record)
    }

    @Test func theHostileTextIsKeptAsTextEverywhere() throws {
        let document = try PackageReader(Fixture.record.data()).text("word/document.xml")
        #expect(document.contains("&lt;w:p&gt;&amp;amp; &quot;quoted&quot; &apos;single&apos; ]]&gt; &lt;!-- x --&gt;  end"))
        let strings = try PackageReader(try Fixture.workbook.data()).text("xl/sharedStrings.xml")
        #expect(strings.contains("&lt;w:p&gt;&amp;amp; &quot;quoted&quot; &apos;single&apos; ]]&gt; &lt;!-- x --&gt;  end"))
        var titled = Fixture.record
        titled.properties.title = Fixture.hostile
        #expect(PackageReader.isWellFormed(try PackageReader(titled.data()).text("docProps/core.xml")))
    }

    @Test func writingGoesToThePathOrSaysWhyNot() throws {
        let directory = try TemporaryDirectory(prefix: "tally-office")
        let path = directory.path + "/record.docx"
        try Fixture.record.write(to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Fixture.record.data())
        let missing = directory.path + "/no/such/directory/items.xlsx"
        let error = #expect(throws: OfficeError.self) { try Fixture.workbook.write(to: missing) }
        #expect(error?.description.hasPrefix("The document could not be written to \"\(missing)\": ") == true)
    }
}
