// String-level helpers for callers that hold versions and ranges as text, such as the
// CEL functions `semver.major/minor/patch/compare/satisfies` of tako filters.

/// Functions over version and range strings. Versions are read leniently, as
/// Masterminds' default `NewVersion` does (`v1.2.3`, `1.4` → 1.4.0); ranges in the
/// range dialect. Each returns the parse error instead of trapping, so the caller can
/// turn it into its own runtime error.
public enum Semver {
    public static func version(_ text: String) -> Result<Version, SemverParseError> {
        Version.parse(text, mode: .coercing)
    }

    public static func major(_ text: String) -> Result<UInt64, SemverParseError> { version(text).map(\.major) }
    public static func minor(_ text: String) -> Result<UInt64, SemverParseError> { version(text).map(\.minor) }
    public static func patch(_ text: String) -> Result<UInt64, SemverParseError> { version(text).map(\.patch) }

    /// -1, 0 or 1 by precedence (build metadata ignored).
    public static func compare(_ a: String, _ b: String) -> Result<Int, SemverParseError> {
        version(a).flatMap { va in version(b).map { va.compare($0) } }
    }

    /// Whether the version satisfies the range.
    public static func satisfies(_ version: String, _ range: String) -> Result<Bool, SemverParseError> {
        Semver.version(version).flatMap { v in VersionRange.parse(range).map { $0.contains(v) } }
    }

    /// Whether `version` satisfies `range`, both already parsed.
    public static func satisfies(_ version: Version, _ range: VersionRange) -> Bool { range.contains(version) }
}
