/// UTF-8 that may end in the middle of a scalar: a body cut short, or a file read a part at a time.
public enum UTF8Cut {
    /// Where the scalar that `bytes` ends in the middle of starts: the last lead byte among its last three, when
    /// fewer bytes follow it than the scalar it begins needs; nil when `bytes` does not end that way. Whether the
    /// bytes before it, or after it once more come, are UTF-8 is for validating to say.
    public static func start<C: BidirectionalCollection<UInt8>>(ofScalarCutIn bytes: C) -> C.Index? {
        guard let lead = bytes.suffix(3).lastIndex(where: { $0 >= 0xC0 }) else { return nil }
        let needed = bytes[lead] >= 0xF0 ? 4 : bytes[lead] >= 0xE0 ? 3 : 2
        return bytes.distance(from: lead, to: bytes.endIndex) < needed ? lead : nil
    }
}
