import Testing

@Test func placeholderSystemdSupportTests() { #expect(Bool(true)) }
