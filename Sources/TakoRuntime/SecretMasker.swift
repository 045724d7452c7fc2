import Foundation

/// Replaces every secret value with `***` in text that leaves a step: outputs, tails of
/// failed steps, rendered payloads. Everything tako writes (output, checkpoint, report)
/// passes through it first, so a secret that a step prints never reaches a file. A
/// multi-line secret is masked whole and line by line (each line of four characters or
/// more), since a step may print one of its lines alone.
public struct SecretMasker: Sendable {
    public static let mask = "***"
    /// Longest first, so a secret that contains another is masked whole.
    private let values: [String]

    /// Lines of a multi-line secret shorter than this are not masked alone (they would mask
    /// ordinary words); longer ones are, since a step may print one line of it.
    public static let shortestLine = 4

    public init(values: some Sequence<String>) {
        var all: Set<String> = []
        for value in values where !value.isEmpty {
            all.insert(value)
            guard value.contains(where: \.isNewline) else { continue }
            for line in value.split(whereSeparator: \.isNewline) {
                let core = line.trimmingCharacters(in: .whitespaces)
                if core.count >= Self.shortestLine { all.insert(core) }
            }
        }
        self.values = all.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
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
