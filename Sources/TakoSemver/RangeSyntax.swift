// The parsed form of a range string, before any meaning is given to it: what the user
// wrote, with columns, so diagnostics and the Masterminds `String()` form can use it.

/// A comparison operator of the Masterminds dialect.
public enum ComparatorOperator: String, Sendable, Hashable, Codable, CaseIterable {
    /// No operator: `1.2.3` (equal), `1.2` / `1.x` (the same release set as a tilde).
    case none = ""
    case equal = "="
    case notEqual = "!="
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case tilde = "~"
    case caret = "^"
}

/// How much of a comparator's version was written: `*` → `.any`, `1` / `1.x` →
/// `.major`, `1.2` / `1.2.x` → `.minor`, `1.2.3` → `.exact`.
public enum VersionPrecision: Int, Sendable, Hashable, Codable, Comparable {
    case any, major, minor, exact

    public static func < (a: VersionPrecision, b: VersionPrecision) -> Bool { a.rawValue < b.rawValue }
}

/// One comparator, e.g. `>= 1.2` or `~1.2.3-rc.1`.
public struct Comparator: Sendable, Hashable {
    public var op: ComparatorOperator
    /// The operator as written (`=>` for `>=`, `~>` for `~`); "" when none.
    public var spelling: String
    /// The version with missing parts and wildcards read as 0 (`1.x-rc` → 1.0.0-rc).
    public var version: Version
    public var precision: VersionPrecision
    /// The version as written (`v1.2`, `1.x`).
    public var versionText: String
    /// Columns of the whole comparator, operator included (1-based, half-open).
    public var columns: Range<Int>

    /// The Masterminds `String()` form: operator as written, version as written.
    public var sourceText: String { spelling + versionText }
}

/// An interval of the tako notation: `[1.0.0...2.0.0)`, `(1.1.0...2.0.0]`, `[1.0.0...]`.
public struct IntervalSyntax: Sendable, Hashable {
    public var lower: Version
    public var lowerInclusive: Bool
    /// Nil when open-ended.
    public var upper: Version?
    public var upperInclusive: Bool
    public var columns: Range<Int>

    /// `[1.0.0...2.0.0)`.
    public var sourceText: String {
        (lowerInclusive ? "[" : "(") + lower.description + "..." + (upper?.description ?? "")
            + (upper == nil || upperInclusive ? "]" : ")")
    }
}

/// One side of `||`.
public enum RangeAlternative: Sendable, Hashable {
    /// Comparators that must all hold (AND, written with spaces or commas). A hyphen
    /// range `A - B` contributes two comparators, `>=A` and `<=B`.
    case comparators([Comparator])
    case interval(IntervalSyntax)

    public var sourceText: String {
        switch self {
        case .comparators(let cs): return cs.map(\.sourceText).joined(separator: " ")
        case .interval(let i): return i.sourceText
        }
    }

    /// Masterminds' rule: the alternative admits prereleases when one of its versions
    /// has a prerelease tag.
    var mentionsPrerelease: Bool {
        switch self {
        case .comparators(let cs): return cs.contains { $0.version.isPrerelease }
        case .interval(let i): return i.lower.isPrerelease || (i.upper?.isPrerelease ?? false)
        }
    }
}

/// A parsed range: alternatives joined by `||`.
public struct RangeSyntax: Sendable, Hashable {
    public var alternatives: [RangeAlternative]

    /// Masterminds' `Constraints.String()`: comparators as written (operator and version
    /// without the spaces between them), AND as a space, OR as ` || `.
    public var sourceText: String { alternatives.map(\.sourceText).joined(separator: " || ") }
}
