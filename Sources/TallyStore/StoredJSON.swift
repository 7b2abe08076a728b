import Foundation

/// The JSON the store keeps in its columns (tags, counter fingerprints) and hands to SQLite's json_each:
/// JSONEncoder with sorted keys and unescaped slashes, the form every stored row already has.
enum StoredJSON {
    /// `value` as compact JSON text.
    static func text(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, arrays and objects of them always encode; "[]" is never reached.
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
