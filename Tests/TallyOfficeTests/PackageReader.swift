import Foundation
import FoundationXML
import ZIPFoundation

/// A written package opened again with ZIPFoundation: its entries in order, each with its text and date.
struct PackageReader {
    struct Entry {
        var name: String
        var text: String
        var modified: Date
        var isDeflated: Bool
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let entries: [Entry]

    init(_ data: Data) throws {
        let archive = try Archive(data: data, accessMode: .read)
        entries = try archive.map { entry in
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            return Entry(
                name: entry.path, text: String(decoding: bytes, as: UTF8.self), modified: entry.fileAttributes[.modificationDate] as? Date ?? .distantPast,
                isDeflated: entry.compressedSize < entry.uncompressedSize)
        }
    }

    var names: [String] { entries.map(\.name) }

    /// The text of the entry `name`.
    func text(_ name: String) throws -> String {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw Failure(description: "no entry \(name) in \(names)")
        }
        return entry.text
    }

    /// Whether `text` is well-formed XML, as libxml2 (through FoundationXML) reads it.
    static func isWellFormed(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }
}
