import Foundation
import TallyCore
import TallyInterface
import TallyProtocol

/// One command's connection to tallyd: typed replies that keep the JSON as the daemon sent it,
/// so `--json` prints what the daemon said, explicit nulls included.
public struct TallydConnection {
    public let client: VarlinkClient

    /// Connects to the socket the options name.
    public init(_ options: GlobalOptions) throws {
        client = try options.connect()
    }

    /// Calls `method`; the reply typed only, decoded straight from the frame (the fast path for large replies).
    public func callTyped<P, R>(_ method: VarlinkMethod<P, R>, _ parameters: P) throws -> R {
        try client.call(method, parameters)
    }

    /// Calls `method`; the reply decoded as `R` (the reply type, or a type that reads part of it), and as tallyd
    /// wrote it (see ``JSONOutput/print(parametersOf:)``).
    public func callKeepingText<P, Reply, R: Decodable>(
        _ method: VarlinkMethod<P, Reply>, _ parameters: P, decoding type: R.Type
    ) throws -> (reply: R, text: VarlinkReplyText) {
        try client.callKeepingText(method, parameters, decoding: R.self)
    }

    /// Calls `method`; the reply typed, and as JSON.
    public func call<P, R>(_ method: VarlinkMethod<P, R>, _ parameters: P) throws -> (reply: R, json: JSONValue) {
        let json = try client.call(method.name, parameters, as: JSONValue.self)
        do {
            return (try json.decode(R.self), json)
        } catch {
            throw CommandFailure(
                "tallyd's reply to \(method.name) is not what this tallyctl reads; tallyctl and tallyd may be different versions.")
        }
    }

    /// How long a call that does heavy work in tallyd (committing a large import, a backup) may take: the
    /// usual 30 s reply timeout would abandon a commit that is still running on a busy machine.
    public static let longCallTimeout: Duration = .seconds(900)

    /// Calls `method` with `longCallTimeout`.
    public func callLong<P, R>(_ method: VarlinkMethod<P, R>, _ parameters: P) throws -> (reply: R, json: JSONValue) {
        let usual = client.timeout
        client.timeout = Self.longCallTimeout
        defer { client.timeout = usual }
        return try call(method, parameters)
    }

    /// Every delivery the selection finds (`agreements`, `since`, `until`, `kind`, `includeVoid`), page after page,
    /// with each one's JSON as tallyd sent it; `agreement` names the agreement in error sentences.
    public static func deliveries(
        _ options: GlobalOptions, agreement: String?, selection: ListDeliveriesParameters
    ) throws -> (items: [DeliveryRecord], json: [JSONValue]) {
        do {
            return try TallydConnection(options).collectPages(
                IOTally.listDeliveries, key: "deliveries", items: \.deliveries, next: \.nextAfter
            ) { after in
                var page = selection
                page.limit = 1000
                page.after = after
                return page
            }
        } catch let error as VarlinkError {
            throw ErrorSentences.daemonFailure(error, agreement: agreement)
        }
    }

    /// Calls a paged list method until its last page: `next` is the reply's `next_after`.
    public func collectPages<P, R, Item>(
        _ method: VarlinkMethod<P, R>, key: String, items: KeyPath<R, [Item]>, next: KeyPath<R, Int?>,
        parameters: (_ after: Int?) -> P
    ) throws -> (items: [Item], json: [JSONValue]) {
        var all: [Item] = []
        var json: [JSONValue] = []
        var after: Int? = nil
        while true {
            let (reply, raw) = try call(method, parameters(after))
            all += reply[keyPath: items]
            if case .array(let page)? = raw[key] { json += page }
            guard let following = reply[keyPath: next], following != after, !reply[keyPath: items].isEmpty else { break }
            after = following
        }
        return (all, json)
    }
}

/// JSON documents on standard output, in the wire's one configuration (``VarlinkJSON``).
public enum JSONOutput {
    /// `value` as one indented document.
    public static func document(_ value: some Encodable) throws -> String {
        String(decoding: try VarlinkJSON.encode(value, pretty: true), as: UTF8.self)
    }

    /// `value` on one line (JSON Lines).
    public static func line(_ value: some Encodable) throws -> String {
        String(decoding: try VarlinkJSON.encode(value), as: UTF8.self)
    }

    /// Prints `value` as one document.
    public static func print(_ value: some Encodable) throws {
        Swift.print(try document(value))
    }

    /// Prints a reply's parameters, as tallyd wrote them, as one document: laid out as ``print(_:)`` writes the
    /// decoded value, without decoding them, and written as they are laid out (a status of thousands of agreements
    /// is megabytes).
    public static func print(parametersOf reply: VarlinkReplyText) throws {
        // After whatever `print` buffered, straight to the descriptor.
        fflush(nil)
        var output = StandardOutput()
        let laidOut = reply.layOutParameters { output.write(UnsafeRawBufferPointer($0)) }
        [UInt8(0x0A)].withUnsafeBytes { output.write($0) }
        if let failure = output.failure { throw CommandFailure("cannot write the status: \(failure)") }
        guard laidOut else {
            throw CommandFailure("tallyd's reply is not one JSON object; tallyctl and tallyd may be different versions.")
        }
    }
}
