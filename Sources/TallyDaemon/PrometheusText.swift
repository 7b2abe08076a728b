/// One metric of the Prometheus text exposition format (version 0.0.4, what node_exporter's textfile collector
/// reads): its name, `# HELP` text, `# TYPE` and samples, every sample with the same label names.
public struct MetricFamily: Sendable, Equatable {
    /// The two types tally writes.
    public enum Kind: String, Sendable {
        case gauge, counter
    }

    public var name: String
    public var help: String
    public var kind: Kind
    public var labelNames: [String]
    public var samples: [MetricSample]

    public init(_ name: String, _ kind: Kind, help: String, labels: [String] = [], samples: [MetricSample] = []) {
        self.name = name
        self.help = help
        self.kind = kind
        self.labelNames = labels
        self.samples = samples
    }

    /// The value of the sample whose labels are `labels` (name → value), if there is one.
    public func value(_ labels: [String: String] = [:]) -> Double? {
        samples.first { Dictionary(uniqueKeysWithValues: zip(labelNames, $0.labelValues)) == labels }?.value
    }
}

/// One sample: label values in the order of its family's label names, and the value.
public struct MetricSample: Sendable, Equatable {
    public var labelValues: [String]
    public var value: Double

    public init(_ labelValues: [String], _ value: Double) {
        self.labelValues = labelValues
        self.value = value
    }
}

/// The text exposition format, written by hand rather than through swift-prometheus: a file rendered once per pass
/// from values needs no registry of live collectors, and the output is in the order given, byte for byte the same
/// for the same values.
public enum PrometheusText {
    /// `families` as the format writes them: per family `# HELP`, `# TYPE`, then its samples; every line ends in
    /// a line feed. Names must be valid metric and label names (tally's are constants).
    public static func render(_ families: [MetricFamily]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                text += family.name
                if !family.labelNames.isEmpty {
                    let pairs = zip(family.labelNames, sample.labelValues).map { name, value in
                        "\(name)=\"\(escapeLabelValue(value))\""
                    }
                    text += "{" + pairs.joined(separator: ",") + "}"
                }
                text += " " + format(sample.value) + "\n"
            }
        }
        return text
    }

    /// A label value between its double quotes: backslash, double quote and line feed escaped as `\\`, `\"` and
    /// `\n`, the only escapes the format has; everything else (Vietnamese included) stays as UTF-8.
    public static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `# HELP` text: backslash and line feed escaped (a double quote needs none there).
    public static func escapeHelp(_ help: String) -> String {
        var escaped = ""
        for scalar in help.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A value as Go's ParseFloat reads it: whole numbers without a fraction (`120`, as `status --json` writes
    /// counts), others in Swift's shortest round-tripping form (`44.59`), and `NaN`, `+Inf`, `-Inf`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
