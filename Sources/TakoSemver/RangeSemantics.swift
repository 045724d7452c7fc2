// The meaning of `RangeSyntax` as a `VersionSet`, following Masterminds/semver v3's
// constraint functions exactly (read from its source and tests), except for the forms the
// parser rejects (`^*`, `~0.0.0`, comparisons with a bare `*`).
//
// Each comparator denotes a set over *all* versions, prereleases included; the
// prerelease rule is applied once per AND group: unless the group mentions a prerelease
// (or `includePrerelease` is set), the group's set is cut down to releases.

extension Comparator {
    /// The versions this comparator accepts, before the group's prerelease rule.
    var versionSet: VersionSet {
        let c = version
        let t = c.triple
        switch op {
        case .none, .equal:
            return precision == .exact ? .point(c) : tildeSet
        case .notEqual:
            switch precision {
            case .exact, .any:
                return VersionSet.point(c).complement
            case .major:
                return VersionSet.triples(from: Triple(major: t.major, minor: 0, patch: 0), to: t.nextMajor).complement
            case .minor:
                // Masterminds compares only the prerelease tags on the matching minor:
                // `!=1.2` drops every release 1.2.z, `!=1.2-rc` drops 1.2.z-rc for every z.
                let block = Triple(major: t.major, minor: t.minor, patch: 0)
                let kept: Fiber =
                    c.isPrerelease
                    ? Fiber.all.subtracting(.between(c.tail, lowerInclusive: true, c.tail, upperInclusive: true))
                    : .prereleasesOnly
                let outside = VersionSet.triples(from: block, to: t.nextMinor).complement
                return outside.union(.triples(from: block, to: t.nextMinor, fiber: kept))
            }
        case .greater:
            switch precision {
            case .exact, .any: return .interval(Bound(c, inclusive: false), nil)
            case .major: return t.nextMajor.map { .triples(from: $0, to: nil) } ?? .empty
            case .minor: return t.nextMinor.map { .triples(from: $0, to: nil) } ?? .empty
            }
        case .less:
            return .interval(nil, Bound(c, inclusive: false))
        case .greaterOrEqual:
            return .interval(Bound(c, inclusive: true), nil)
        case .lessOrEqual:
            switch precision {
            case .exact: return .interval(nil, Bound(c, inclusive: true))
            case .major: return .triples(from: .zero, to: t.nextMajor)
            case .minor, .any: return .triples(from: .zero, to: t.nextMinor)
            }
        case .tilde:
            return tildeSet
        case .caret:
            // At least the version, and below the next major (next minor for 0.y, next
            // patch for 0.0.z); the version always lies in the block it starts.
            let end: Triple?
            if t.major > 0 || precision == .major {
                end = t.nextMajor
            } else if t.minor > 0 || precision == .minor {
                end = t.nextMinor
            } else {
                end = t.successor
            }
            return Self.from(c, below: end)
        }
    }

    /// `[c, end-0)`: from the version up to the first version of the triple `end`.
    private static func from(_ c: Version, below end: Triple?) -> VersionSet {
        .interval(Bound(c, inclusive: true), end.map { Bound(triple: $0, tail: .min, inclusive: false) })
    }

    /// `~`: at least the version, within its minor (or its major for `~1`). Masterminds
    /// lets a tilde on 0.0.0 (`~*`, `*`) accept everything above it.
    private var tildeSet: VersionSet {
        let c = version
        let t = c.triple
        if t == .zero, precision == .any || precision == .exact { return .interval(Bound(c, inclusive: true), nil) }
        return Self.from(c, below: precision == .major ? t.nextMajor : t.nextMinor)
    }
}

extension RangeAlternative {
    func versionSet(includePrerelease: Bool) -> VersionSet {
        var set: VersionSet
        switch self {
        case .comparators(let cs):
            set = cs.first?.versionSet ?? .all
            for c in cs.dropFirst() { set = set.intersection(c.versionSet) }
        case .interval(let i):
            set = .interval(
                Bound(i.lower, inclusive: i.lowerInclusive),
                i.upper.map { Bound($0, inclusive: i.upperInclusive) })
        }
        if !includePrerelease, !mentionsPrerelease { set = set.releasesOnly }
        return set
    }
}

extension RangeSyntax {
    func versionSet(includePrerelease: Bool) -> VersionSet {
        guard let first = alternatives.first else { return .empty }
        return alternatives.dropFirst().reduce(first.versionSet(includePrerelease: includePrerelease)) {
            $0.union($1.versionSet(includePrerelease: includePrerelease))
        }
    }
}
