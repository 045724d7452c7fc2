// One dot-separated part of a prerelease tag, ordered as Masterminds/semver v3 orders it.

/// A prerelease identifier: a number or an alphanumeric string.
///
/// SemVer 2.0: numbers compare numerically and sort before alphanumerics, which compare
/// in ASCII order. As in Masterminds, a string of digits too large for `UInt64` counts as
/// alphanumeric (it cannot be parsed as a number), and so does `-1`.
public enum PrereleaseIdentifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    case numeric(UInt64)
    case alphanumeric(String)

    /// Classifies already-validated identifier text.
    public init(_ text: Substring) {
        if let n = UInt64(text) {
            self = .numeric(n)
        } else {
            self = .alphanumeric(String(text))
        }
    }

    public static func < (a: PrereleaseIdentifier, b: PrereleaseIdentifier) -> Bool {
        switch (a, b) {
        case let (.numeric(x), .numeric(y)): return x < y
        case (.numeric, .alphanumeric): return true
        case (.alphanumeric, .numeric): return false
        case let (.alphanumeric(x), .alphanumeric(y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
    }

    public var description: String {
        switch self {
        case .numeric(let n): return String(n)
        case .alphanumeric(let s): return s
        }
    }

    /// The smallest identifier there is; appending it to a tag gives the tag's immediate
    /// successor (`alpha` < `alpha.0` with nothing in between).
    static let zero = PrereleaseIdentifier.numeric(0)
}

/// SemVer precedence of two prerelease tags, neither empty: identifier by identifier,
/// and a tag that is a prefix of the other sorts first.
func comparePrerelease(_ a: [PrereleaseIdentifier], _ b: [PrereleaseIdentifier]) -> Int {
    let n = min(a.count, b.count)
    var i = 0
    while i < n {
        let x = a[i], y = b[i]
        if x != y { return x < y ? -1 : 1 }
        i += 1
    }
    if a.count == b.count { return 0 }
    return a.count < b.count ? -1 : 1
}
