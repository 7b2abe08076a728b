import Foundation
import TallyProtocol

/// The JSON the store keeps in its columns (tags, counter fingerprints) and hands to SQLite's json_each: the
/// one JSON path of the wire (``VarlinkJSON``: sorted keys, slashes unescaped), the form every stored row
/// already has.
enum StoredJSON {
    /// `value` as compact JSON text.
    static func text(_ value: some Encodable) -> String {
        // Strings, arrays and objects of them always encode; "[]" is never reached.
        (try? VarlinkJSON.bytes(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
