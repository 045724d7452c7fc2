// A semantic version: three numbers, an optional prerelease tag, optional build metadata.

/// A SemVer 2.0 version.
///
/// Equality, hashing and ordering all follow SemVer *precedence*, which ignores build
/// metadata: `1.0.0+a == 1.0.0+b`, and a `Set<Version>` keeps one of them. This keeps
/// `==` consistent with `<` as `Comparable` requires (exactly one of `<`, `==`, `>`).
/// Build metadata is kept for printing; `isIdentical(to:)` compares it too.
public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: UInt64
    public let minor: UInt64
    public let patch: UInt64
    /// Empty for a release.
    public let prerelease: [PrereleaseIdentifier]
    /// Build metadata identifiers (after `+`); never part of precedence.
    public let build: [String]

    public init(
        major: UInt64, minor: UInt64, patch: UInt64,
        prerelease: [PrereleaseIdentifier] = [], build: [String] = []
    ) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses a strict SemVer 2.0 version (`1.2.3-rc.1+build.5`); see `parse(_:mode:)`.
    public init(_ text: String, mode: VersionParseMode = .strict) throws(SemverParseError) {
        self = try Version.parse(text, mode: mode).get()
    }

    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// `1.2.3-rc.1+build.5`, without a leading `v`, always three numbers.
    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease.map(\.description).joined(separator: ".") }
        if !build.isEmpty { s += "+" + build.joined(separator: ".") }
        return s
    }

    /// The prerelease tag as written (`rc.1`), or `""` for a release.
    public var prereleaseString: String { prerelease.map(\.description).joined(separator: ".") }

    /// -1, 0 or 1 by SemVer precedence (build metadata ignored).
    public func compare(_ other: Version) -> Int {
        if major != other.major { return major < other.major ? -1 : 1 }
        if minor != other.minor { return minor < other.minor ? -1 : 1 }
        if patch != other.patch { return patch < other.patch ? -1 : 1 }
        switch (prerelease.isEmpty, other.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): return comparePrerelease(prerelease, other.prerelease)
        }
    }

    public static func < (a: Version, b: Version) -> Bool { a.compare(b) < 0 }
    public static func == (a: Version, b: Version) -> Bool { a.compare(b) == 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// Equal including build metadata.
    public func isIdentical(to other: Version) -> Bool {
        self == other && build == other.build
    }

    /// The same version without build metadata.
    public var withoutBuild: Version {
        Version(major: major, minor: minor, patch: patch, prerelease: prerelease)
    }

    /// The release this prerelease leads up to (`1.2.3-rc.1` → `1.2.3`).
    public var release: Version { Version(major: major, minor: minor, patch: patch) }
}

extension Version: Codable {
    /// Decodes a strict SemVer string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Version.parse(text, mode: .strict).get()
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "invalid version '\(text)': \(error)"))
        }
    }

    /// Encodes `description` (with build metadata).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
