import Foundation

/// A real SMTP server on 127.0.0.1 (an ephemeral port) that keeps every message it is given, for the tests of
/// `tallyctl report --mail` through Debian's `msmtp`: a Python 3 child running PyPI's `aiosmtpd`.
///
/// Each accepted message is written as `NNNN.eml` (the bytes as received, line endings CRLF as on the wire) with
/// `NNNN.json` beside it (`{"from": …, "to": […]}`, the envelope). A recipient whose local part starts with
/// `refuse` is refused at `RCPT TO` with `550 5.1.1 mailbox unavailable`, so a test can make one delivery fail.
public final class SMTPSink: Sendable {
    /// The port it listens on.
    public let port: Int
    /// Where the messages go.
    public let mailbox: String

    private let directory: TemporaryDirectory
    private let server: PythonServer

    /// Starts the server and waits until it listens.
    public init() throws {
        directory = try TemporaryDirectory(prefix: "tally-smtp")
        mailbox = try directory.makeDirectory("mailbox")
        let script = try directory.write("smtp_sink.py", Self.script)
        server = try PythonServer(script: script, arguments: [mailbox], errorPath: directory.path("sink.err"),
                                  what: "the SMTP sink")
        guard let port = Int(server.firstLine) else {
            server.stop()
            throw Executables.Failure(description: "the SMTP sink printed \"\(server.firstLine)\" instead of its port")
        }
        self.port = port
    }

    /// Stops the server.
    public func stop() { server.stop() }

    /// One message received: its envelope and its bytes.
    public struct Message: Sendable {
        public var envelopeFrom: String
        public var envelopeTo: [String]
        /// The `.eml` file.
        public var path: String
    }

    /// Every message received so far, in arrival order.
    public func messages() -> [Message] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: mailbox)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        struct Envelope: Decodable { var from: String, to: [String] }
        return names.compactMap { name in
            let base = mailbox + "/" + name.dropLast(".json".count)
            guard let data = FileManager.default.contents(atPath: mailbox + "/" + name),
                  let envelope = try? JSONDecoder().decode(Envelope.self, from: data)
            else { return nil }
            return Message(envelopeFrom: envelope.from, envelopeTo: envelope.to, path: base + ".eml")
        }
    }

    /// An msmtp configuration (`~/.msmtprc`, mode 0600) sending through this server, written into `home`.
    public func writeMsmtpConfiguration(home: String, from: String) throws {
        let path = home + "/.msmtprc"
        try """
            defaults
            auth off
            tls off
            timeout 20

            account default
            host 127.0.0.1
            port \(port)
            from \(from)

            """.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    static let script = #"""
        import asyncio, json, os, socket, sys, threading
        from aiosmtpd.controller import Controller

        mailbox = sys.argv[1]
        count = 0

        class Sink:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.split("@")[0].lower().startswith("refuse"):
                    return "550 5.1.1 mailbox unavailable"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                global count
                count += 1
                base = os.path.join(mailbox, "%04d" % count)
                with open(base + ".eml", "wb") as f:
                    f.write(envelope.original_content)
                with open(base + ".json.tmp", "w") as f:
                    json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
                os.rename(base + ".json.tmp", base + ".json")
                return "250 Message accepted for delivery"

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        controller = Controller(Sink(), hostname="127.0.0.1", port=port, decode_data=False)
        controller.start()
        print(port, flush=True)
        sys.stdin.read()  # until the test closes the pipe or exits
        controller.stop()
        """#
}

extension Component {
    /// Debian's msmtp, the sendmail of the mail tests.
    public static let msmtp = Component("msmtp (Debian's package msmtp)", remedy: "make test-deps installs it (or: apt-get install msmtp)") {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp")
    }

    /// python3 with PyPI's aiosmtpd, the SMTP server of ``SMTPSink``.
    public static let aiosmtpd = Component("python3 with the PyPI aiosmtpd package", remedy: "make test-deps installs it (or: pip install aiosmtpd)") {
        hasAiosmtpd
    }

    private static let hasAiosmtpd: Bool = {
        (try? Executables.run("/usr/bin/env", ["python3", "-c", "import aiosmtpd.controller"]))?.status == 0
    }()
}
