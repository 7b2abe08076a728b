/// Lays out JSON text that was written compact (as the wire carries it) the way ``VarlinkJSON/encode(_:pretty:)``
/// writes the same value, without decoding it: tokens are copied as they are and only the space between them
/// changes. Keys are not reordered, and strings and numbers keep their spelling: for text ``VarlinkJSON`` wrote
/// (keys sorted, its escapes, its numbers), as every frame of tallyd is, the layout is what encoding the decoded
/// value again with `pretty: true` gives, byte for byte (`JSONLayoutTests` compares the two); other text (`\u00e9`,
/// `1E2`) is laid out as it is spelled.
///
/// For `tallyctl status --json` of thousands of agreements, decoding the reply into its types and encoding it
/// again was most of the command's time; this is one pass over the bytes.
public enum JSONLayout {
    /// JSONDecoder's nesting limit: deeper text is not laid out.
    static let maximumDepth = 512

    /// `text` indented as the pretty writer indents it (two spaces, `" : "` between a key and its value, an empty
    /// container as `{` and `}` with a blank line between), or nil when `text` is not one JSON value whose
    /// strings and containers close, or nests deeper than JSONDecoder reads. Nothing outside `text` is read,
    /// whatever it holds; the rest of the JSON grammar is not checked (the text comes from ``VarlinkJSON``, or from
    /// a frame that has been decoded).
    ///
    /// `depth` is how many containers enclose the value where it is written: the indent of its closing bracket.
    public static func pretty(_ text: some Collection<UInt8>, depth: Int = 0) -> [UInt8]? {
        var laidOut: [UInt8] = []
        laidOut.reserveCapacity(text.count + text.count / 4 * 3 + 16)
        let done = text.withContiguousStorageIfAvailable { buffer in
            layOut(buffer, depth: depth) { laidOut.append(contentsOf: $0) }
        }
        if let done { return done ? laidOut : nil }
        return pretty(Array(text), depth: depth)
    }

    /// Lays out the whole of `input`, handing the text to `emit` a piece at a time; false as ``pretty(_:depth:)`` is nil.
    private static func layOut(_ input: UnsafeBufferPointer<UInt8>, depth: Int,
                               emit: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        withoutActuallyEscaping(emit) { emit in
            var layout = Layout(input: input, depth: depth, emit: emit)
            defer { layout.finish() }
            guard layout.value() else { return false }
            layout.scanner.skipWhitespace()
            return layout.scanner.atEnd
        }
    }

    /// Lays out the value of `key` in `text`, a JSON object (its top level only), as ``pretty(_:depth:)`` lays out a
    /// whole document, handing the text to `emit` a piece at a time as it goes (for a reply of megabytes printed
    /// at once): true once it is all handed on, false when the object has no such member (nothing is handed on),
    /// nil when `text` is not an object whose members read up to that one, or the value does not close (part of
    /// it may have been handed on). A key written with escapes is compared as written. One pass: the members
    /// before it are skipped, the value is laid out, what follows it is not read.
    public static func pretty(member key: String, of text: [UInt8], emit: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool? {
        text.withUnsafeBufferPointer { buffer -> Bool? in
            withoutActuallyEscaping(emit) { emit in
                var layout = Layout(input: buffer, depth: 0, emit: emit)
                defer { layout.finish() }
                guard let found = layout.scanner.seek(member: Array(key.utf8)) else { return nil }
                guard found else { return false }
                return layout.value() ? true : nil
            }
        }
    }

    /// Reads JSON text in `input` token by token.
    fileprivate struct Scanner {
        let input: UnsafeBufferPointer<UInt8>
        var position = 0

        init(input: UnsafeBufferPointer<UInt8>) { self.input = input }

        var atEnd: Bool { position >= input.count }

        mutating func skipWhitespace() {
            while position < input.count {
                switch input[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        /// Moves past a string whose opening quote is at `position`; false when it does not close. Runs without a
        /// quote or a backslash are passed eight bytes at a time.
        mutating func skipString() -> Bool {
            position += 1
            guard let base = input.baseAddress else { return false }
            let count = input.count
            while position < count {
                while position + 8 <= count,
                      !JSONWriterState.needsEscape(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)) {
                    position += 8
                }
                guard position < count else { return false }
                switch input[position] {
                case UInt8(ascii: "\""):
                    position += 1
                    return true
                case UInt8(ascii: "\\"):
                    position += 2
                default:
                    position += 1
                }
            }
            return false
        }

        /// Moves past a number or a literal (`true`, `false`, `null`): up to the next structural byte or space.
        mutating func skipScalar() {
            let start = position
            while position < input.count {
                switch input[position] {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: "["),
                     UInt8(ascii: "{"), UInt8(ascii: "\""), 0x20, 0x09, 0x0A, 0x0D:
                    if position == start { position += 1 }
                    return
                default:
                    position += 1
                }
            }
        }

        /// Moves past the value at `position`; false when it does not close or nests too deep.
        mutating func skipValue() -> Bool {
            var depth = 0
            repeat {
                skipWhitespace()
                guard position < input.count else { return false }
                switch input[position] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    guard depth <= JSONLayout.maximumDepth else { return false }
                    position += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    guard depth >= 0 else { return false }
                    position += 1
                case UInt8(ascii: ","), UInt8(ascii: ":"):
                    guard depth > 0 else { return false }
                    position += 1
                default:
                    skipScalar()
                }
            } while depth > 0
            return true
        }

        /// Moves to the value of `key` in the object at `position`: true there, false at the object's end when it
        /// has no such member, nil when it is not an object whose members read up to there.
        mutating func seek(member key: [UInt8]) -> Bool? {
            skipWhitespace()
            guard !atEnd, input[position] == UInt8(ascii: "{") else { return nil }
            position += 1
            skipWhitespace()
            if !atEnd, input[position] == UInt8(ascii: "}") { return false }
            while true {
                skipWhitespace()
                guard !atEnd, input[position] == UInt8(ascii: "\"") else { return nil }
                let keyStart = position + 1
                guard skipString() else { return nil }
                let found = input[keyStart..<(position - 1)].elementsEqual(key)
                skipWhitespace()
                guard !atEnd, input[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                skipWhitespace()
                if found { return true }
                guard skipValue() else { return nil }
                skipWhitespace()
                guard !atEnd else { return nil }
                switch input[position] {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"): return false
                default: return nil
                }
            }
        }
    }

    /// Copies `input` to `emit`, laid out, through a buffer of its own.
    private struct Layout {
        var scanner: Scanner
        /// Whether each open container is an object, innermost last.
        var open: [Bool] = []
        /// The containers around the value, outside the input.
        let depth: Int
        let emit: (UnsafeBufferPointer<UInt8>) -> Void
        /// Laid-out text not yet handed to `emit`: the first `filled` bytes.
        private let buffer: UnsafeMutableBufferPointer<UInt8>
        private var filled = 0

        init(input: UnsafeBufferPointer<UInt8>, depth: Int, emit: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
            scanner = Scanner(input: input)
            self.depth = max(0, depth)
            self.emit = emit
            buffer = .allocate(capacity: 1 << 16)
        }

        /// Hands on what is buffered and frees the buffer; the layout is not used after.
        mutating func finish() {
            flush()
            buffer.deallocate()
        }

        private mutating func flush() {
            if filled > 0 { emit(UnsafeBufferPointer(rebasing: buffer[..<filled])) }
            filled = 0
        }

        private mutating func put(_ byte: UInt8) {
            if filled == buffer.count { flush() }
            buffer[filled] = byte
            filled += 1
        }

        private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return }
            if filled + bytes.count > buffer.count {
                flush()
                guard bytes.count <= buffer.count else { return emit(bytes) }
            }
            (target + filled).update(from: source, count: bytes.count)
            filled += bytes.count
        }

        /// A new line and the indent of 64 levels, of which each line takes what it needs.
        private static let lineBreak = [0x0A] + [UInt8](repeating: 0x20, count: 128)

        mutating func newLine() {
            var indent = 2 * (depth + open.count)
            Self.lineBreak.withUnsafeBufferPointer { line in
                let first = min(indent, line.count - 1)
                put(UnsafeBufferPointer(rebasing: line[...first]))
                indent -= first
                while indent > 0 {
                    let run = min(indent, line.count - 1)
                    put(UnsafeBufferPointer(rebasing: line[1...run]))
                    indent -= run
                }
            }
        }

        mutating func copy(from start: Int) {
            put(UnsafeBufferPointer(rebasing: scanner.input[start..<scanner.position]))
        }

        /// Lays out the value at the scanner's position, up to its end; false when it is not one value whose
        /// strings and containers close.
        mutating func value() -> Bool {
            repeat {
                scanner.skipWhitespace()
                guard !scanner.atEnd else { return false }
                let byte = scanner.input[scanner.position]
                let start = scanner.position
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard open.count < JSONLayout.maximumDepth else { return false }
                    scanner.position += 1
                    scanner.skipWhitespace()
                    let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    put(byte)
                    if !scanner.atEnd, scanner.input[scanner.position] == close {
                        // JSONEncoder's empty container: a blank line, and the close at this one's indent.
                        scanner.position += 1
                        put(0x0A)
                        newLine()
                        put(close)
                    } else {
                        open.append(byte == UInt8(ascii: "{"))
                        newLine()
                    }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard let isObject = open.popLast(), isObject == (byte == UInt8(ascii: "}")) else { return false }
                    scanner.position += 1
                    newLine()
                    put(byte)
                case UInt8(ascii: ","):
                    guard !open.isEmpty else { return false }
                    scanner.position += 1
                    put(byte)
                    newLine()
                case UInt8(ascii: ":"):
                    guard open.last == true else { return false }
                    scanner.position += 1
                    put(0x20)
                    put(byte)
                    put(0x20)
                case UInt8(ascii: "\""):
                    guard scanner.skipString() else { return false }
                    copy(from: start)
                default:
                    scanner.skipScalar()
                    copy(from: start)
                }
            } while !open.isEmpty
            return true
        }
    }
}
