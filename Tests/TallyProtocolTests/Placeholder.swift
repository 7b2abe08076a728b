import Testing

@Test func placeholderTallyProtocolTests() { #expect(Bool(true)) }
