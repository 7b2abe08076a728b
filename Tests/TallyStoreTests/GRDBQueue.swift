import GRDB

/// A plain second connection to a store's file, for tests that look under the store's API.
struct GRDBQueue {
    let queue: DatabaseQueue

    init(path: String) throws { queue = try DatabaseQueue(path: path) }

    func execute(_ sql: String) throws { try queue.write { try $0.execute(sql: sql) } }

    func int(_ sql: String) throws -> Int? { try queue.read { try Int.fetchOne($0, sql: sql) } }

    func string(_ sql: String) throws -> String? { try queue.read { try String.fetchOne($0, sql: sql) } }
}
