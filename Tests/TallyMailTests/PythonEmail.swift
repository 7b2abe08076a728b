import Foundation

/// Python 3's `email` package (policy.default) as an independent reader of rendered messages.
enum PythonEmail {
    /// What Python read from one message.
    struct Report: Decodable {
        struct Mailbox: Decodable, Equatable {
            var name: String
            var address: String
        }
        struct Part: Decodable {
            var type: String
            var encoding: String?
            /// The decoded body, base64 so that bytes survive JSON.
            var body: String?
            var filename: String?
            var parts: [Part]?

            var decodedBody: [UInt8]? { body.flatMap { Data(base64Encoded: $0) }.map(Array.init) }
        }
        var error: String?
        var subject: String?
        var from: [Mailbox]?
        var to: [Mailbox]?
        var date: Double?
        var dateOffset: Int?
        var messageID: String?
        var headers: [[String]]?
        var tree: Part?
        var defects: [String]?
        var longestLine: Int?

        func header(_ name: String) -> String? {
            headers?.first { $0.first?.lowercased() == name.lowercased() }?.last
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let script = #"""
import base64, email, email.policy, json, sys

def tree(part, defects):
    defects.extend(repr(d) for d in part.defects)
    for name, value in part.items():
        defects.extend(name + ": " + repr(d) for d in getattr(value, "defects", ()))
    node = {"type": part.get_content_type()}
    if part.is_multipart():
        node["parts"] = [tree(p, defects) for p in part.iter_parts()]
    else:
        node["encoding"] = part.get("Content-Transfer-Encoding")
        node["body"] = base64.b64encode(part.get_payload(decode=True)).decode()
        node["filename"] = part.get_filename()
    return node

reports = []
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        defects = []
        mailboxes = lambda header: [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]
        when = msg["Date"].datetime
        reports.append({
            "subject": str(msg["Subject"]),
            "from": mailboxes(msg["From"]),
            "to": mailboxes(msg["To"]),
            "date": when.timestamp(),
            "dateOffset": int(when.utcoffset().total_seconds()),
            "messageID": str(msg["Message-ID"]),
            "headers": [[name, str(value)] for name, value in msg.items()],
            "tree": tree(msg, defects),
            "defects": defects,
            "longestLine": max(len(line.rstrip(b"\r")) for line in raw.split(b"\n")),
        })
    except Exception as error:
        reports.append({"error": repr(error)})
json.dump(reports, sys.stdout)
"""#

    /// Python's reading of each message, in order. Throws when python3 cannot be run: these tests do not skip.
    static func read(_ messages: [[UInt8]]) throws -> [Report] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tally-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            let url = directory.appendingPathComponent("\(index).eml")
            try Data(message).write(to: url)
            paths.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let output = Pipe()
        // Errors go to a file, so that neither stream can fill a pipe and stall Python.
        let errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let errorFile = try FileHandle(forWritingTo: errorURL)
        defer { try? errorFile.close() }
        process.standardOutput = output
        process.standardError = errorFile
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw Failure(description: "python3 exited with \(process.terminationStatus): \(errors)")
        }
        return try JSONDecoder().decode([Report].self, from: data)
    }
}
