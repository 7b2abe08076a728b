import Foundation
import TallyCommandLine
import TallyCore
import TallyInterface

/// The rows of a CSV file for `tallyctl import`, read 1 MiB at a time and handed on as they are read: a file of
/// millions of rows is never held (issue 15: tallyctl's VmHWM was 2.1 GB while it imported 2,000,000 rows, the file,
/// its text and every field of every row at once). What is wrong with the file is found where it is read, and named
/// with its line as before; the import then ends without a commit, so nothing is imported.
struct ImportSource {
    /// How much of the file one read takes.
    static let partSize = 1 << 20

    let file: String
    private let handle: FileHandle
    /// The file's size when it is a regular file (for the progress bar), nil for a pipe or standard input.
    let size: Int?
    /// How many bytes were read so far.
    private(set) var bytesRead = 0
    private let agreementGiven: Bool
    private var reader = DeliveryCSV.RecordReader()
    private var utf8 = UTF8Check()
    /// The header's column names, once its record was read.
    private(set) var columns: [String]?
    private var atEnd = false

    init(file: String, agreementGiven: Bool) throws {
        self.file = file
        self.agreementGiven = agreementGiven
        if file == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: file) else {
                throw CommandFailure("\(file): the file cannot be read; give the path of a CSV file.")
            }
            handle = opened
        }
        let attributes = file == "-" ? nil : try? FileManager.default.attributesOfItem(atPath: file)
        size = attributes?[.type] as? FileAttributeType == .typeRegular ? (attributes?[.size] as? Int) : nil
    }

    /// The rows of the next part of the file, possibly none; nil at its end. The header is checked when its record
    /// has been read, every data record's width as it is read.
    mutating func next() throws -> [ImportRow]? {
        guard !atEnd else { return nil }
        let part: Data?
        do {
            part = try handle.read(upToCount: Self.partSize)
        } catch {
            throw CommandFailure("\(file): the file cannot be read (\(error.localizedDescription)); nothing was imported.")
        }
        var records: [(line: Int, fields: [String])]
        if let part, !part.isEmpty {
            bytesRead += part.count
            records = try part.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard utf8.accept(bytes) else { throw notUTF8 }
                return try parsed { () throws(DeliveryCSV.FormatError) in try reader.read(bytes) }
            }
        } else {
            atEnd = true
            guard utf8.finish() else { throw notUTF8 }
            records = try parsed { () throws(DeliveryCSV.FormatError) in try reader.finish() }
            if columns == nil, records.isEmpty { throw failure(DeliveryCSV.emptyFile) }
        }
        return try rows(of: records)
    }

    private mutating func rows(of records: [(line: Int, fields: [String])]) throws -> [ImportRow] {
        var records = records[...]
        if columns == nil, let header = records.first {
            columns = try parsed { () throws(DeliveryCSV.FormatError) in
                try DeliveryCSV.columns(ofHeader: header, agreementGiven: agreementGiven)
            }
            records = records.dropFirst()
        }
        guard let columns else { return [] }
        for record in records {
            try parsed { () throws(DeliveryCSV.FormatError) in try DeliveryCSV.checkWidth(of: record, columns: columns) }
        }
        return ImportBatches.importRows(columns: columns, records: Array(records))
    }

    private var notUTF8: CommandFailure {
        CommandFailure("\(file): the file is not UTF-8 text; save it as \"CSV UTF-8\" and import it again.")
    }

    private func failure(_ error: DeliveryCSV.FormatError) -> CommandFailure {
        CommandFailure("\(file):\(error.line): \(error.message.sentence) Nothing was imported.")
    }

    private func parsed<T>(_ body: () throws(DeliveryCSV.FormatError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw failure(error)
        }
    }
}

/// Whether a file read a part at a time is UTF-8, a scalar cut between two parts included.
struct UTF8Check {
    /// The start of a scalar the last part ended in.
    private var held: [UInt8] = []

    /// Whether `bytes`, the next part, continues the file as UTF-8.
    mutating func accept(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if held.isEmpty { return accept(whole: bytes) }
        let joined = held + bytes
        held = []
        return joined.withUnsafeBufferPointer { accept(whole: $0) }
    }

    /// Whether the file ended at the end of a scalar.
    func finish() -> Bool {
        held.isEmpty
    }

    private mutating func accept(whole bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = UTF8Cut.start(ofScalarCutIn: bytes) ?? bytes.endIndex
        guard String(validating: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self) != nil else { return false }
        held = Array(bytes[end...])
        return true
    }
}
