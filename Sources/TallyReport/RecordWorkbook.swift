import Foundation
import TallyCore
import TallyOffice

/// The acceptance record as a workbook (SPEC §12 `--format xlsx`): the item list, the totals per quota, and the
/// record's totals, each a sheet; amounts and counts are numbers (whole đồng, exact), dates are dates.
enum RecordWorkbook {
    static func workbook(_ d: AcceptanceDocument) -> Workbook {
        let w = RecordWords(language: d.language)
        var totals: [[Workbook.Cell]] = [[.text(w.recordNumber), .text(d.number ?? w.draftMark)]]
        if let date = d.date { totals.append([.text(w.recordDate), cell(.day(date))]) }
        totals.append([.text(w.period), .text(d.language.periodName(d.period.label))])
        totals += d.totals.map { [.text($0.label), cell($0.value)] }
        totals.append([.text(w.inWords), .text(d.inWords)])
        if let note = d.vatNote { totals.append([.empty, .text(note)]) }
        totals += d.account.map { [.text($0.label), cell($0.value)] }
        return Workbook(
            properties: DocumentProperties(title: d.documentName, creator: "tally", created: d.created),
            sheets: [
                sheet(w.itemsSheet, d.items, widths: [6, 12, 60, 14, 9, 14, 16, 34]),
                sheet(w.quotasSheet, d.quotas, widths: [50, 12, 12, 12, 14, 14, 18]),
                Workbook.Sheet(name: w.totalsSheet, columns: zip(w.totalsColumns, [36, 60]).map { Workbook.Column($0, width: $1) },
                               rows: totals, freezesHeader: false),
            ],
            dateFormat: d.language == .vi ? "dd/mm/yyyy" : "yyyy-mm-dd")
    }

    private static func sheet(_ name: String, _ table: AcceptanceDocument.Table, widths: [Double]) -> Workbook.Sheet {
        Workbook.Sheet(name: name, columns: zip(table.columns, widths).map { Workbook.Column($0.header, width: $1) },
                       rows: table.rows.map { $0.map(cell) })
    }

    /// A value as a cell: money and counts as whole numbers, a target to two decimals, a day as a date.
    private static func cell(_ value: AcceptanceDocument.Value) -> Workbook.Cell {
        switch value {
        case .text(let text): return .text(text)
        case .amount(let money): return .amount(money.dong)
        case .count(let count): return .integer(Int64(count))
        case .target(let target):
            // A target is a share of whole items, shown to two decimals as in the other formats.
            guard let hundredths = Int64(exactly: (target * 100).rounded()) else { return .text(String(target)) }
            return .decimal(Decimal(hundredths) / 100)
        case .day(let day):
            guard let calendarDay = try? CalendarDay(year: day.year, month: day.month, day: day.day) else {
                return .text(day.description)
            }
            return .date(calendarDay)
        }
    }
}

extension AcceptanceDocument {
    /// The record's item list and totals as .xlsx bytes.
    public func xlsx() throws -> Data { try RecordWorkbook.workbook(self).data() }
}
