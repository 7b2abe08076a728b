import TallyCore
import TallyFetch
import TallyTesting
import Testing

/// Redirects followed by the fetcher: at most 5, loops named, and the chain of permanent ones reported.
@Suite(.requires(.feedServer))
struct RedirectTests {
    let server: FeedServer

    init() throws { server = try sharedServer.get() }

    @Test(arguments: [
        ("/chain/301/feed?t=r1", "/feed?t=r1"),
        ("/chain/301,308/feed?t=r2", "/feed?t=r2"),
        ("/chain/308,301,302/feed?t=r3", "/chain/302/feed?t=r3"),
        ("/chain/302,301/feed?t=r4", nil),
        ("/chain/307/feed?t=r5", nil),
        ("/chain/303,307/feed?t=r6", nil),
        ("/hops/5", nil),
    ] as [(String, String?)])
    func redirectsAreFollowed(path: String, movedTo: String?) async throws {
        let outcome = try await fetchOne(server.url(path))
        #expect(outcome.report == FetchReport(.fetched(etag: "\"v1\"", lastModified: "Tue, 14 May 2024 01:30:00 GMT"),
                                              movedTo: movedTo.map { server.url($0) }))
    }

    @Test func theValidatorsGoWithEveryHop() async throws {
        let outcome = try await fetchOne(server.url("/chain/301/feed?t=r7"), etag: "\"v1\"")
        #expect(outcome.report == FetchReport(.notModified, movedTo: server.url("/feed?t=r7")))
        #expect(server.requests(to: "/chain/301/feed?t=r7").first?.headers["if-none-match"] == "\"v1\"")
    }

    @Test func aSixthRedirectFails() async throws {
        let outcome = try await fetchOne(server.url("/hops/6"))
        #expect(outcome.report == FetchReport(.failed(status: 302, reason: "more than 5 redirects")))
        #expect(server.requests(to: "/hops/").count >= 6)
    }

    @Test func aLoopIsNamed() async throws {
        let outcome = try await fetchOne(server.url("/loop/a"))
        #expect(outcome.reason == "the redirects go round in a loop back to \(server.url("/loop/a"))")
        // Both hops were permanent: where they led is reported, and the state machine ignores it on a failure.
        #expect(outcome.report.movedTo == server.url("/loop/b"))
    }

    @Test func aRedirectToAnotherSchemeFails() async throws {
        let outcome = try await fetchOne(server.url("/redirect?status=301&to=ftp://example.org/feed"))
        #expect(outcome.reason == "the server redirected to ftp://example.org/feed, which is not an http or https URL")
    }

    @Test func aRedirectToHTTPSIsFollowed() async throws {
        let target = server.url("/feed?t=r8", on: .https)
        let outcome = try await fetchOne(server.url("/redirect?status=308&to=\(target)"), caFile: server.caFile)
        #expect(outcome.report == FetchReport(.fetched(etag: "\"v1\"", lastModified: "Tue, 14 May 2024 01:30:00 GMT"),
                                              movedTo: target))
    }
}
