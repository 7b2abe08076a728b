import Foundation
import TallyReport
import Testing

@Suite("displayWidth and TextTable")
struct TextTableTests {
    @Test(arguments: [
        ("tally", 5),
        ("Bến Tre", 7),
        ("Thông tấn xã Việt Nam", 21),
        ("中文", 4),
        ("ＡＢＣ", 6),
        ("한국어", 6),
        ("日本語のテキスト", 16),
        ("👍", 2),
        ("❤\u{FE0F}", 2),
        ("👨\u{200D}👩\u{200D}👧", 2),
        ("🇻🇳", 2),
        ("\u{0301}", 0),
        ("a\u{200B}b", 2),
        ("", 0),
    ])
    func widths(text: String, width: Int) {
        #expect(displayWidth(text) == width)
    }

    @Test func vietnameseMeasuresTheSameInNFCAndNFD() {
        let nfc = "Tuyên truyền Đại hội Đảng bộ tỉnh lần thứ XII".precomposedStringWithCanonicalMapping
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(nfc.unicodeScalars.count != nfd.unicodeScalars.count)
        #expect(displayWidth(nfc) == displayWidth(nfd))
        #expect(displayWidth(nfd) == 45)
        // "ệ" decomposed carries two combining marks on one base.
        #expect(displayWidth("e\u{0323}\u{0302}") == 1)
    }

    @Test func truncationCountsColumnsAndEndsInAnEllipsis() {
        #expect(truncated("Bến Tre thu hút đầu tư", toWidth: 8) == "Bến Tre…")
        #expect(truncated("中文字幕", toWidth: 4) == "中…")
        #expect(truncated("中文字幕", toWidth: 5) == "中文…")
        #expect(truncated("short", toWidth: 5) == "short")
        #expect(truncated("Be\u{0301}n", toWidth: 3) == "Bén")
        #expect(displayWidth(truncated("👍👍👍", toWidth: 4)) <= 4)
    }

    @Test func columnsAlignByDisplayWidth() {
        var table = TextTable(columns: [.init("ID"), .init("N", alignment: .right), .init("TITLE")])
        table.append(["ben-tre", "12", .init("Bến Tre".decomposedStringWithCanonicalMapping)])
        table.append(["中文", "3", "x"])
        table.append(["Đà Nẵng", "100", "y"])
        let lines = table.render()
        #expect(lines.count == 4)
        #expect(lines[1] == "ben-tre   12  Bến Tre")
        #expect(lines[2] == "中文       3  x")
        #expect(lines[3] == "Đà Nẵng  100  y")
    }

    @Test func wideTablesShrinkTheFlexibleColumn() {
        var table = TextTable(columns: [.init("ID"), .init("TITLE")])
        table.append(["a", "Tuyên truyền Đại hội Đảng bộ tỉnh lần thứ XII"])
        table.append(["b", "中文中文中文中文中文中文中文中文"])
        let lines = table.render(maximumWidth: 20)
        for line in lines { #expect(displayWidth(line) <= 20) }
        #expect(lines[1] == "a   Tuyên truyền Đạ…")
        #expect(lines[2].hasSuffix("…"))
    }

    @Test func colourWrapsCellsWithoutMovingColumns() {
        var table = TextTable(columns: [.init("STATUS"), .init("NOTE")])
        table.append([.init("BEHIND", style: .red), "x"])
        let plain = table.render(colour: false)
        let coloured = table.render(colour: true)
        #expect(!plain.joined().contains("\u{1B}"))
        #expect(coloured[1].contains("\u{1B}[31mBEHIND\u{1B}[0m"))
        let stripped = coloured.map { $0.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) }
        #expect(stripped == plain)
    }

    @Test func headersCanBeHiddenAndLinesHaveNoTrailingSpaces() {
        var table = TextTable(columns: [.init(""), .init("")], indent: 2)
        table.showsHeader = false
        table.append(["Reference:", "15/HĐ-TTXVN"])
        table.append(["File:", ""])
        #expect(table.render() == ["  Reference:  15/HĐ-TTXVN", "  File:"])
    }
}
