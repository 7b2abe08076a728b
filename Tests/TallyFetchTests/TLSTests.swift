import TallyCore
import TallyFetch
import TallyTesting
import Testing

/// HTTPS: the system's store plus `ca_file`, with a CA the test server generated at start.
@Suite(.requires(.feedServer))
struct TLSTests {
    let server: FeedServer

    init() throws { server = try sharedServer.get() }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func aCertificateOfTheCAFileIsTrusted(host: String) async throws {
        let outcome = try await fetchOne(server.url("/feed?t=tls-\(host)", on: .https, host: host), caFile: server.caFile)
        #expect(outcome.report == FetchReport(.fetched(etag: "\"v1\"", lastModified: "Tue, 14 May 2024 01:30:00 GMT")))
    }

    @Test func withoutTheCAFileTheCertificateIsRefused() async throws {
        let outcome = try await fetchOne(server.url("/feed?t=tls-none", on: .https))
        #expect(outcome.report.result.status == nil)
        #expect(outcome.reason?.hasPrefix("the certificate of 127.0.0.1 is not trusted") == true, "\(outcome)")
        #expect(server.requests(to: "/feed?t=tls-none").isEmpty)
    }

    @Test func aCertificateNobodySignedIsRefusedEvenWithTheCAFile() async throws {
        let outcome = try await fetchOne(server.url("/feed?t=tls-untrusted", on: .untrusted), caFile: server.caFile)
        #expect(outcome.reason?.hasPrefix("the certificate of 127.0.0.1 is not trusted") == true, "\(outcome)")
        #expect(outcome.reason?.contains(server.caFile) == true)
    }

    @Test func anUnreadableCAFileStopsTheRound() async throws {
        await #expect(throws: FetchSetupError.self) {
            try await fetchOne(server.url("/feed"), caFile: "/nonexistent/ca.pem")
        }
        let directory = try TemporaryDirectory()
        let notPEM = try directory.write("ca.pem", "not a certificate\n")
        do {
            _ = try await fetchOne(server.url("/feed"), caFile: notPEM)
            Issue.record("a file without a certificate was accepted")
        } catch let error as FetchSetupError {
            #expect(error.description == "the ca_file \(notPEM) holds no PEM certificate; name a PEM certificate file in [fetch] ca_file")
        }
    }
}
