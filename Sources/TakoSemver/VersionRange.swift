// The public face of a range: parse once, then ask exact set questions.

/// A set of versions written as a range: the Masterminds/semver v3 dialect
/// (`^1.2`, `~1.2.3`, `>=1.0, <2`, `1.x`, `1.0.0 - 1.4.0`, `||`) or tako's interval
/// notation (`[1.0.0...2.0.0)`, `(1.1.0...2.0.0]`, `[1.0.0...]`).
///
/// Equality and hashing compare the *sets*: `^1.2` == `>=1.2.0 <2.0.0`. The text as
/// written is kept in `source` for messages, and `canonical` prints the set.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    /// One reference to copy instead of five: ranges are passed around a lot and never
    /// mutated.
    private final class Storage: Sendable {
        let source: String
        let syntax: RangeSyntax
        let versions: VersionSet

        init(source: String, syntax: RangeSyntax, versions: VersionSet) {
            self.source = source
            self.syntax = syntax
            self.versions = versions
        }
    }

    private let storage: Storage

    /// The text as parsed.
    public var source: String { storage.source }
    /// The parsed form, with columns.
    public var syntax: RangeSyntax { storage.syntax }
    /// The exact set of versions.
    public var versions: VersionSet { storage.versions }

    /// Parses a range. With `includePrerelease`, every group admits prereleases (the
    /// Masterminds `IncludePrerelease` switch); tako files never set it.
    public static func parse(_ text: String, includePrerelease: Bool = false) -> Result<VersionRange, SemverParseError> {
        RangeParser.parse(text).map {
            VersionRange(source: text, syntax: $0, set: $0.versionSet(includePrerelease: includePrerelease))
        }
    }

    public init(_ text: String, includePrerelease: Bool = false) throws(SemverParseError) {
        self = try VersionRange.parse(text, includePrerelease: includePrerelease).get()
    }

    /// A range for an existing set (its source is the canonical form).
    public init(set: VersionSet) {
        let text = set.canonicalString
        let syntax = (try? RangeParser.parse(text).get()) ?? RangeSyntax(alternatives: [])
        storage = Storage(source: text, syntax: syntax, versions: set)
    }

    private init(source: String, syntax: RangeSyntax, set: VersionSet) {
        storage = Storage(source: source, syntax: syntax, versions: set)
    }

    public static func == (a: VersionRange, b: VersionRange) -> Bool { a.storage === b.storage || a.versions == b.versions }
    public func hash(into hasher: inout Hasher) { hasher.combine(versions) }

    // MARK: Questions

    public func contains(_ version: Version) -> Bool { versions.contains(version) }

    /// True when no version at all satisfies the range (`>=2.0.0 <1.0.0`).
    public var isEmpty: Bool { versions.isEmpty }

    /// True when some version satisfies both ranges.
    public func intersects(_ other: VersionRange) -> Bool { versions.intersects(other.versions) }

    /// True when every version satisfying `self` satisfies `other`.
    public func isSubset(of other: VersionRange) -> Bool { versions.isSubset(of: other.versions) }

    /// A version accepted by `self` but not by `other` (the lowest such release when
    /// there is one), or nil when `self` is a subset of `other`. For the warning
    /// "partial overlap: e.g. 2.1.0 is accepted by the publisher's range but not by this
    /// subscription", call `publisherRange.example(notIn: subscriptionRange)`.
    public func example(notIn other: VersionRange) -> Version? { versions.sample(notIn: other.versions) }

    /// A version of the range (the lowest release if any), or nil when empty.
    public var example: Version? { versions.sample }

    public func intersection(_ other: VersionRange) -> VersionRange { VersionRange(set: versions.intersection(other.versions)) }
    public func union(_ other: VersionRange) -> VersionRange { VersionRange(set: versions.union(other.versions)) }

    /// The canonical printed form of the set: equal sets print the same, and the
    /// string parses back to the same set (`^1.2` → `>=1.2.0 <2.0.0`).
    public var canonical: String { versions.canonicalString }

    /// The text as written.
    public var description: String { source }
}

extension VersionRange: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try VersionRange.parse(text).get()
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "invalid version range '\(text)': \(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(source)
    }
}
