// `Version.parse`: the three grammars of Masterminds/semver v3 for a single version.

/// Which grammar a version string is read with.
public enum VersionParseMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// SemVer 2.0 only (Masterminds `StrictNewVersion`): `1.2.3`, `1.2.3-rc.1+b`;
    /// no `v`, three numbers, no leading zeros.
    case strict
    /// Masterminds' default `NewVersion`: a leading `v`, partial versions (`1.4` is
    /// 1.4.0, `1` is 1.0.0) and leading zeros in the numbers (`01.1.1`) are accepted.
    case coercing
    /// Masterminds `NewVersion` with `CoerceNewVersion = false` (the regex path): a `v`
    /// and partial versions are accepted, leading zeros are not.
    case partial

    var rules: LiteralRules {
        switch self {
        case .strict: return .strictVersion
        case .coercing: return .coercingVersion
        case .partial: return .partialVersion
        }
    }
}

extension Version {
    /// Parses `text` with the grammar `mode`; on failure the error's columns point
    /// inside `text`. Whitespace is not trimmed: `" 1.2.3"` is an error in every mode.
    public static func parse(_ text: String, mode: VersionParseMode = .strict) -> Result<Version, SemverParseError> {
        let s = Array(text.unicodeScalars)
        if s.isEmpty {
            return .failure(.init(.empty, "expected a version, found an empty string", columns: 1..<2))
        }
        switch scanVersionLiteral(s, from: 0, rules: mode.rules) {
        case .failure(let e):
            return .failure(e)
        case .success(let (literal, end)):
            if end < s.count {
                return .failure(
                    .init(
                        .unexpectedCharacter,
                        "unexpected \(quoted(s[end...])) after version \(quoted(s[0..<end]))",
                        columns: (end + 1)..<(s.count + 1)))
            }
            return .success(literal.filledVersion)
        }
    }

    /// Parses leniently, as Masterminds' default `NewVersion` does: the grammar for
    /// versions found in event payloads and in the CEL `semver.*` functions.
    public static func lenient(_ text: String) -> Version? {
        try? parse(text, mode: .coercing).get()
    }
}

extension VersionLiteral {
    /// Missing parts and wildcards read as 0 (`1.x-rc` → 1.0.0-rc), as Masterminds does
    /// when it turns a constraint's version into a `Version`.
    var filledVersion: Version {
        Version(major: number(0), minor: number(1), patch: number(2), prerelease: prerelease, build: build)
    }
}
