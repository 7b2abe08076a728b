import SystemdSupport
import TallyTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SocketActivationTests {
    @Test func passedDescriptorsWithNames() throws {
        let listening = try UnixSocket.listening()
        defer { listening.close() }
        let datagram = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(datagram) }
        let report = try ChildProbe.run(
            "listen-fds",
            environment: ["LISTEN_FDS": "2", "LISTEN_FDNAMES": "control:other"],
            ownPIDVariables: ["LISTEN_PID"],
            descriptors: [listening.descriptor, datagram]
        )
        #expect(report["fds"] == "3,4")
        #expect(report["names"] == "control,other")
        #expect(report["unix-stream"] == "true,false")
    }

    @Test func descriptorsForAnotherProcessAreIgnored() throws {
        let report = try ChildProbe.run("listen-fds", environment: ["LISTEN_FDS": "1", "LISTEN_PID": "1"])
        #expect(report["fds"] == "")
    }

    @Test func notActivated() throws {
        #expect(try ChildProbe.run("listen-fds")["fds"] == "")
    }

    @Test func malformedCountIsAnError() throws {
        let report = try ChildProbe.run("listen-fds", environment: ["LISTEN_FDS": "three"], ownPIDVariables: ["LISTEN_PID"])
        #expect(report["errno"] == "\(EINVAL)")
    }

    @Test func unixStreamSocketCheck() throws {
        let listening = try UnixSocket.listening()
        defer { listening.close() }
        #expect(SocketActivation.isUnixStreamSocket(listening.descriptor))

        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { pair.forEach { close($0) } }
        // Connected, not listening: not what a socket unit passes to tallyd.
        #expect(!SocketActivation.isUnixStreamSocket(pair[0]))
        #expect(!SocketActivation.isUnixStreamSocket(-1))
    }
}
