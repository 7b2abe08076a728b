import Foundation

/// Writes `Encodable` values as JSON bytes while they encode, with the bytes JSONEncoder writes in the one
/// configuration (sorted keys, slashes unescaped, `.prettyPrinted` when asked).
///
/// JSONEncoder builds a tree of boxed values with a dictionary per object, then sorts and writes it; for a
/// status of thousands of agreements that was most of tallyd's and tallyctl's time. This writer keeps no tree:
/// each container is a frame on a stack, a member is written as it is encoded, and a frame is closed when its
/// parent writes its next member (or at the end). An object whose keys came in another order than sorted is
/// put in order when it closes, by moving its members' bytes (the io.tally mappings write their keys sorted,
/// so that is rare). A value that uses a Foundation type JSONEncoder treats specially (`Date`, `Data`, `URL`,
/// `Decimal`), writes one key twice or writes to a container after a sibling closed it makes
/// ``write(_:pretty:)`` throw ``NotStreamable``, and ``VarlinkJSON/encode(_:pretty:)`` hands the value to
/// JSONEncoder: the same bytes, only slower. `VarlinkJSONEncoderTests` compares the bytes with JSONEncoder's.
struct JSONStreamWriter {
    /// The value cannot be written in one pass; JSONEncoder writes it instead.
    struct NotStreamable: Error, CustomStringConvertible {
        var description: String
    }

    /// `value` as JSON, written in one pass.
    ///
    /// The encoders and containers share one state through a pointer that lives until this returns (an
    /// `encode(to:)` must not keep its encoder, which no Codable conformance does).
    static func write<T: Encodable>(_ value: T, pretty: Bool, capacity: Int = 0) throws -> [UInt8] {
        try written(value, pretty: pretty, capacity: capacity).bytes
    }

    /// How many objects of `value` came with their keys out of order and had their members moved (tests pin that the
    /// io.tally mappings write theirs in order).
    static func objectsPutInOrder<T: Encodable>(_ value: T) throws -> Int {
        try written(value, pretty: false, capacity: 0).objectsPutInOrder
    }

    private static func written<T: Encodable>(_ value: T, pretty: Bool, capacity: Int) throws
        -> (bytes: [UInt8], objectsPutInOrder: Int)
    {
        let state = UnsafeMutablePointer<JSONWriterState>.allocate(capacity: 1)
        state.initialize(to: JSONWriterState(pretty: pretty, capacity: capacity))
        defer {
            state.deinitialize(count: 1)
            state.deallocate()
        }
        do {
            try writeValue(value, level: 0, into: state)
        } catch {
            // Whatever an encode(to:) made of the error, a value that could not go in one pass goes to JSONEncoder.
            if let failure = state.pointee.failure { throw NotStreamable(description: failure) }
            throw error
        }
        state.pointee.close(downTo: 0)
        if let failure = state.pointee.failure { throw NotStreamable(description: failure) }
        return (state.pointee.bytes, state.pointee.objectsPutInOrder)
    }

    /// Writes `value` in the slot at `level`: the scalars at once, anything else through its own `encode(to:)`
    /// (the other integer widths and `Float` come back through a single-value container).
    static func writeValue<T: Encodable>(_ value: T, level: Int, into state: UnsafeMutablePointer<JSONWriterState>) throws {
        if T.self == String.self, let text = value as? String {
            state.pointee.appendString(text)
        } else if T.self == Int.self, let number = value as? Int {
            state.pointee.appendInteger(number)
        } else if T.self == Bool.self, let flag = value as? Bool {
            state.pointee.appendBool(flag)
        } else if T.self == Double.self, let number = value as? Double {
            try state.pointee.appendDouble(number, level: level)
        } else if T.self == EncodedJSON.self, let encoded = value as? EncodedJSON {
            state.pointee.appendEncoded(encoded.bytes, level: level)
        } else if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            throw state.pointee.notStreamable("\(T.self) is encoded by JSONEncoder")
        } else {
            let mark = state.pointee.bytes.count
            try value.encode(to: JSONStreamEncoder(state: state, level: level, owner: state.pointee.newOwner()))
            if state.pointee.bytes.count == mark {
                // JSONEncoder refuses a top-level value that encoded nothing; let it say so.
                guard level > 0 else { throw state.pointee.notStreamable("\(T.self) encoded nothing") }
                state.pointee.appendEmptyObject(level: level)
            }
        }
    }
}

/// The state the encoders of one value share. It is reached through a pointer ``JSONStreamWriter/write(_:pretty:)``
/// owns, not through a class's stored properties, so that each byte written pays for no reference counting and
/// no dynamic exclusivity check; no method here calls out to an `encode(to:)`, so no access to it overlaps another.
struct JSONWriterState {
    struct Frame {
        var isObject: Bool
        var count = 0
        /// Which encoder opened it: asking the same encoder again for its container reuses the frame.
        var owner: Int
        /// Where this object's members begin in `members`.
        var memberBase: Int
        /// A key came before one it sorts after: the members are put in order when the object closes.
        var unsorted = false
        /// A key is not ASCII: two keys may be the same text in different Unicode forms.
        var nonASCIIKey = false
    }

    var bytes: [UInt8] = []
    let pretty: Bool
    /// The containers still open, outermost first.
    var frames: [Frame] = []
    /// Why the value cannot be written in one pass; set where the `Encoder` API cannot throw.
    var failure: String?
    /// How many objects had their members put in key order when they closed.
    private(set) var objectsPutInOrder = 0
    /// A member of an open object: its key, and where the key begins in `bytes`.
    struct Member {
        var key: String
        var start: Int
    }

    /// The members of the open objects (a struct, not a tuple: removing tuples goes through a generic destroy).
    private var members: [Member] = []
    private var owners = 0

    init(pretty: Bool, capacity: Int = 0) {
        self.pretty = pretty
        bytes.reserveCapacity(max(1024, capacity))
    }

    mutating func newOwner() -> Int {
        owners += 1
        return owners
    }

    mutating func fail(_ reason: String) {
        if failure == nil { failure = reason }
    }

    /// Records why the value cannot go in one pass (so that an `encode(to:)` swallowing the error changes
    /// nothing) and returns the error to throw.
    mutating func notStreamable(_ reason: String) -> JSONStreamWriter.NotStreamable {
        fail(reason)
        return JSONStreamWriter.NotStreamable(description: failure ?? reason)
    }

    /// JSONWriter's nesting limit: deeper values are left to JSONEncoder, which refuses them.
    static let maximumDepth = 511

    /// The coding path of the member being written, from the open frames (for error messages).
    func codingPath(level: Int) -> [any CodingKey] {
        frames.prefix(level).indices.map { index in
            frames[index].isObject ? JSONPathKey(stringValue: lastKey(of: index)) : JSONPathKey(intValue: frames[index].count - 1)
        }
    }

    /// The key of the member the object frame at `index` writes now: its members end where the next object
    /// frame's begin.
    private func lastKey(of index: Int) -> String {
        let end = frames[(index + 1)...].first(where: \.isObject)?.memberBase ?? members.count
        return end > frames[index].memberBase ? members[end - 1].key : ""
    }

    // MARK: Containers

    /// Closes every frame deeper than `level` open frames.
    mutating func close(downTo level: Int) {
        while frames.count > level {
            let frame = frames.removeLast()
            if frame.isObject {
                if frame.nonASCIIKey, Set(members[frame.memberBase...].map(\.key)).count < frame.count {
                    // JSONEncoder keeps one of two keys Swift holds equal (é and e + U+0301).
                    fail("two keys are the same text")
                }
                if frame.unsorted {
                    objectsPutInOrder += 1
                    sortMembers(from: frame.memberBase, depth: frames.count + 1)
                }
                members.removeSubrange(frame.memberBase...)
            }
            if frame.count == 0 {
                if pretty { bytes.append(0x0A); bytes.append(0x0A); indent(frames.count) }
            } else if pretty {
                bytes.append(0x0A)
                indent(frames.count)
            }
            bytes.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Opens a container for the value at `level`, or finds the one `owner` opened there before.
    mutating func open(object: Bool, level: Int, owner: Int) {
        if frames.count > level, frames[level].owner == owner, frames[level].isObject == object {
            close(downTo: level + 1)
            return
        }
        guard frames.count == level else {
            fail("a container was asked for out of order")
            return
        }
        if level >= Self.maximumDepth { fail("nested deeper than \(Self.maximumDepth)") }
        frames.append(Frame(isObject: object, owner: owner, memberBase: members.count))
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
    }

    /// Starts the next member of the frame at `index`, writing its key for an object.
    mutating func beginMember(frame index: Int, owner: Int, key: String?) throws {
        if let failure { throw JSONStreamWriter.NotStreamable(description: failure) }
        guard frames.count > index, frames[index].owner == owner else {
            throw notStreamable("a container was written to after it closed")
        }
        close(downTo: index + 1)
        // The frames deeper than this one are closed: the last member written is this object's.
        if let key, frames[index].count > 0, !frames[index].unsorted, let last = members.last?.key, !Self.precedes(last, key) {
            guard key != last else { throw notStreamable("key \(key) written twice") }
            frames[index].unsorted = true
        }
        if frames[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[index].count += 1
        if pretty {
            bytes.append(0x0A)
            indent(index + 1)
        }
        if let key {
            members.append(Member(key: key, start: bytes.count))
            if !appendString(key) { frames[index].nonASCIIKey = true }
            if pretty {
                bytes.append(0x20); bytes.append(UInt8(ascii: ":")); bytes.append(0x20)
            } else {
                bytes.append(UInt8(ascii: ":"))
            }
        }
    }

    /// Whether `a` sorts before `b` by their UTF-8 bytes, as JSONEncoder sorts keys.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { a in b.withUTF8 { b in byteOrder(a, b) < 0 } }
    }

    /// Puts the members of the object closing, from `base` in `members`, in key order. Each member is its
    /// key through its value; between two members stands the same separator (a comma, and a new line and
    /// the indent of `depth` when pretty).
    private mutating func sortMembers(from base: Int, depth: Int) {
        guard base < members.count else { return }
        let firstStart = members[base].start
        let separator = 1 + (pretty ? 1 + 2 * depth : 0)
        var ranges: [(key: String, range: Range<Int>)] = []
        ranges.reserveCapacity(members.count - base)
        for offset in base..<members.count {
            let end = offset + 1 < members.count ? members[offset + 1].start - separator : bytes.count
            ranges.append((members[offset].key, members[offset].start..<end))
        }
        ranges.sort { Self.precedes($0.key, $1.key) }
        for (a, b) in zip(ranges, ranges.dropFirst()) where a.key == b.key {
            fail("key \(a.key) written twice")
            return
        }
        var sorted: [UInt8] = []
        sorted.reserveCapacity(bytes.count - firstStart)
        for (position, member) in ranges.enumerated() {
            if position > 0 {
                sorted.append(UInt8(ascii: ","))
                if pretty {
                    sorted.append(0x0A)
                    sorted.append(contentsOf: repeatElement(0x20, count: 2 * depth))
                }
            }
            sorted.append(contentsOf: bytes[member.range])
        }
        bytes.replaceSubrange(firstStart..., with: sorted)
    }

    mutating func indent(_ depth: Int) {
        var left = 2 * depth
        while left > 0 {
            let run = min(left, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[..<run])
            left -= run
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    /// `{}` for a value that encoded nothing, as JSONEncoder writes it.
    mutating func appendEmptyObject(level: Int) {
        bytes.append(UInt8(ascii: "{"))
        if pretty { bytes.append(0x0A); bytes.append(0x0A); indent(level) }
        bytes.append(UInt8(ascii: "}"))
    }

    /// JSON text written before (``EncodedJSON``), as the slot at `level` would have it.
    mutating func appendEncoded(_ text: [UInt8], level: Int) {
        guard pretty else { return bytes.append(contentsOf: text) }
        guard let laidOut = JSONLayout.pretty(text, depth: level) else { return fail("encoded JSON that does not close") }
        bytes.append(contentsOf: laidOut)
    }

    // MARK: Scalars

    mutating func appendNull() {
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func appendBool(_ flag: Bool) {
        bytes.append(contentsOf: flag ? "true".utf8 : "false".utf8)
    }

    mutating func appendInteger(_ number: some FixedWidthInteger) {
        if number >= 0, number < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: number))
        } else if let small = Int64(exactly: number), small > Int64.min {
            // Digits written backwards into a small buffer: no String per number.
            var magnitude = small.magnitude
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                    count += 1
                } while magnitude > 0
                if small < 0 {
                    buffer[23 - count] = UInt8(ascii: "-")
                    count += 1
                }
                bytes.append(contentsOf: buffer[(24 - count)...])
            }
        } else {
            bytes.append(contentsOf: number.description.utf8)
        }
    }

    /// A finite number as JSONEncoder writes it: the shortest text that reads back, without a trailing `.0`.
    mutating func appendDouble(_ number: Double, level: Int) throws {
        guard number.isFinite else {
            // The member's key is written already: whatever the caller makes of the error, JSONEncoder redoes it.
            fail("\(number) is not a valid JSON number")
            throw EncodingError.invalidValue(
                number, .init(codingPath: codingPath(level: level), debugDescription: "\(number) is not a valid JSON number."))
        }
        if number.rounded(.towardZero) == number, abs(number) < 1e15, !(number == 0 && number.sign == .minus) {
            // A whole number: its digits, as `description` without the ".0" would give.
            appendInteger(Int64(number))
            return
        }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    mutating func appendFloat(_ number: Float, level: Int) throws {
        guard number.isFinite else { return try appendDouble(Double(number), level: level) }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes `text` as a JSON string, escaped as JSONEncoder escapes it (slashes left alone); returns whether it
    /// is all ASCII.
    @discardableResult
    mutating func appendString(_ text: String) -> Bool {
        bytes.append(UInt8(ascii: "\""))
        var ascii: Bool
        if let written = text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) {
            ascii = written
        } else {
            var copy = text
            ascii = copy.withUTF8 { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
        return ascii
    }

    /// Writes `utf8` escaped; returns whether it is all ASCII. Runs that need no escape are found eight bytes at a
    /// time and copied whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return true }
        let count = utf8.count
        var start = 0
        var index = 0
        var seen: UInt64 = 0
        while index < count {
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                seen |= word
                if Self.needsEscape(word) { break }
                index += 8
            }
            guard index < count else { break }
            let byte = base[index]
            seen |= UInt64(byte)
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            start = index + 1
            index += 1
            bytes.append(UInt8(ascii: "\\"))
            if let letter = Self.shortEscape(byte) {
                bytes.append(letter)
            } else {
                bytes.append(contentsOf: "u00".utf8)
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0xF))
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// Whether one of the eight bytes of `word` is below 0x20, a quote or a backslash (the bit tricks of "Bit
    /// Twiddling Hacks": a byte below n, a byte equal to zero after an exclusive or).
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs) != 0
    }

    /// What follows the backslash of an escaped byte (a quote, a backslash or a control character) when JSONEncoder
    /// writes it in two bytes; nil for one written as `\u00XX`.
    static func shortEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x08: UInt8(ascii: "b")
        case 0x0C: UInt8(ascii: "f")
        default: nil
        }
    }

    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

extension VarlinkJSON {
    /// How many bytes `text` takes as a JSON string as ``VarlinkJSON`` writes it, quotes included: for sizing a
    /// message before it is written. Runs that need no escape are passed eight bytes at a time.
    public static func writtenLength(of text: String) -> Int {
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return 2 }
            var length = 2 + utf8.count
            var index = 0
            while index < utf8.count {
                if index + 8 <= utf8.count,
                   !JSONWriterState.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    length += JSONWriterState.shortEscape(byte) == nil ? 5 : 1
                }
                index += 1
            }
            return length
        }
    }
}

/// The order of two byte strings, as JSONEncoder sorts keys: byte by byte, a prefix before what it begins (negative,
/// zero or positive). The writer's key order and the tape decoder's key search both go by it.
func byteOrder(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    if common > 0, let first = a.baseAddress, let second = b.baseAddress {
        let order = memcmp(first, second, common)
        if order != 0 { return Int(order) }
    }
    return a.count - b.count
}

/// The `Encoder` of one slot: the root value, a member of an object or an element of an array.
struct JSONStreamEncoder: Encoder {
    let state: UnsafeMutablePointer<JSONWriterState>
    /// How many frames enclose the slot.
    let level: Int
    let owner: Int

    var codingPath: [any CodingKey] { state.pointee.codingPath(level: level) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        state.pointee.open(object: true, level: level, owner: owner)
        return KeyedEncodingContainer(JSONStreamKeyedContainer<Key>(state: state, index: level, owner: owner))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        state.pointee.open(object: false, level: level, owner: owner)
        return JSONStreamUnkeyedContainer(state: state, index: level, owner: owner)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONStreamSingleValueContainer(state: state, level: level)
    }
}

struct JSONStreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: UnsafeMutablePointer<JSONWriterState>
    /// The frame of this object.
    let index: Int
    let owner: Int

    var codingPath: [any CodingKey] { state.pointee.codingPath(level: index) }

    private func begin(_ key: Key) throws {
        try state.pointee.beginMember(frame: index, owner: owner, key: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws {
        try begin(key)
        state.pointee.appendNull()
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendString(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendBool(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try begin(key)
        try state.pointee.appendDouble(value, level: index + 1)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        try begin(key)
        try state.pointee.appendFloat(value, level: index + 1)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int128, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt128, forKey key: Key) throws {
        try begin(key)
        state.pointee.appendInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        do {
            try JSONStreamWriter.writeValue(value, level: index + 1, into: state)
        } catch {
            // Part of the member is written: if the caller swallows the error, JSONEncoder redoes the value.
            state.pointee.fail("\(error)")
            throw error
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        nestedEncoder(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        nestedEncoder(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        state.pointee.fail("superEncoder is not written in one pass")
        return JSONStreamEncoder(state: state, level: index + 1, owner: state.pointee.newOwner())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder()
    }

    private func nestedEncoder(_ key: Key) -> JSONStreamEncoder {
        do {
            try begin(key)
        } catch {
            state.pointee.fail("\(error)")
        }
        return JSONStreamEncoder(state: state, level: index + 1, owner: state.pointee.newOwner())
    }
}

struct JSONStreamUnkeyedContainer: UnkeyedEncodingContainer {
    let state: UnsafeMutablePointer<JSONWriterState>
    /// The frame of this array.
    let index: Int
    let owner: Int

    var codingPath: [any CodingKey] { state.pointee.codingPath(level: index) }
    var count: Int { state.pointee.frames.count > index ? state.pointee.frames[index].count : 0 }

    private func begin() throws {
        try state.pointee.beginMember(frame: index, owner: owner, key: nil)
    }

    mutating func encodeNil() throws {
        try begin()
        state.pointee.appendNull()
    }

    mutating func encode(_ value: String) throws {
        try begin()
        state.pointee.appendString(value)
    }

    mutating func encode(_ value: Bool) throws {
        try begin()
        state.pointee.appendBool(value)
    }

    mutating func encode(_ value: Double) throws {
        try begin()
        try state.pointee.appendDouble(value, level: index + 1)
    }

    mutating func encode(_ value: Float) throws {
        try begin()
        try state.pointee.appendFloat(value, level: index + 1)
    }

    mutating func encode(_ value: Int) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int8) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int16) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int32) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int64) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt8) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt16) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt32) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt64) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int128) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt128) throws {
        try begin()
        state.pointee.appendInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        do {
            try JSONStreamWriter.writeValue(value, level: index + 1, into: state)
        } catch {
            // Part of the element is written: if the caller swallows the error, JSONEncoder redoes the value.
            state.pointee.fail("\(error)")
            throw error
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        nestedEncoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        nestedEncoder().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        state.pointee.fail("superEncoder is not written in one pass")
        return JSONStreamEncoder(state: state, level: index + 1, owner: state.pointee.newOwner())
    }

    private func nestedEncoder() -> JSONStreamEncoder {
        do {
            try begin()
        } catch {
            state.pointee.fail("\(error)")
        }
        return JSONStreamEncoder(state: state, level: index + 1, owner: state.pointee.newOwner())
    }
}

struct JSONStreamSingleValueContainer: SingleValueEncodingContainer {
    let state: UnsafeMutablePointer<JSONWriterState>
    let level: Int

    var codingPath: [any CodingKey] { state.pointee.codingPath(level: level) }

    mutating func encodeNil() throws {
        state.pointee.appendNull()
    }

    mutating func encode(_ value: String) throws {
        state.pointee.appendString(value)
    }

    mutating func encode(_ value: Bool) throws {
        state.pointee.appendBool(value)
    }

    mutating func encode(_ value: Double) throws {
        try state.pointee.appendDouble(value, level: level)
    }

    mutating func encode(_ value: Float) throws {
        try state.pointee.appendFloat(value, level: level)
    }

    mutating func encode(_ value: Int) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int8) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int16) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int32) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int64) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt8) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt16) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt32) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt64) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: Int128) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode(_ value: UInt128) throws {
        state.pointee.appendInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONStreamWriter.writeValue(value, level: level, into: state)
    }
}

/// A key or an array position in a coding path.
struct JSONPathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
