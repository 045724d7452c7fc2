// The coordinates of the set model: a version is a release triple plus a "tail" that
// is either a prerelease tag or the release itself, which sorts after all its tags.

/// `major.minor.patch`, ordered lexicographically.
struct Triple: Sendable, Hashable, Comparable {
    var major: UInt64
    var minor: UInt64
    var patch: UInt64

    static let zero = Triple(major: 0, minor: 0, patch: 0)

    static func < (a: Triple, b: Triple) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        return a.patch < b.patch
    }

    /// The next triple (`1.2.3` → `1.2.4`); nil past the largest.
    var successor: Triple? {
        if patch < .max { return Triple(major: major, minor: minor, patch: patch + 1) }
        return nextMinor
    }

    /// `M.(m+1).0`; nil past the largest.
    var nextMinor: Triple? {
        if minor < .max { return Triple(major: major, minor: minor + 1, patch: 0) }
        return nextMajor
    }

    /// `(M+1).0.0`; nil past the largest.
    var nextMajor: Triple? {
        major < .max ? Triple(major: major + 1, minor: 0, patch: 0) : nil
    }

    var version: Version { Version(major: major, minor: minor, patch: patch) }
    var text: String { "\(major).\(minor).\(patch)" }
}

/// Within one triple: a prerelease tag, or the release (greater than every tag).
enum Tail: Sendable, Hashable, Comparable {
    case pre([PrereleaseIdentifier])
    case release

    /// The smallest tail: the tag `0`.
    static let min = Tail.pre([.zero])

    static func < (a: Tail, b: Tail) -> Bool {
        switch (a, b) {
        case (.release, _): return false
        case (.pre, .release): return true
        case let (.pre(x), .pre(y)): return comparePrerelease(x, y) < 0
        }
    }

    /// The immediate successor (`alpha` → `alpha.0`); the release has none.
    var successor: Tail? {
        switch self {
        case .pre(let ids): return .pre(ids + [.zero])
        case .release: return nil
        }
    }

    /// The suffix to print after the triple (`-rc.1`, or nothing for the release).
    var suffix: String {
        switch self {
        case .pre(let ids): return "-" + ids.map(\.description).joined(separator: ".")
        case .release: return ""
        }
    }
}

extension Version {
    var triple: Triple { Triple(major: major, minor: minor, patch: patch) }
    var tail: Tail { prerelease.isEmpty ? .release : .pre(prerelease) }
}

/// One end of an interval of versions.
struct Bound: Sendable, Hashable {
    var triple: Triple
    var tail: Tail
    var inclusive: Bool

    init(_ v: Version, inclusive: Bool) {
        triple = v.triple
        tail = v.tail
        self.inclusive = inclusive
    }

    init(triple: Triple, tail: Tail, inclusive: Bool) {
        self.triple = triple
        self.tail = tail
        self.inclusive = inclusive
    }
}
