import Foundation

/// Prometheus's `promtool` (Debian package `prometheus`) and a reader of the text exposition format, for the tests
/// of the metrics textfile (SPEC §11).
public enum Promtool {
    /// `promtool check metrics` with `text` on stdin: exit 0 and no output when the text parses and has no lint
    /// problem. Needs ``Component/promtool``.
    public static func checkMetrics(_ text: String) throws -> Executables.Result {
        guard let path = Component.promtoolPath else {
            throw Executables.Failure(description: "promtool is not on PATH: \(Component.promtool.remedy)")
        }
        return try Executables.run(path, ["check", "metrics"], stdin: text)
    }

    /// One sample line.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    /// The samples of `text`, with label values unescaped (`\\`, `\"`, `\n`); comment lines are skipped. Throws on
    /// a line it cannot read.
    public static func samples(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            var rest = Substring(line)
            let name = String(rest.prefix { $0 != "{" && $0 != " " })
            rest = rest.dropFirst(name.count)
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    let key = String(rest.prefix { $0 != "=" })
                    rest = rest.dropFirst(key.count)
                    guard rest.hasPrefix("=\"") else { throw Executables.Failure(description: "cannot read the labels of: \(line)") }
                    rest = rest.dropFirst(2)
                    var value = ""
                    while let character = rest.first, character != "\"" {
                        rest = rest.dropFirst()
                        guard character == "\\" else {
                            value.append(character)
                            continue
                        }
                        guard let escaped = rest.first else { break }
                        rest = rest.dropFirst()
                        value.append(escaped == "n" ? "\n" : escaped)
                    }
                    guard rest.first == "\"" else { throw Executables.Failure(description: "an unterminated label value in: \(line)") }
                    rest = rest.dropFirst()
                    labels[key] = value
                    if rest.first == "," { rest = rest.dropFirst() }
                    guard !rest.isEmpty else { throw Executables.Failure(description: "unterminated labels in: \(line)") }
                }
                rest = rest.dropFirst()
            }
            let valueText = rest.trimmingCharacters(in: .whitespaces)
            guard let value = Double(valueText) ?? ["NaN": Double.nan, "+Inf": .infinity, "-Inf": -.infinity][valueText] else {
                throw Executables.Failure(description: "cannot read the value of: \(line)")
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return samples
    }
}

extension [Promtool.Sample] {
    /// The value of the sample named `name` with exactly `labels`.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        first { $0.name == name && $0.labels == labels }?.value
    }
}
