import Dispatch
import Foundation
import NIOCore
import TallyInterface
import TallyProtocol

/// A dispatcher with every io.tally method registered: each handler receives parameters decoded
/// into the method's own type, encodes them back, and answers with an error, so one input exercises
/// framing, call parsing, parameter decoding and reply encoding without a daemon behind them.
let dispatcher: VarlinkDispatcher = {
    var d = VarlinkDispatcher(
        info: VarlinkServiceInfo(vendor: "tally", product: "fuzz", version: "0", url: "https://example.invalid"),
        interfaces: [VarlinkInterface(name: IOTally.name, description: IOTally.description)],
        errors: .tally,
        onUnexpectedError: { method, error in fatalError("\(method): unexpected error \(error)") })
    func echo<P, R>(_ method: VarlinkMethod<P, R>) {
        d.register(method) { parameters, _ in
            _ = try VarlinkReply(encoding: parameters)
            throw VarlinkError.methodNotImplemented(method.name)
        }
    }
    echo(IOTally.getInfo)
    echo(IOTally.getStatus)
    echo(IOTally.check)
    echo(IOTally.listAgreements)
    echo(IOTally.showAgreement)
    echo(IOTally.record)
    echo(IOTally.beginImport)
    echo(IOTally.addImportRows)
    echo(IOTally.commitImport)
    echo(IOTally.abortImport)
    echo(IOTally.listDeliveries)
    echo(IOTally.void)
    echo(IOTally.milestoneDone)
    echo(IOTally.milestoneUndo)
    echo(IOTally.listAlerts)
    echo(IOTally.history)
    echo(IOTally.reload)
    echo(IOTally.backup)
    echo(IOTally.getReportData)
    d.registerStreaming(IOTally.watchAlerts) { parameters, _, _ in
        _ = try VarlinkReply(encoding: parameters)
        throw VarlinkError.methodNotImplemented(IOTally.watchAlerts.name)
    }
    return d
}()

/// Every frame `bytes` holds, fed to a decoder `chunk` bytes at a time; nil when the decoder refused the stream.
func frames(of bytes: ArraySlice<UInt8>, chunk: Int, maximum: Int) -> [[UInt8]]? {
    var decoder = VarlinkFrameDecoder(maximumFrameLength: maximum)
    var buffer = ByteBuffer()
    var out: [[UInt8]] = []
    var rest = bytes
    do {
        while !rest.isEmpty {
            buffer.writeBytes(rest.prefix(chunk))
            rest = rest.dropFirst(chunk)
            while let frame = try decoder.decode(buffer: &buffer) { out.append(Array(frame.readableBytesView)) }
        }
        while let frame = try decoder.decodeLast(buffer: &buffer, seenEOF: true) { out.append(Array(frame.readableBytesView)) }
    } catch {
        return nil
    }
    return out
}

/// `VarlinkJSON.decode` must answer as JSONDecoder does for any frame, the same value or an error: a few wire
/// types with every kind of member (the tape reader answers for plain documents and hands the others to
/// JSONDecoder). Which error is not compared: for a dictionary, JSONDecoder's own error depends on which failing
/// key its hash order meets first, and an error is always JSONDecoder's anyway.
func sameAsJSONDecoder(_ frame: [UInt8]) {
    func compare<T: Codable>(_ type: T.Type) {
        func answer(_ decode: () throws -> T) -> String {
            do { return String(decoding: try VarlinkJSON.bytes(try decode()), as: UTF8.self) } catch {
                return "an error"
            }
        }
        let ours = answer { try VarlinkJSON.decode(T.self, from: frame) }
        let theirs = answer { try JSONDecoder().decode(T.self, from: Data(frame)) }
        precondition(ours == theirs, "VarlinkJSON.decode \(T.self): \(ours) against JSONDecoder's \(theirs)")
    }
    compare(Status.self)
    compare(RecordParameters.self)
    compare(GetStatusParameters.self)
    compare([String: Int].self)
    compare([String: [Double?]].self)
}

/// Input: one byte choosing the chunk size and the frame limit, then the byte stream a client sends.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVarlink(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = Int(data[0])
    let stream = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))[...]
    let maximum = control & 0x80 == 0 ? VarlinkFraming.defaultMaximumRequestLength : 16 + (control & 0x7f) * 8
    let whole = frames(of: stream, chunk: max(stream.count, 1), maximum: maximum)
    let pieces = frames(of: stream, chunk: 1 + control % 7, maximum: maximum)
    // How the bytes arrive must not change what is decoded (a too-long frame may be seen earlier in pieces).
    if let whole, let pieces { precondition(whole == pieces, "chunking changed the frames") }
    guard let calls = whole else { return 0 }
    for frame in calls { sameAsJSONDecoder(frame) }

    // No handler here ever suspends, so an immediate task runs to the end on this thread; the
    // semaphore only guards against one that would. A plain Task costs a thread hop per input.
    let done = DispatchSemaphore(value: 0)
    Task.immediate {
        let context = CallContext(connectionID: 1, peer: PeerCredentials(pid: 1, uid: 0, gid: 0))
        for frame in calls {
            let outcome = await dispatcher.handle(frame: frame, context: context) { reply in
                let json = Array(reply.frame)
                precondition(!json.contains(0), "a reply holds a NUL, which would split its frame")
                _ = try VarlinkReply(frame: json)
            }
            if outcome == .close { break }
        }
        done.signal()
    }
    done.wait()
    return 0
}
