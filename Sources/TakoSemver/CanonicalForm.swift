// Prints a `VersionSet` as a range string in the Masterminds dialect that denotes
// exactly that set, the same string for the same set.
//
// The set is cut into pieces, in version order:
// - a run of releases only, `[a, b)`: printed without any prerelease tag, so the group
//   admits releases only: `>=a <b`, `=a`, `>=a`, `<b`, `*`;
// - a run of all versions (prereleases too): it always starts at a prerelease, so the
//   group mentions one and admits prereleases: `>=1.2.3-rc <2.0.0-0`, `>=0.0.0-0`;
// - a run of triples holding the same partial fiber (from `!=1.2`, `!=1.2-rc`): one group
//   per minor, `>=1.2.0-0 <1.3.0-0 !=1.2-rc`.
// The empty set prints as `<0.0.0`.

extension VersionSet {
    public var canonicalString: String {
        var pieces: [Piece] = []
        for seg in segments where !seg.fiber.isEmpty {
            let single = seg.start.successor == seg.end && seg.end != nil
            if seg.fiber == .all {
                pieces.append(.full(Bound(triple: seg.start, tail: .min, inclusive: true), endBefore(seg.end)))
            } else if seg.fiber == .releaseOnly {
                pieces.append(.releases(seg.start, seg.end))
            } else if single {
                for iv in seg.fiber.intervals {
                    if iv.lower == .release {
                        pieces.append(.releases(seg.start, seg.end))
                    } else {
                        let upper =
                            iv.upper == .release && iv.upperInclusive
                            ? endBefore(seg.end)
                            : Bound(triple: seg.start, tail: iv.upper, inclusive: iv.upperInclusive)
                        pieces.append(.full(Bound(triple: seg.start, tail: iv.lower, inclusive: true), upper))
                    }
                }
            } else {
                pieces.append(.partial(seg.start, seg.end, seg.fiber))
            }
        }
        var merged: [Piece] = []
        for p in pieces {
            if let last = merged.last, let joined = last.joined(with: p) {
                merged[merged.count - 1] = joined
            } else {
                merged.append(p)
            }
        }
        if merged.isEmpty { return "<0.0.0" }
        return merged.flatMap(\.groups).joined(separator: " || ")
    }

    /// "Below the first version of `triple`", or no bound.
    private func endBefore(_ triple: Triple?) -> Bound? {
        triple.map { Bound(triple: $0, tail: .min, inclusive: false) }
    }
}

private enum Piece {
    /// Releases of the triples from the first up to the second (exclusive; nil: no end).
    case releases(Triple, Triple?)
    /// Every version from the lower bound (inclusive, a prerelease) to the upper (nil: none).
    case full(Bound, Bound?)
    /// The same fiber on each triple of a run.
    case partial(Triple, Triple?, Fiber)

    func joined(with next: Piece) -> Piece? {
        switch (self, next) {
        case let (.releases(a, b), .releases(c, d)) where b == c:
            return .releases(a, d)
        case let (.full(lo, hi), .full(nextLo, nextHi)):
            guard let hi, !hi.inclusive, hi.triple == nextLo.triple, hi.tail == nextLo.tail else { return nil }
            return .full(lo, nextHi)
        default:
            return nil
        }
    }

    var groups: [String] {
        switch self {
        case let .releases(a, b):
            switch (a == .zero, b) {
            case (true, nil): return ["*"]
            case (false, nil): return [">=\(a.text)"]
            case (true, let b?): return ["<\(b.text)"]
            case (false, let b?): return b == a.successor ? ["=\(a.text)"] : [">=\(a.text) <\(b.text)"]
            }
        case let .full(lo, hi):
            var s = ">=\(lo.triple.text)\(lo.tail.suffix)"
            if let hi { s += " " + Self.upperText(hi) }
            return [s]
        case let .partial(a, b, fiber):
            return Self.partialGroups(a, b, fiber)
        }
    }

    static func upperText(_ hi: Bound) -> String {
        if hi.tail == .min, !hi.inclusive {
            // Below the first version of a triple: `<=1.2.3` reads better than
            // `<1.2.4-0` and means the same in a group that admits prereleases.
            if hi.triple.patch > 0 {
                return "<=\(hi.triple.major).\(hi.triple.minor).\(hi.triple.patch - 1)"
            }
            return "<\(hi.triple.text)-0"
        }
        return (hi.inclusive ? "<=" : "<") + hi.triple.text + hi.tail.suffix
    }

    /// One group per minor version of the run; the fiber is "every tail" or "every
    /// prerelease", minus single tags, which `!=M.m` and `!=M.m-TAG` express.
    static func partialGroups(_ a: Triple, _ b: Triple?, _ fiber: Fiber) -> [String] {
        let base: Fiber = fiber.contains(.release) ? .all : .prereleasesOnly
        let missing = base.subtracting(fiber).intervals
        var groups: [String] = []
        var start = a
        while groups.count < 64 {
            let blockEnd = start.nextMinor
            let end = [blockEnd, b].compactMap { $0 }.min()
            var g = ">=\(start.text)-0"
            if let end { g += " <\(end.text)-0" }
            if base == .prereleasesOnly { g += " !=\(start.major).\(start.minor)" }
            for gap in missing {
                // Only single tags can arise from ranges; anything wider is shown by its
                // first tag, which keeps the string readable if not exact.
                g += " !=\(start.major).\(start.minor)\(gap.lower.suffix)"
            }
            groups.append(g)
            guard let end, end != b else { break }
            start = end
        }
        return groups
    }
}
