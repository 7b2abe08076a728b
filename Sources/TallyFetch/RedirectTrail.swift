import Foundation

/// The redirects one fetch followed (SPEC §10): at most a limit, never back to a URL already visited, and where the
/// chain of permanent ones from the feed's URL led.
struct RedirectTrail: Sendable, Hashable {
    /// The most redirects followed.
    let limit: Int
    /// Every URL requested, the feed's first.
    private(set) var visited: [String]
    /// Where the permanent redirects (301, 308) from the feed's URL led, as long as every hop so far was permanent.
    private(set) var movedTo: String?
    private var onlyPermanent = true

    init(from url: String, limit: Int) {
        self.limit = limit
        visited = [url]
    }

    /// The URL requested last.
    var current: String { visited.last ?? "" }

    /// Whether `status` is a redirect the fetcher follows.
    static func isRedirect(_ status: Int) -> Bool { [301, 302, 303, 307, 308].contains(status) }

    /// Whether `status` says the resource moved for good.
    static func isPermanent(_ status: Int) -> Bool { status == 301 || status == 308 }

    /// Follows a `status` redirect to `location` (as the `Location` header wrote it, maybe relative): the next URL,
    /// or the sentence that says why the fetch stops here.
    mutating func follow(_ status: Int, to location: String?) -> Result<String, RedirectRefusal> {
        guard let location, !location.isEmpty else { return .failure(.init("the server answered HTTP \(status) without a Location")) }
        guard let target = Self.resolve(location, against: current) else {
            return .failure(.init("the server redirected to \(location), which is not an http or https URL"))
        }
        guard visited.count <= limit else { return .failure(.init("more than \(limit) redirects")) }
        guard !visited.contains(target) else { return .failure(.init("the redirects go round in a loop back to \(target)")) }
        visited.append(target)
        if onlyPermanent, Self.isPermanent(status) {
            movedTo = target
        } else {
            onlyPermanent = false
        }
        return .success(target)
    }

    /// `location` resolved against `base`, when the result is an absolute http or https URL; its fragment dropped.
    static func resolve(_ location: String, against base: String) -> String? {
        guard let baseURL = URL(string: base), let url = URL(string: location, relativeTo: baseURL)?.absoluteURL,
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false,
              var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        else { return nil }
        components.fragment = nil
        return components.string
    }
}

/// Why a redirect is not followed: one sentence.
struct RedirectRefusal: Error, Sendable, Hashable {
    let sentence: String
    init(_ sentence: String) { self.sentence = sentence }
}
