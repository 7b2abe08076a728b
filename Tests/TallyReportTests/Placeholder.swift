import Testing

@Test func placeholderTallyReportTests() { #expect(Bool(true)) }
