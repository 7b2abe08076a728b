import Foundation
import SystemdSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct GroupDirectoryTests {
    let directory = GroupDirectory()

    @Test func rootIsInRoot() {
        #expect(directory.groupID(named: "root") == 0)
        #expect(directory.userName(uid: 0) == "root")
        #expect(directory.isMember(uid: 0, primaryGID: 0, ofAnyGroupNamed: ["tally-editors-missing", "root"]))
        #expect(!directory.isMember(uid: 0, primaryGID: 0, ofAnyGroupNamed: ["tally-editors-missing"]))
        #expect(!directory.isMember(uid: 0, primaryGID: 0, ofAnyGroupNamed: []))
    }

    @Test func unknownNames() {
        #expect(directory.groupID(named: "no-such-group-\(getpid())") == nil)
        #expect(directory.userName(uid: 4_000_000_000) == nil)
        // A uid without a passwd entry is only a member through its primary group.
        #expect(directory.isMember(uid: 4_000_000_000, primaryGID: 0, ofAnyGroupNamed: ["root"]))
        #expect(!directory.isMember(uid: 4_000_000_000, primaryGID: 4_000_000_000, ofAnyGroupNamed: ["root"]))
    }

    @Test(.enabled(if: getuid() == 0, "creates a user and groups"))
    func memberThroughSupplementaryGroupOnly() throws {
        let suffix = String(UInt32.random(in: 0...0xFFFFFF), radix: 16)
        let primary = "tlyp\(suffix)", editors = "tlye\(suffix)", other = "tlyo\(suffix)", user = "tlyu\(suffix)"
        try run("/usr/sbin/groupadd", primary)
        defer { try? run("/usr/sbin/groupdel", primary) }
        try run("/usr/sbin/groupadd", editors)
        defer { try? run("/usr/sbin/groupdel", editors) }
        try run("/usr/sbin/groupadd", other)
        defer { try? run("/usr/sbin/groupdel", other) }
        try run("/usr/sbin/useradd", "-M", "-N", "-g", primary, "-G", editors, "-s", "/usr/sbin/nologin", user)
        defer { try? run("/usr/sbin/userdel", user) }

        let entry = try #require(getpwnam(user))
        let uid = entry.pointee.pw_uid, primaryGID = entry.pointee.pw_gid
        #expect(directory.userName(uid: uid) == user)
        #expect(directory.groupID(named: primary) == primaryGID)
        #expect(directory.isMember(uid: uid, primaryGID: primaryGID, ofAnyGroupNamed: [editors]))
        #expect(directory.isMember(uid: uid, primaryGID: primaryGID, ofAnyGroupNamed: [primary]))
        #expect(!directory.isMember(uid: uid, primaryGID: primaryGID, ofAnyGroupNamed: [other, "root"]))
        let editorsGID = try #require(directory.groupID(named: editors))
        #expect(Set(directory.groupIDs(ofUser: user, primaryGID: primaryGID)) == [primaryGID, editorsGID])
    }

    private func run(_ command: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(command) \(arguments.joined(separator: " ")) failed")
    }
}
