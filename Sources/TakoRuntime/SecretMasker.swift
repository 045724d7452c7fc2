import Foundation

/// Replaces every secret value with `***` in text that leaves a step: outputs, tails of
/// failed steps, rendered payloads. Everything tako writes (output, checkpoint, report)
/// passes through it first, so a secret that a step prints never reaches a file.
public struct SecretMasker: Sendable {
    public static let mask = "***"
    /// Longest first, so a secret that contains another is masked whole.
    private let values: [String]

    public init(values: some Sequence<String>) {
        self.values = Set(values.filter { !$0.isEmpty }).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    public var isEmpty: Bool { values.isEmpty }

    public func mask(_ text: String) -> String {
        guard !values.isEmpty else { return text }
        var out = text
        for value in values where out.contains(value) {
            out = out.replacingOccurrences(of: value, with: Self.mask)
        }
        return out
    }

    public func mask(_ map: [String: String]) -> [String: String] {
        guard !values.isEmpty else { return map }
        return map.mapValues { mask($0) }
    }
}
