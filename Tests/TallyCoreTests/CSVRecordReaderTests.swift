import PropertyBased
import TallyCore
import TallyTesting
import Testing

/// `DeliveryCSV.RecordReader` reads a file a part at a time (`tallyctl import` streams it): wherever the parts end,
/// within a field, a quoted field, a doubled quote, a CRLF, a UTF-8 scalar or the BOM, it finds the records, the
/// line numbers and the errors that reading the whole file at once found before it existed (`Reference`, the
/// whole-buffer parser it replaced, kept here verbatim).
@Suite struct CSVRecordReaderTests {
    typealias Records = [(line: Int, fields: [String])]

    /// The outcome of reading `parts` in order, comparable.
    static func chunked(_ parts: [[UInt8]]) -> String {
        var reader = DeliveryCSV.RecordReader()
        var records: Records = []
        do {
            for part in parts {
                records += try part.withUnsafeBufferPointer { bytes in
                    Result { () throws(DeliveryCSV.FormatError) in try reader.read(bytes) }
                }.get()
            }
            records += try reader.finish()
            return describe(records)
        } catch {
            return "error \(error)"
        }
    }

    static func describe(_ records: Records) -> String {
        records.map { "\($0.line):\($0.fields)" }.joined(separator: "|")
    }

    /// Text from pieces that exercise every state: quotes, doubled quotes, separators, both line ends, scalars of
    /// two to four bytes, and sometimes a BOM or a prefix of one.
    static func randomText(_ seed: Int) -> [UInt8] {
        var random = SeededGenerator(state: UInt64(seed))
        let pieces = ["a", "Nội", "🇻🇳", ",", "\"", "\"\"", "\r", "\n", "\r\n", " ", "x\"y", "\",\"", "tin bài"]
        var bytes: [UInt8] = []
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes = [0xEF, 0xBB, 0xBF]
        case 1: bytes = [0xEF, 0xBB]
        case 2: bytes = [0xEF]
        default: break
        }
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            bytes += Array(pieces[Int.random(in: 0..<pieces.count, using: &random)].utf8)
        }
        return bytes
    }

    static func split(_ bytes: [UInt8], at cuts: [Int]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        for cut in cuts.sorted() where cut >= start {
            parts.append(Array(bytes[start..<cut]))
            start = cut
        }
        parts.append(Array(bytes[start...]))
        return parts
    }

    @Test func anySplitReadsAsTheWholeFileDid() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            let bytes = Self.randomText(seed)
            let expected = Self.reference(bytes)
            // Every single cut, and a few random sets of cuts, empty parts included.
            for cut in 0...bytes.count {
                #expect(Self.chunked(Self.split(bytes, at: [cut])) == expected, "seed \(seed), cut \(cut)")
            }
            var random = SeededGenerator(state: UInt64(seed) &+ 1)
            for _ in 0..<5 {
                let cuts = (0..<Int.random(in: 1...6, using: &random)).map { _ in Int.random(in: 0...bytes.count, using: &random) }
                #expect(Self.chunked(Self.split(bytes, at: cuts)) == expected, "seed \(seed), cuts \(cuts.sorted())")
            }
            // One byte at a time.
            #expect(Self.chunked(bytes.map { [$0] }) == expected, "seed \(seed), bytes one by one")
        }
    }

    @Test func aBOMCutAfterEachOfItsBytesIsStillABOM() {
        let text = Array("\u{FEFF}published,kind\r\n2024-05-15,article\r\n".utf8)
        let expected = #"1:["published", "kind"]|2:["2024-05-15", "article"]"#
        for cut in 0...4 {
            #expect(Self.chunked(Self.split(text, at: [cut])) == expected, "cut \(cut)")
        }
        // Bytes that begin like a BOM and are not one are the file's own.
        #expect(Self.chunked([[0xEF, 0xBB], Array("x\n".utf8)]) == Self.reference([0xEF, 0xBB] + Array("x\n".utf8)))
        #expect(Self.chunked([[0xEF]]) == Self.reference([0xEF]))
    }

    @Test func errorsNameTheLineTheyAreOn() {
        let text = Array("a,b\n1,2\n3,\"4\"x\n".utf8)
        for cut in 0...text.count {
            #expect(Self.chunked(Self.split(text, at: [cut])) == "error line 3: text after a closing quote; a quoted field must end at a comma or the end of the line", "cut \(cut)")
        }
        let open = Array("a,b\n1,\"2\n\n".utf8)
        #expect(Self.chunked(Self.split(open, at: [7])) == "error line 2: a quoted field is never closed")
    }

    /// The whole-buffer parser `RecordReader` replaced, as it was (`DeliveryCSV.records(utf8:)` before streaming).
    static func reference(_ input: [UInt8]) -> String {
        input.withUnsafeBufferPointer { bytes in
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
            var records: Records = []
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var afterQuote = false
            var line = 1
            var recordLine = 1
            var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            func endField() {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            }
            func endRecord() {
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
            }
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                if inQuotes {
                    if c == quote {
                        if i < bytes.count, bytes[i] == quote {
                            field.append(quote)
                            i += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        if c == lf { line += 1 }
                        field.append(c)
                    }
                    continue
                }
                switch c {
                case comma:
                    endField()
                    afterQuote = false
                case cr, lf:
                    if c == cr, i < bytes.count, bytes[i] == lf { i += 1 }
                    endRecord()
                    afterQuote = false
                    line += 1
                    recordLine = line
                case quote:
                    guard field.isEmpty, !afterQuote else {
                        return "error line \(line): a quote inside an unquoted field; quote the whole field and double the quote (\"\")"
                    }
                    inQuotes = true
                default:
                    guard !afterQuote else {
                        return "error line \(line): text after a closing quote; a quoted field must end at a comma or the end of the line"
                    }
                    field.append(c)
                }
            }
            if inQuotes { return "error line \(recordLine): a quoted field is never closed" }
            if !field.isEmpty || !fields.isEmpty { endRecord() }
            return describe(records)
        }
    }
}
