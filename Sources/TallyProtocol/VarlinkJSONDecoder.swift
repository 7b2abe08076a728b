import Foundation

/// Reads JSON into `Decodable` values the way JSONDecoder does (its default configuration), from one flat list
/// of tokens, for the frames of the wire.
///
/// JSONDecoder builds a dictionary of every object's keys before a value asks for one; for the status of
/// thousands of agreements that was two thirds of `tallyctl status --json`. This reader scans the bytes once
/// into tokens (each container knows where it ends, each object where its keys are) and a keyed container finds
/// a key by bisection among its object's keys (the wire writes them sorted; others are searched in turn). It
/// only answers where the answer is plain: a document it does not accept whole (a syntax error,
/// a key that is escaped, not ASCII or written twice, a number that is not a plain integer where an integer is
/// asked, a `Date`, `Data`, `URL` or `Decimal`), and any error at all on the way, even one a type's
/// `init(from:)` catches, makes ``decode(_:from:userInfo:)`` hand the document to JSONDecoder, so values and
/// errors are always JSONDecoder's. `VarlinkJSONDecoderTests` compares the two.
struct JSONTapeDecoder {
    /// `T` from the JSON `bytes`: by the tape when it can answer, else by JSONDecoder.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], userInfo: [CodingUserInfoKey: any Sendable])
        throws -> T
    {
        if let value = taped(T.self, from: bytes, userInfo: userInfo) { return value }
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        return try decoder.decode(T.self, from: Data(bytes))
    }

    /// `T` from `bytes` by the tape, or nil where JSONDecoder has to answer (the tests call it to see that the tape
    /// answers).
    static func taped<T: Decodable>(_ type: T.Type, from bytes: [UInt8], userInfo: [CodingUserInfoKey: any Sendable]) -> T? {
        guard let tape = JSONTape(bytes) else { return nil }
        let state = JSONTapeState(bytes: bytes, tape: tape, userInfo: userInfo)
        guard let value = try? state.value(T.self, at: 0), !state.declined else { return nil }
        return value
    }
}

// MARK: - The tape

/// The tokens of one JSON document, in document order.
struct JSONTape {
    struct Token {
        enum Kind: UInt8 { case object, array, string, number, `true`, `false`, null }
        var kind: Kind
        /// A string without escapes and all ASCII, a number written as a plain integer (`-?[1-9][0-9]*` or `0`),
        /// or an object whose keys rise strictly (as the wire writes them).
        var plain: Bool
        /// A string with a backslash.
        var escaped: Bool
        /// Where a string's text (after its quote) or a number begins in the bytes; where an object's keys begin in
        /// ``JSONTape/keys``.
        var start: Int32
        /// A string's or number's length in bytes; a container's count of members or elements.
        var length: Int32
        /// The index of the token after this value (after all of a container's tokens).
        var next: Int32
        /// The container this value is in (-1 for the document); an object member's key comes just before it.
        var parent: Int32
    }

    private(set) var tokens: [Token] = []
    /// The key tokens of every object, each object's together, in document order.
    private(set) var keys: [Int32] = []

    /// JSONDecoder's nesting limit is 512; deeper documents are left to it.
    static let maximumDepth = 500

    /// The tape of `bytes`, or nil when the document is not one the tape answers for (JSONDecoder will say why).
    init?(_ bytes: [UInt8]) {
        guard bytes.count < Int(Int32.max) else { return nil }
        let ok = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = Scanner(bytes: buffer)
            scanner.tokens.reserveCapacity(buffer.count / 8)
            guard scanner.value(parent: -1, depth: 0) else { return false }
            scanner.skipWhitespace()
            guard scanner.position == buffer.count else { return false }
            tokens = scanner.tokens
            keys = scanner.table
            return true
        }
        if !ok { return nil }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var tokens: [Token] = []
        /// The key tokens of the objects being read, innermost last.
        var keys: [Int32] = []
        /// The key tokens of the objects read.
        var table: [Int32] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func value(parent: Int32, depth: Int) -> Bool {
            skipWhitespace()
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object(parent: parent, depth: depth + 1)
            case UInt8(ascii: "["): return array(parent: parent, depth: depth + 1)
            case UInt8(ascii: "\""): return string(parent: parent)
            case UInt8(ascii: "t"): return literal("true", .true, parent: parent)
            case UInt8(ascii: "f"): return literal("false", .false, parent: parent)
            case UInt8(ascii: "n"): return literal("null", .null, parent: parent)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number(parent: parent)
            default: return false
            }
        }

        mutating func append(_ kind: Token.Kind, start: Int, length: Int, parent: Int32, plain: Bool = false,
                             escaped: Bool = false) -> Int
        {
            let index = tokens.count
            tokens.append(Token(kind: kind, plain: plain, escaped: escaped, start: Int32(start), length: Int32(length),
                                next: Int32(index + 1), parent: parent))
            return index
        }

        mutating func literal(_ word: StaticString, _ kind: Token.Kind, parent: Int32) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
            _ = append(kind, start: position, length: count, parent: parent)
            position += count
            return true
        }

        /// RFC 8259's number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        mutating func number(parent: Int32) -> Bool {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count else { return false }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else {
                guard digits() > 0 else { return false }
            }
            var plain = true
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { return false }
                plain = false
            }
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                    position += 1
                }
                guard digits() > 0 else { return false }
                plain = false
            }
            // "-0" is left to JSONDecoder's own reading.
            if position - start == 2, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: "0") { plain = false }
            _ = append(.number, start: start, length: position - start, parent: parent, plain: plain)
            return true
        }

        mutating func digits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            return position - start
        }

        mutating func string(parent: Int32) -> Bool {
            position += 1
            let start = position
            var ascii = true
            var escaped = false
            // The bytes passed eight at a time, or'ed: a high bit set in any is a byte beyond ASCII.
            var seen: UInt64 = 0
            while position < bytes.count {
                // Eight bytes at a time up to the next quote, backslash or control byte.
                if let base = bytes.baseAddress {
                    while position + 8 <= bytes.count {
                        let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                        if JSONWriterState.needsEscape(word) { break }
                        seen |= word
                        position += 8
                    }
                    guard position < bytes.count else { return false }
                }
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    if seen & 0x8080_8080_8080_8080 != 0 { ascii = false }
                    _ = append(.string, start: start, length: position - start, parent: parent,
                               plain: ascii && !escaped, escaped: escaped)
                    position += 1
                    return true
                }
                if byte < 0x20 { return false }
                if byte >= 0x80 { ascii = false }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    position += 1
                    guard position < bytes.count else { return false }
                    switch bytes[position] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        break
                    case UInt8(ascii: "u"):
                        guard position + 4 < bytes.count else { return false }
                        for offset in 1...4 where JSONTapeState.hexValue(bytes[position + offset]) == nil { return false }
                        position += 4
                    default:
                        return false
                    }
                }
                position += 1
            }
            return false
        }

        /// After an element or member: true at the closing bracket, false at a comma, nil at anything else.
        mutating func afterItem(closing: UInt8) -> Bool? {
            skipWhitespace()
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            if byte == closing { return true }
            return byte == UInt8(ascii: ",") ? false : nil
        }

        mutating func array(parent: Int32, depth: Int) -> Bool {
            guard depth <= JSONTape.maximumDepth else { return false }
            let index = append(.array, start: position, length: 0, parent: parent)
            position += 1
            skipWhitespace()
            var count = 0
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
            } else {
                while true {
                    guard value(parent: Int32(index), depth: depth) else { return false }
                    count += 1
                    guard let closed = afterItem(closing: UInt8(ascii: "]")) else { return false }
                    if closed { break }
                }
            }
            tokens[index].length = Int32(count)
            tokens[index].next = Int32(tokens.count)
            return true
        }

        mutating func object(parent: Int32, depth: Int) -> Bool {
            guard depth <= JSONTape.maximumDepth else { return false }
            let index = append(.object, start: position, length: 0, parent: parent)
            let keyBase = keys.count
            position += 1
            skipWhitespace()
            var count = 0
            // The wire writes keys sorted: keys in strictly rising order are distinct without a further check.
            var rising = true
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
            } else {
                while true {
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return false }
                    let key = tokens.count
                    guard string(parent: Int32(index)), tokens[key].plain else { return false }
                    if rising, keys.count > keyBase, byteOrder(text(keys[keys.count - 1]), text(Int32(key))) >= 0 { rising = false }
                    keys.append(Int32(key))
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return false }
                    position += 1
                    guard value(parent: Int32(index), depth: depth) else { return false }
                    count += 1
                    guard let closed = afterItem(closing: UInt8(ascii: "}")) else { return false }
                    if closed { break }
                }
            }
            guard rising || keysAreDistinct(from: keyBase) else { return false }
            tokens[index].start = Int32(table.count)
            tokens[index].plain = rising
            table.append(contentsOf: keys[keyBase...])
            keys.removeSubrange(keyBase...)
            tokens[index].length = Int32(count)
            tokens[index].next = Int32(tokens.count)
            return true
        }

        /// No key of the object whose keys begin at `base` is written twice (JSONDecoder keeps one of them; which
        /// one is its business). Objects of many members are checked by hash; a collision declines too.
        func keysAreDistinct(from base: Int) -> Bool {
            let count = keys.count - base
            if count <= 16 {
                for a in base..<keys.count {
                    for b in (a + 1)..<keys.count where byteOrder(text(keys[a]), text(keys[b])) == 0 { return false }
                }
                return true
            }
            var seen = Set<Int>(minimumCapacity: count)
            for key in keys[base...] {
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(text(key)))
                guard seen.insert(hasher.finalize()).inserted else { return false }
            }
            return true
        }

        /// The bytes of string token `index` (a key's text: keys are never escaped on the tape).
        func text(_ index: Int32) -> UnsafeBufferPointer<UInt8> {
            let token = tokens[Int(index)]
            return UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.length)])
        }
    }
}

// MARK: - Decoding

/// One document being decoded: its bytes, its tape, and whether the tape had to decline.
final class JSONTapeState {
    let bytes: [UInt8]
    let tokens: [JSONTape.Token]
    let keys: [Int32]
    let userInfo: [CodingUserInfoKey: Any]
    /// Set by every error the tape throws, so that an error a type catches still sends the document to JSONDecoder.
    private(set) var declined = false

    init(bytes: [UInt8], tape: JSONTape, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.bytes = bytes
        self.tokens = tape.tokens
        self.keys = tape.keys
        self.userInfo = userInfo
    }

    /// The error to throw where the tape does not answer; JSONDecoder will answer instead.
    func decline(_ index: Int, _ reason: String) -> DecodingError {
        declined = true
        return DecodingError.dataCorrupted(.init(codingPath: codingPath(of: index), debugDescription: reason))
    }

    func kind(_ index: Int) -> JSONTape.Token.Kind { tokens[index].kind }

    /// The path JSONDecoder would give the value at `index`, from the tape's parents.
    func codingPath(of index: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        var child = index
        var parent = Int(tokens[index].parent)
        while parent >= 0 {
            if tokens[parent].kind == .object {
                path.append(JSONPathKey(stringValue: text(of: child - 1)))
            } else {
                var element = parent + 1, position = 0
                while element != child {
                    element = Int(tokens[element].next)
                    position += 1
                }
                path.append(JSONPathKey(intValue: position))
            }
            child = parent
            parent = Int(tokens[parent].parent)
        }
        return path.reversed()
    }

    /// A plain string token's text.
    func text(of index: Int) -> String {
        let token = tokens[index]
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(token.start)..<Int(token.start + token.length)]), as: UTF8.self)
        }
    }

    /// The value token of `key` in the object at `object`, or nil: by bisection where its keys rise.
    func member(_ key: String, in object: Int) -> Int? {
        var key = key
        let token = tokens[object]
        let first = Int(token.start), count = Int(token.length)
        return key.withUTF8 { wanted -> Int? in
            bytes.withUnsafeBufferPointer { buffer -> Int? in
                /// `wanted` against the text of the key at `slot` of the table.
                func compare(_ slot: Int) -> Int {
                    let key = tokens[Int(keys[slot])]
                    return byteOrder(wanted, UnsafeBufferPointer(rebasing: buffer[Int(key.start)..<Int(key.start + key.length)]))
                }
                if token.plain {
                    var low = first, high = first + count
                    while low < high {
                        let middle = (low + high) / 2
                        let order = compare(middle)
                        if order == 0 { return Int(keys[middle]) + 1 }
                        if order < 0 { high = middle } else { low = middle + 1 }
                    }
                    return nil
                }
                for slot in first..<(first + count) where compare(slot) == 0 { return Int(keys[slot]) + 1 }
                return nil
            }
        }
    }

    // MARK: Scalars

    func string(at index: Int) throws -> String {
        let token = tokens[index]
        guard token.kind == .string else { throw decline(index, "not a string") }
        if token.plain { return text(of: index) }
        if !token.escaped {
            let slice = bytes[Int(token.start)..<Int(token.start + token.length)]
            guard let text = String(validating: slice, as: UTF8.self) else { throw decline(index, "not UTF-8") }
            return text
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(Int(token.length))
        var position = Int(token.start)
        let end = Int(token.start + token.length)
        while position < end {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                position += 1
                continue
            }
            let escape = bytes[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: position)
                position += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one; anything else is JSONDecoder's call.
                    guard position + 6 <= end, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                    else { throw decline(index, "a lone surrogate") }
                    let low = hex4(at: position + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw decline(index, "a lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw decline(index, "a lone surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw decline(index, "not a scalar") }
                utf8.append(contentsOf: UTF8.encode(unicode)!)
            default: utf8.append(escape)  // " \ /
            }
        }
        guard let text = String(validating: utf8, as: UTF8.self) else { throw decline(index, "not UTF-8") }
        return text
    }

    private func hex4(at position: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | UInt32(Self.hexValue(bytes[position + offset]) ?? 0) }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    func bool(at index: Int) throws -> Bool {
        switch tokens[index].kind {
        case .true: return true
        case .false: return false
        default: throw decline(index, "not a boolean")
        }
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type, at index: Int) throws -> I {
        let token = tokens[index]
        guard token.kind == .number, token.plain else { throw decline(index, "not a plain integer") }
        var position = Int(token.start)
        let end = position + Int(token.length)
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var magnitude: UInt64 = 0
        while position < end {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[position] &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw decline(index, "out of range") }
            magnitude = sum
            position += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1, let value = I(exactly: Int64(truncatingIfNeeded: 0 &- magnitude))
            else { throw decline(index, "out of range") }
            return value
        }
        guard let value = I(exactly: magnitude) else { throw decline(index, "out of range") }
        return value
    }

    func double(at index: Int) throws -> Double {
        let token = tokens[index]
        guard token.kind == .number else { throw decline(index, "not a number") }
        if token.plain, token.length <= 15 { return Double(try integer(Int64.self, at: index)) }
        guard let value = Double(text(of: index)), value.isFinite else { throw decline(index, "not a finite double") }
        return value
    }

    // MARK: Any value

    /// `T` at `index`: scalars straight from the tape, Foundation's special types declined, anything else through
    /// its own `init(from:)`.
    func value<T: Decodable>(_ type: T.Type, at index: Int) throws -> T {
        // Each branch has found T to be the very type it returns, so the casts cannot fail.
        if T.self == String.self { return try string(at: index) as! T }
        if T.self == Int.self { return try integer(Int.self, at: index) as! T }
        if T.self == Bool.self { return try bool(at: index) as! T }
        if T.self == Double.self { return try double(at: index) as! T }
        if T.self == Int64.self { return try integer(Int64.self, at: index) as! T }
        // The other integers: their own init(from:) would come back here through a single-value container.
        if T.self == Int32.self { return try integer(Int32.self, at: index) as! T }
        if T.self == Int16.self { return try integer(Int16.self, at: index) as! T }
        if T.self == Int8.self { return try integer(Int8.self, at: index) as! T }
        if T.self == UInt.self { return try integer(UInt.self, at: index) as! T }
        if T.self == UInt64.self { return try integer(UInt64.self, at: index) as! T }
        if T.self == UInt32.self { return try integer(UInt32.self, at: index) as! T }
        if T.self == UInt16.self { return try integer(UInt16.self, at: index) as! T }
        if T.self == UInt8.self { return try integer(UInt8.self, at: index) as! T }
        if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self || T.self == Float.self {
            throw decline(index, "\(T.self) is read by JSONDecoder")
        }
        return try T(from: JSONTapeValueDecoder(state: self, index: index))
    }
}

/// The `Decoder` of one value on the tape.
struct JSONTapeValueDecoder: Decoder {
    let state: JSONTapeState
    let index: Int

    var codingPath: [any CodingKey] { state.codingPath(of: index) }
    var userInfo: [CodingUserInfoKey: Any] { state.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard state.kind(index) == .object else { throw state.decline(index, "not an object") }
        return KeyedDecodingContainer(JSONTapeKeyedContainer<Key>(state: state, object: index))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard state.kind(index) == .array else { throw state.decline(index, "not an array") }
        return JSONTapeUnkeyedContainer(state: state, array: index)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONTapeSingleValueContainer(state: state, index: index)
    }
}

struct JSONTapeSingleValueContainer: SingleValueDecodingContainer {
    let state: JSONTapeState
    let index: Int

    var codingPath: [any CodingKey] { state.codingPath(of: index) }

    func decodeNil() -> Bool { state.kind(index) == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try state.bool(at: index) }
    func decode(_ type: String.Type) throws -> String { try state.string(at: index) }
    func decode(_ type: Double.Type) throws -> Double { try state.double(at: index) }
    func decode(_ type: Int.Type) throws -> Int { try state.integer(Int.self, at: index) }
    func decode(_ type: Int64.Type) throws -> Int64 { try state.integer(Int64.self, at: index) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try state.value(T.self, at: index) }
}

struct JSONTapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: JSONTapeState
    let object: Int

    var codingPath: [any CodingKey] { state.codingPath(of: object) }

    var allKeys: [Key] {
        let token = state.tokens[object]
        let slots = Int(token.start)..<Int(token.start + token.length)
        return state.keys[slots].compactMap { Key(stringValue: state.text(of: Int($0))) }
    }

    func contains(_ key: Key) -> Bool { state.member(key.stringValue, in: object) != nil }

    /// The value token of `key`; JSONDecoder's `keyNotFound` where it is missing.
    private func required(_ key: Key) throws -> Int {
        guard let index = state.member(key.stringValue, in: object) else { throw state.decline(object, "no \(key.stringValue)") }
        return index
    }

    /// The value token of `key` unless it is missing or null.
    private func present(_ key: Key) -> Int? {
        guard let index = state.member(key.stringValue, in: object), state.kind(index) != .null else { return nil }
        return index
    }

    func decodeNil(forKey key: Key) throws -> Bool { state.kind(try required(key)) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try state.bool(at: try required(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try state.string(at: try required(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try state.double(at: try required(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try state.integer(Int.self, at: try required(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try state.integer(Int64.self, at: try required(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try state.value(T.self, at: try required(key)) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try state.bool(at: $0) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try state.string(at: $0) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try state.double(at: $0) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try state.integer(Int.self, at: $0) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map { try state.integer(Int64.self, at: $0) }
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try state.value(T.self, at: $0) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try JSONTapeValueDecoder(state: state, index: try required(key)).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONTapeValueDecoder(state: state, index: try required(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw state.decline(object, "superDecoder() is read by JSONDecoder") }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        throw state.decline(object, "superDecoder(forKey:) is read by JSONDecoder")
    }
}

struct JSONTapeUnkeyedContainer: UnkeyedDecodingContainer {
    let state: JSONTapeState
    let array: Int
    /// The token of the next element.
    private var element: Int
    private(set) var currentIndex = 0

    init(state: JSONTapeState, array: Int) {
        self.state = state
        self.array = array
        element = array + 1
    }

    var codingPath: [any CodingKey] { state.codingPath(of: array) }
    var count: Int? { Int(state.tokens[array].length) }
    var isAtEnd: Bool { currentIndex >= Int(state.tokens[array].length) }

    /// The next element's token, moving past it.
    private mutating func next() throws -> Int {
        guard !isAtEnd else { throw state.decline(array, "past the end") }
        let index = element
        element = Int(state.tokens[element].next)
        currentIndex += 1
        return index
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw state.decline(array, "past the end") }
        guard state.kind(element) == .null else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try state.bool(at: try next()) }
    mutating func decode(_ type: String.Type) throws -> String { try state.string(at: try next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try state.double(at: try next()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try state.integer(Int.self, at: try next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try state.integer(Int64.self, at: try next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try state.value(T.self, at: try next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try JSONTapeValueDecoder(state: state, index: try next()).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try JSONTapeValueDecoder(state: state, index: try next()).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { JSONTapeValueDecoder(state: state, index: try next()) }
}
