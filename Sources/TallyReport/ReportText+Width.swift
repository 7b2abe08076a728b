// Private stand-in for TextTable.displayWidth (branch wip-cli): delete this file when merging that one.

extension String {
    /// Terminal columns: combining marks take none, East Asian wide and fullwidth characters take two.
    var reportDisplayWidth: Int {
        unicodeScalars.reduce(0) { $0 + $1.reportColumns }
    }
}

extension Unicode.Scalar {
    fileprivate var reportColumns: Int {
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
