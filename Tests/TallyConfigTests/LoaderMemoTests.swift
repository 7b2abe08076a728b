import Foundation
import Testing
import TallyConfig
import TallyCore
import TallyTesting

/// `ConfigurationLoader.Memo`: a reload parses only the agreement files whose text changed, and never hands back
/// an agreement decoded from a text or a main file that is no longer there.
@Suite struct LoaderMemoTests {
    @Test func aFileChangedToTextOfTheSameLengthIsDecodedAgain() throws {
        let fixture = try Fixture(agreements: ["a.toml": Fixture.agreement("a", "[[quota]]\nid = \"news\"\ntarget = 10\nper = \"month\"\n")])
        let memo = ConfigurationLoader.Memo()
        let first = try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo)
        #expect(first.agreements.first?.quotas.first?.target == 10)
        try fixture.directory.write("agreements.d/a.toml",
                                    Fixture.agreement("a", "[[quota]]\nid = \"news\"\ntarget = 20\nper = \"month\"\n"))
        let second = try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo)
        #expect(second.agreements.first?.quotas.first?.target == 20)
    }

    @Test func anUnchangedFileDecodesAsItDidWhenTheMainFileChanges() throws {
        let fixture = try Fixture(agreements: ["a.toml": Fixture.agreement("a")])
        let memo = ConfigurationLoader.Memo()
        let first = try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo)
        #expect(first.agreements.first?.timeZone.identifier == "Asia/Ho_Chi_Minh")
        // The agreement's time zone comes from the main file's default: the same text decodes differently.
        try fixture.directory.write("tally.toml", Fixture.main.replacingOccurrences(
            of: "[daemon]\n", with: "[daemon]\ntimezone = \"Asia/Bangkok\"\n"))
        let second = try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo)
        #expect(second.agreements.first?.timeZone.identifier == "Asia/Bangkok")
    }

    @Test func anUnchangedBrokenFileIsStillReportedAndAnUnchangedGoodOneStillLoads() throws {
        let fixture = try Fixture(agreements: ["a.toml": Fixture.agreement("a"), "b.toml": "id = \n"])
        let memo = ConfigurationLoader.Memo()
        for _ in 0..<2 {
            do {
                _ = try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo)
                Issue.record("a broken file was accepted")
            } catch {
                #expect(error.issues.map(\.file) == [fixture.directory.path("agreements.d/b.toml")])
            }
        }
        try fixture.directory.write("agreements.d/b.toml", Fixture.agreement("b"))
        let loaded = try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo)
        #expect(loaded.agreements.map(\.id) == ["a", "b"])
        // A file that goes is forgotten; one that comes back is read again.
        try FileManager.default.removeItem(atPath: fixture.directory.path("agreements.d/a.toml"))
        #expect(try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo).agreements.map(\.id) == ["b"])
        try fixture.directory.write("agreements.d/a.toml", Fixture.agreement("a2"))
        #expect(try ConfigurationLoader.load(mainFile: fixture.mainFile, memo: memo).agreements.map(\.id) == ["a2", "b"])
    }
}
