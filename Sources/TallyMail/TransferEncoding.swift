/// Text bodies in their canonical form and the two transfer encodings a text part may use.
enum TransferEncoding {
    /// `text` in UTF-8 with each line break (CR LF, a lone CR or a lone LF) as CR LF: RFC 2046's canonical form.
    static func canonicalText(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + text.utf8.count / 32)
        var afterCR = false
        for byte in text.utf8 {
            switch byte {
            case 0x0D:
                bytes += [0x0D, 0x0A]
                afterCR = true
                continue
            case 0x0A where afterCR:
                break
            case 0x0A:
                bytes += [0x0D, 0x0A]
            default:
                bytes.append(byte)
            }
            afterCR = false
        }
        return bytes
    }

    /// RFC 2045 §6.7 quoted-printable of canonical text: its CR LF as hard line breaks; `=`, controls, non-ASCII,
    /// whitespace before a line break, and a `.` or the `F` of `From ` at the start of a line encoded (those two
    /// for transports that mangle them); soft breaks keep every line within 76 characters.
    static func quotedPrintable(_ canonical: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(canonical.count + canonical.count / 8)
        var column = 0
        var index = 0
        let count = canonical.count
        while index < count {
            let byte = canonical[index]
            if byte == 0x0D && index + 1 < count && canonical[index + 1] == 0x0A {
                out += [0x0D, 0x0A]
                column = 0
                index += 2
                continue
            }
            let next = index + 1 < count ? canonical[index + 1] : 0x0D
            let atLineEnd = next == 0x0D
            var literal: Bool
            switch byte {
            case 0x20, 0x09: literal = !atLineEnd
            case 0x3D: literal = false
            case 0x21...0x7E: literal = true
            default: literal = false
            }
            // A token must end by column 75 to leave room for a soft break's `=`, unless it ends the line.
            let width = literal ? 1 : 3
            if column + width > (atLineEnd ? 76 : 75) {
                out += [0x3D, 0x0D, 0x0A]
                column = 0
            }
            if column == 0 && (byte == 0x2E || (byte == 0x46 && canonical[index...].starts(with: Self.from))) {
                literal = false
            }
            if literal {
                out.append(byte)
                column += 1
            } else {
                out.append(0x3D)
                out += hex(byte)
                column += 3
            }
            index += 1
        }
        return out
    }

    /// `bytes` in base64, 76 characters a line, CR LF between lines (none after the last).
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 3 * 4 + bytes.count / 57 * 2 + 8)
        var start = 0
        while start < bytes.count {
            if start > 0 { out += [0x0D, 0x0A] }
            let end = min(start + 57, bytes.count)
            encodeBase64(bytes[start..<end], into: &out)
            start = end
        }
        return out
    }

    /// `byte` as two uppercase hexadecimal digits.
    static func hex(_ byte: UInt8) -> [UInt8] {
        [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
    }

    private static func encodeBase64(_ chunk: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var index = chunk.startIndex
        while index < chunk.endIndex {
            let remaining = chunk.endIndex - index
            let b0 = UInt32(chunk[index])
            let b1 = remaining > 1 ? UInt32(chunk[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(chunk[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(base64Alphabet[Int(group >> 18 & 63)])
            out.append(base64Alphabet[Int(group >> 12 & 63)])
            out.append(remaining > 1 ? base64Alphabet[Int(group >> 6 & 63)] : 0x3D)
            out.append(remaining > 2 ? base64Alphabet[Int(group & 63)] : 0x3D)
            index += 3
        }
    }

    private static let from = Array("From ".utf8)
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
}
