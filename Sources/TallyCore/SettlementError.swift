/// Why settlement refused something (SPEC §12): a sentence for the person, and a code for the program that maps
/// it (to a Varlink error, an exit status). New codes break no caller.
public struct SettlementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of refusal it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// A sum or product of amounts beyond what tally can hold.
        public static let amountTooLarge = Code("amount-too-large")
        /// The agreement has no `[settlement]`.
        public static let notSettled = Code("not-settled")
        /// A record number already used in the agreement, or an empty one.
        public static let number = Code("number")
        /// A record for a period that ends before the end of one already signed.
        public static let periodBeforeSigned = Code("period-before-signed")
        /// A record with no line.
        public static let emptyRecord = Code("empty-record")
        /// A draft of another agreement than the one it is signed for.
        public static let otherAgreement = Code("other-agreement")
        /// A payment that is not a positive amount, dated in the future, without a reference, or naming no
        /// signed record.
        public static let payment = Code("payment")
    }

    public let code: Code
    /// One sentence: what was wrong and what would be right.
    public let description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// Two errors are the same refusal when their codes are, whatever the sentence says.
    public static func == (lhs: SettlementError, rhs: SettlementError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    static func amountTooLarge(_ operation: String) -> SettlementError {
        SettlementError(.amountTooLarge, "the amount \(operation) is beyond what tally can hold (about 9.2 × 10^18 đồng); check the prices and counts")
    }
}
