import Foundation
import GRDB

extension TallyStore {
    /// The append-only tables read a page at a time.
    enum PagedTable: String {
        case alert
        case audit
    }

    /// Rows of `table` in id order after the id `after` (keyset paging), at most `limit`, only those of
    /// `agreement` and at or after `since` when given, each decoded by `decode` inside the read.
    func page<Record>(
        _ table: PagedTable, _ operation: String, agreement: String?, since: Date?, limit: Int, after: Int64?,
        _ decode: (Row) throws -> Record
    ) throws -> [Record] {
        var sql = "SELECT * FROM \(table.rawValue) WHERE id > ?"
        var arguments: StatementArguments = [after ?? 0]
        if let agreement {
            sql += " AND agreement = ?"
            arguments += [agreement]
        }
        if let since {
            sql += " AND at >= ?"
            arguments += [since.timeIntervalSince1970]
        }
        sql += " ORDER BY id LIMIT ?"
        arguments += [max(0, limit)]
        return try guarded(operation) {
            try dbPool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(decode) }
        }
    }
}
