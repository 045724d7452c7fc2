import Foundation

/// JSON as every tako output writes it: sorted keys, two-space indentation, no escaped
/// slashes, so that the same value always gives the same bytes.
public enum CanonicalJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    public static func data<T: Encodable>(_ value: T) throws -> Data {
        try encoder().encode(value)
    }

    /// For values whose encoding cannot fail (plain structs of strings and numbers).
    public static func string<T: Encodable>(_ value: T) -> String {
        do {
            return String(decoding: try data(value), as: UTF8.self)
        } catch {
            preconditionFailure("encoding a plain value failed: \(error)")
        }
    }
}
