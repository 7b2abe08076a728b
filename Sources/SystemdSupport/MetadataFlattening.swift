import Logging

extension Logger.MetadataValue {
    /// The value as one string: strings as they are, arrays as `[a, b]`, dictionaries as
    /// `{k: v, …}` sorted by key, nested the same way.
    var flattened: String {
        switch self {
        case .string(let text):
            return text
        case .stringConvertible(let value):
            return value.description
        case .array(let values):
            return "[" + values.map(\.flattened).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            let items = entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.flattened)" }
            return "{" + items.joined(separator: ", ") + "}"
        }
    }
}

extension Logger.Metadata {
    /// Handler metadata, then the provider's, then the call's: a later source wins a shared key.
    static func merged(
        handler: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        call: Logger.Metadata?
    ) -> Logger.Metadata {
        var result = handler
        if let provided = provider?.get(), !provided.isEmpty {
            result.merge(provided) { _, new in new }
        }
        if let call, !call.isEmpty {
            result.merge(call) { _, new in new }
        }
        return result
    }
}
