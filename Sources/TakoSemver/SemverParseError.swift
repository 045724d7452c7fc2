// Diagnostics for version and range text: a stable ID, a message written like a
// compiler's, and the columns of the offending part inside the string, so that a caller
// holding the string's position in a file can point at the exact characters.

/// The stable identifiers of everything TakoSemver can reject. The raw value is what
/// the compiler prints in brackets after the message.
public enum SemverDiagnosticID: String, Sendable, Hashable, Codable, CaseIterable {
    /// The text is empty or only whitespace.
    case empty = "semver-empty"
    /// A character that no rule of the grammar accepts at that place.
    case unexpectedCharacter = "semver-unexpected-character"
    /// A numeric part that is out of range, or has a leading zero where none is allowed.
    case invalidNumber = "semver-invalid-number"
    /// A prerelease part that is empty, has a leading zero, or a forbidden character.
    case invalidPrerelease = "semver-invalid-prerelease"
    /// A build-metadata part that is empty or has a forbidden character.
    case invalidBuild = "semver-invalid-build"
    /// More than three dot-separated numbers (`1.2.3.4`).
    case tooManyParts = "semver-too-many-parts"
    /// A strict version with fewer than three numbers (`1.2`).
    case partialVersion = "semver-partial-version"
    /// A leading `v` where the strict grammar forbids it.
    case leadingV = "semver-leading-v"
    /// An operator with no version after it (`>=`).
    case missingVersion = "semver-missing-version"
    /// An empty side of `||`, or a stray comma.
    case emptyAlternative = "semver-empty-alternative"
    /// `^*` / `^x`: Masterminds matches only 0.0.0 there (an upstream bug).
    case caretWildcard = "semver-caret-wildcard"
    /// `~0.0.0`: Masterminds matches every version there (an upstream special case).
    case tildeZero = "semver-tilde-zero"
    /// `<*`, `<=*`, `>*`, `!=*`: a comparison with a bare wildcard, whose meaning the
    /// two dialects disagree on and which nobody means.
    case wildcardComparison = "semver-wildcard-comparison"
    /// A wildcard (`x`, `*`) inside the interval notation.
    case wildcardInInterval = "semver-wildcard-in-interval"
    /// An interval that is not closed by `]` or `)`, or lacks `...`.
    case malformedInterval = "semver-malformed-interval"
}

/// Why a version or range string was rejected, and where.
///
/// `columns` is a half-open range of 1-based columns counted in Unicode scalars, the
/// convention of `TakoBasics.SourceLocation`: for `^1.2.x.4` the error covers `.4`, that
/// is `7..<9`. To place it in a YAML file, add the column of the string's first
/// character minus one (for a plain scalar; quoted scalars also need the quote).
public struct SemverParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var id: SemverDiagnosticID
    public var message: String
    public var columns: Range<Int>

    public init(_ id: SemverDiagnosticID, _ message: String, columns: Range<Int>) {
        self.id = id
        self.message = message
        self.columns = columns
    }

    /// `col 7: unexpected '.4' ... [semver-too-many-parts]`.
    public var description: String {
        "col \(columns.lowerBound): \(message) [\(id.rawValue)]"
    }
}

/// Renders a piece of user text for a message: quoted, with control characters escaped.
func quoted(_ text: Substring.UnicodeScalarView) -> String {
    var out = "'"
    for s in text {
        switch s {
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if s.value < 0x20 { out += "\\u{\(String(s.value, radix: 16))}" } else { out.unicodeScalars.append(s) }
        }
    }
    return out + "'"
}

func quoted(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return quoted(Substring(String(view)).unicodeScalars)
}
