import SystemdSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PeerCredentialsTests {
    @Test func peerOfSocketPairIsThisProcess() throws {
        var pair: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0)
        defer { pair.forEach { close($0) } }
        let credentials = try PeerCredentials.of(socket: pair[0])
        #expect(credentials == PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid()))
    }

    @Test func notASocketIsAnError() throws {
        var pipeEnds: [Int32] = [-1, -1]
        try #require(pipe(&pipeEnds) == 0)
        defer { pipeEnds.forEach { close($0) } }
        #expect(throws: SystemdError.peerCredentials(errno: ENOTSOCK)) {
            try PeerCredentials.of(socket: pipeEnds[0])
        }
    }
}
