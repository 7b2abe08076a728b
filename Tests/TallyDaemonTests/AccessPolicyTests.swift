import Foundation
import TallyProtocol
import TallyTesting
import Testing

@testable import TallyDaemon

/// Who may change data (SPEC §5): root, tallyd's own user, a member of a writers group; nobody else, and
/// never a peer whose credentials are unknown.
@Suite struct AccessPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let peer: PeerCredentials?
        let writers: [String]
        let mayWrite: Bool
    }

    /// A uid without a passwd entry: only its primary group makes it a member of anything.
    static let unknownUID: UInt32 = 4_000_000_000

    static let cases: [Case] = [
        Case(testDescription: "root, with no writer group", peer: PeerCredentials(pid: 1, uid: 0, gid: 0), writers: [],
             mayWrite: true),
        // Under a root test run this is root again; as another user it is that user.
        Case(testDescription: "tallyd's own uid", peer: PeerCredentials(pid: 1, uid: getuid(), gid: getgid()),
             writers: ["no-such-group"], mayWrite: true),
        Case(testDescription: "a member through its primary group",
             peer: PeerCredentials(pid: 1, uid: unknownUID, gid: 0), writers: ["no-such-group", "root"], mayWrite: true),
        Case(testDescription: "a reader (nobody)", peer: PeerCredentials(pid: 1, uid: 65_534, gid: 65_534),
             writers: ["root", "no-such-group"], mayWrite: false),
        Case(testDescription: "an unknown uid outside the writer groups",
             peer: PeerCredentials(pid: 1, uid: unknownUID, gid: unknownUID), writers: ["root"], mayWrite: false),
        Case(testDescription: "no peer credentials", peer: nil, writers: ["root", "nogroup"], mayWrite: false),
    ]

    @Test(arguments: cases)
    func mayWrite(_ row: Case) {
        #expect(AccessPolicy().mayWrite(row.peer, writers: row.writers) == row.mayWrite)
    }

    /// Approvers (SPEC §12) are their own class under the same rule: root and tallyd's user always, else a member
    /// of an `approvers` group, whatever the writers are.
    @Test(arguments: cases)
    func mayApproveByTheSameRuleOverTheApproversGroups(_ row: Case) {
        #expect(AccessPolicy().mayApprove(row.peer, approvers: row.writers) == row.mayWrite)
    }

    @Test func writersAreNotApproversNorApproversWriters() {
        let member = PeerCredentials(pid: 1, uid: Self.unknownUID, gid: 0)
        let policy = AccessPolicy()
        #expect(policy.mayWrite(member, writers: ["root"]))
        #expect(!policy.mayApprove(member, approvers: ["tally-approvers"]))
        #expect(policy.mayApprove(member, approvers: ["tally-approvers", "root"]))
        #expect(!policy.mayWrite(member, writers: ["tally-editors"]))
    }

    /// A user whose only tie to the writers group is a supplementary membership (`useradd -G`).
    @Test(.enabled(if: getuid() == 0, "creates a user and groups"))
    func memberThroughSupplementaryGroupOnly() throws {
        let suffix = String(UInt32.random(in: 0...0xFFFFFF), radix: 16)
        let primary = "tdap\(suffix)", writers = "tdaw\(suffix)", user = "tdau\(suffix)"
        try run("/usr/sbin/groupadd", primary)
        defer { try? run("/usr/sbin/groupdel", primary) }
        try run("/usr/sbin/groupadd", writers)
        defer { try? run("/usr/sbin/groupdel", writers) }
        try run("/usr/sbin/useradd", "-M", "-N", "-g", primary, "-G", writers, "-s", "/usr/sbin/nologin", user)
        defer { try? run("/usr/sbin/userdel", user) }
        let entry = try #require(getpwnam(user))
        let peer = PeerCredentials(pid: 1, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)

        let policy = AccessPolicy()
        #expect(policy.mayWrite(peer, writers: [writers]))
        #expect(policy.mayWrite(peer, writers: ["no-such-group", writers]))
        #expect(!policy.mayWrite(peer, writers: ["root"]))
        #expect(!policy.mayWrite(peer, writers: []))
    }

    private func run(_ command: String, _ arguments: String...) throws {
        let result = try Executables.run(command, arguments)
        try #require(result.status == 0, "\(command) \(arguments.joined(separator: " ")): \(result)")
    }
}
