import CTOML
import Glibc

/// One parsed TOML file, read through CTOML, the C layer of TOMLKit 0.6.0, so that what it hands out is freed.
///
/// tallyd parses every agreement file at each reload. TOMLKit's Swift layer leaks everything it reads
/// (LebJe/TOMLKit#26, open, in 0.6.0, the latest release): each string is `strdup`ed and each number, date
/// and key list `malloc`ed on the C side and never freed, and a parsed document is never deleted. That was
/// ~7 MB a reload of 2,000 agreement files. Here every copy the C layer returns is freed once read, and when
/// the document goes its tree is emptied (which destroys every node in it) and the root table object, which
/// CTOML offers no function to delete, is freed (see `deinit`). The loader also parses only the files whose
/// text changed since the last load (`ConfigurationLoader.Memo`).
///
/// Views (`TOMLTableView`, `TOMLValueView`, `TOMLArrayView`) point into the tree and keep the document alive.
final class TOMLDocument: @unchecked Sendable {
    // @unchecked: the tree is only read after `init`, and emptied in `deinit`, when nothing else can see it.
    private let root: OpaquePointer

    /// A syntax error, as toml++ reports it.
    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var description: String
    }

    init(parsing text: String) throws(SyntaxError) {
        let parsed: Result<OpaquePointer, SyntaxError> = text.withCString { document in
            "".withCString { none in
                var error = CTOMLParseError(description: none, source: CTOMLSourceRegion())
                if let root = tableCreateFromString(document, &error) { return .success(root) }
                // toml++'s description, copied with strdup by CTOML.
                defer { free(UnsafeMutableRawPointer(mutating: error.description)) }
                return .failure(SyntaxError(line: Int(error.source.begin.line), column: Int(error.source.begin.column),
                                            description: String(cString: error.description)))
            }
        }
        root = try parsed.get()
    }

    deinit {
        tableClear(root)
        // CTOML's `tableCreateFromString` returns `new toml::table(toml::parse(text))` and has no delete: each
        // parse left ~100 bytes behind, 37 MiB over 100 reloads of 2,000 changed files (issue 15, row 11). The
        // table emptied above owns nothing else: toml++'s table is its `std::map` (no allocation when empty), a
        // flag and the node's source region, whose path is null for a document parsed from a string without one
        // (`utf8_reader` makes it only for a non-empty path). Its memory came from libstdc++'s global
        // `operator new`, which is `malloc`, so `free` gives it back; what `delete` would add, the destructor, has
        // nothing left to release. `ReloadMemoryTests` reloads a daemon 100 times and bounds its growth.
        free(UnsafeMutableRawPointer(root))
    }

    var table: TOMLTableView { TOMLTableView(pointer: root, document: self) }
}

/// The kind of a TOML value.
enum TOMLKind {
    case string, integer, float, boolean, date, time, dateTime, array, table
}

/// A table inside a `TOMLDocument`.
struct TOMLTableView {
    fileprivate let pointer: OpaquePointer
    fileprivate let document: TOMLDocument

    var count: Int { tableSize(pointer) }

    func contains(key: String) -> Bool { tableContains(pointer, key) }

    subscript(key: String) -> TOMLValueView? {
        tableGetNode(pointer, key).map { TOMLValueView(pointer: $0, document: document) }
    }

    /// The keys, in no particular order.
    var keys: [String] {
        let count = self.count
        let list = tableGetKeys(pointer)
        defer { free(UnsafeMutableRawPointer(mutating: list)) }
        return (0..<count).map { index in
            let key = list[index]
            defer { free(UnsafeMutableRawPointer(mutating: key)) }
            return String(cString: key)
        }
    }
}

/// An array inside a `TOMLDocument`.
struct TOMLArrayView: RandomAccessCollection {
    fileprivate let pointer: OpaquePointer
    fileprivate let document: TOMLDocument

    var startIndex: Int { 0 }
    var endIndex: Int { arraySize(pointer) }

    subscript(index: Int) -> TOMLValueView {
        TOMLValueView(pointer: arrayGetNode(pointer, Int64(index)), document: document)
    }
}

/// One value inside a `TOMLDocument`; each accessor is nil when the value is of another kind.
struct TOMLValueView {
    fileprivate let pointer: OpaquePointer
    fileprivate let document: TOMLDocument

    var kind: TOMLKind {
        switch nodeType(pointer) {
        case .table: .table
        case .array: .array
        case .string: .string
        case .integer: .integer
        case .floatingPoint: .float
        case .boolean: .boolean
        case .date: .date
        case .timeType: .time
        case .dateTime: .dateTime
        }
    }

    var string: String? {
        guard let copy = nodeAsString(pointer) else { return nil }
        defer { free(UnsafeMutableRawPointer(mutating: copy)) }
        return String(cString: copy)
    }

    var int: Int? { Self.take(nodeAsInt(pointer)).map { Int($0) } }
    var double: Double? { Self.take(nodeAsDouble(pointer)) }
    var bool: Bool? { Self.take(nodeAsBool(pointer)) }
    var date: (year: Int, month: Int, day: Int)? {
        Self.take(nodeAsDate(pointer)).map { (Int($0.year), Int($0.month), Int($0.day)) }
    }

    var table: TOMLTableView? { nodeAsTable(pointer).map { TOMLTableView(pointer: $0, document: document) } }
    var array: TOMLArrayView? { nodeAsArray(pointer).map { TOMLArrayView(pointer: $0, document: document) } }

    /// Reads and frees a value the C layer copied into `malloc`ed memory.
    private static func take<Value>(_ copy: UnsafePointer<Value>?) -> Value? {
        guard let copy else { return nil }
        defer { free(UnsafeMutableRawPointer(mutating: copy)) }
        return copy.pointee
    }
}
