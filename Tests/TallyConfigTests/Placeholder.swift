import Testing

@Test func placeholderTallyConfigTests() { #expect(Bool(true)) }
