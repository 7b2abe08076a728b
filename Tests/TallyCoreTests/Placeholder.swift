import Testing

@Test func placeholderTallyCoreTests() { #expect(Bool(true)) }
