import Testing

@Test func placeholderTallyStoreTests() { #expect(Bool(true)) }
