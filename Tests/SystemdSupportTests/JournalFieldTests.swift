import SystemdSupport
import Testing

@Suite struct JournalFieldTests {
    @Test(arguments: [
        ("agreement", "AGREEMENT"),
        ("Quota-Window", "QUOTA_WINDOW"),
        ("due soon.days", "DUE_SOON_DAYS"),
        ("3rd-party", "F_3RD_PARTY"),
        ("_private", "PRIVATE"),
        ("__", "FIELD"),
        ("", "FIELD"),
        ("tỉnh", "T_NH"),
        ("Bến Tre", "B_N_TRE"),
        ("ALREADY_VALID_1", "ALREADY_VALID_1"),
        (String(repeating: "a", count: 70), String(repeating: "A", count: 64)),
        ("9" + String(repeating: "x", count: 70), "F_9" + String(repeating: "X", count: 61)),
    ])
    func sanitize(name: String, expected: String) {
        let sanitized = JournalField.sanitize(name)
        #expect(sanitized == expected)
        #expect(JournalField.isValid(sanitized))
    }

    @Test(arguments: [
        ("agreement", "TALLY_AGREEMENT"),
        ("2fa", "TALLY_2FA"),
        ("_x", "TALLY_X"),
        ("", "TALLY_FIELD"),
        (String(repeating: "k", count: 80), "TALLY_" + String(repeating: "K", count: 58)),
    ])
    func sanitizeWithPrefix(name: String, expected: String) {
        let sanitized = JournalField.sanitize(name, prefix: "TALLY_")
        #expect(sanitized == expected)
        #expect(JournalField.isValid(sanitized))
    }

    @Test(arguments: [
        ("MESSAGE", true), ("TALLY_ALERT", true), ("A", true), ("A1_", true),
        ("", false), ("message", false), ("_PID", false), ("1A", false), ("A-B", false), ("Ả", false),
        (String(repeating: "A", count: 64), true), (String(repeating: "A", count: 65), false),
    ])
    func validity(name: String, valid: Bool) {
        #expect(JournalField.isValid(name) == valid)
    }
}
