import Foundation

/// A test CA, a server certificate it signed for `127.0.0.1` and `localhost`, and a self-signed certificate for the
/// same names that nothing trusts: written with the `openssl` command into a directory, valid for two days.
public struct TestCertificates: Sendable {
    /// The CA's certificate (PEM).
    public let caFile: String
    /// The server's certificate (PEM), signed by the CA.
    public let serverCertificate: String
    /// The server's private key (PEM).
    public let serverKey: String
    /// A self-signed certificate (PEM) for the same names.
    public let untrustedCertificate: String
    /// Its private key (PEM).
    public let untrustedKey: String

    /// Generates the files in `directory`.
    public init(in directory: String) throws {
        func path(_ name: String) -> String { directory + "/" + name }
        caFile = path("ca.pem")
        serverCertificate = path("server.pem")
        serverKey = path("server.key")
        untrustedCertificate = path("untrusted.pem")
        untrustedKey = path("untrusted.key")
        let names = "subjectAltName=IP:127.0.0.1,DNS:localhost"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("\(names)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".utf8)
            .write(to: URL(fileURLWithPath: path("server.ext")))
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", caFile, "-days", "2",
             "-subj", "/CN=tally test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", serverKey, "-out", path("server.csr"), "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", path("server.csr"), "-CA", caFile, "-CAkey", path("ca.key"), "-CAcreateserial",
             "-out", serverCertificate, "-days", "2", "-extfile", path("server.ext")],
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", untrustedKey, "-out", untrustedCertificate,
             "-days", "2", "-subj", "/CN=localhost", "-addext", names],
        ]
        for arguments in steps {
            let result = try Executables.run("/usr/bin/env", ["openssl"] + arguments)
            guard result.status == 0 else {
                throw Executables.Failure(description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(result.stderr)")
            }
        }
    }
}
