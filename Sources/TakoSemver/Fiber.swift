// The set of tails a version set holds for one triple: a finite union of intervals of
// tails, kept canonical (sorted, disjoint, non-adjacent, upper ends normalised) so that
// two fibers holding the same tails compare equal.

/// An interval of tails: from `lower` (always inclusive: it is the smallest member)
/// up to `upper`, inclusive or not.
struct TailInterval: Sendable, Hashable {
    var lower: Tail
    var upper: Tail
    var upperInclusive: Bool

    /// Builds the canonical form, or nil when the interval holds no tail.
    /// `< t.0` holds the same tails as `<= t` (nothing lies between `t` and `t.0`), so
    /// such an exclusive end becomes inclusive; `< 0` is empty.
    static func make(lower: Tail, upper: Tail, upperInclusive: Bool) -> TailInterval? {
        var upper = upper, inclusive = upperInclusive
        if !inclusive, case .pre(let ids) = upper, ids.last == .zero {
            if ids.count == 1 { return nil }
            upper = .pre(Array(ids.dropLast()))
            inclusive = true
        }
        if upper < lower || (upper == lower && !inclusive) { return nil }
        return TailInterval(lower: lower, upper: upper, upperInclusive: inclusive)
    }

    func contains(_ t: Tail) -> Bool {
        lower <= t && (t < upper || (upperInclusive && t == upper))
    }

    /// The smallest tail above the interval, or nil when it reaches the release.
    var firstAbove: Tail? { upperInclusive ? upper.successor : upper }
}

/// A canonical union of tail intervals.
struct Fiber: Sendable, Hashable {
    private(set) var intervals: [TailInterval]

    static let empty = Fiber(intervals: [])
    /// Every tail: all prereleases of the triple and the release.
    static let all = Fiber(intervals: [TailInterval(lower: .min, upper: .release, upperInclusive: true)])
    /// The release alone.
    static let releaseOnly = Fiber(intervals: [TailInterval(lower: .release, upper: .release, upperInclusive: true)])
    /// Every prerelease, not the release.
    static let prereleasesOnly = Fiber(intervals: [TailInterval(lower: .min, upper: .release, upperInclusive: false)])

    init(intervals: [TailInterval]) { self.intervals = intervals }

    /// The canonical union of arbitrary intervals.
    init(normalizing list: [TailInterval]) {
        let sorted = list.sorted { $0.lower < $1.lower }
        var out: [TailInterval] = []
        for next in sorted {
            guard var last = out.last else { out.append(next); continue }
            // Overlapping or adjacent: the next one starts at or before the first tail
            // above the last one.
            let joins: Bool
            if let above = last.firstAbove { joins = next.lower <= above } else { joins = true }
            if joins {
                if last.upper < next.upper || (last.upper == next.upper && next.upperInclusive) {
                    last.upper = next.upper
                    last.upperInclusive = next.upperInclusive
                }
                out[out.count - 1] = last
            } else {
                out.append(next)
            }
        }
        intervals = out
    }

    /// The tails from `lower` (inclusive or not) to `upper` (inclusive or not).
    static func between(_ lower: Tail, lowerInclusive: Bool, _ upper: Tail, upperInclusive: Bool) -> Fiber {
        let start: Tail
        if lowerInclusive {
            start = lower
        } else {
            guard let s = lower.successor else { return .empty }
            start = s
        }
        guard let i = TailInterval.make(lower: start, upper: upper, upperInclusive: upperInclusive) else { return .empty }
        // Share the storage of the common fibers instead of allocating.
        if i == Fiber.all.intervals[0] { return .all }
        if i == Fiber.releaseOnly.intervals[0] { return .releaseOnly }
        return Fiber(intervals: [i])
    }

    var isEmpty: Bool { intervals.isEmpty }

    func contains(_ t: Tail) -> Bool {
        if case .release = t { return containsRelease }
        for i in intervals where i.contains(t) { return true }
        return false
    }

    /// The release is the largest tail, so only the last interval can hold it.
    var containsRelease: Bool {
        guard let last = intervals.last, case .release = last.upper else { return false }
        return last.upperInclusive
    }

    var complement: Fiber {
        var out: [TailInterval] = []
        var start: Tail? = .min
        for i in intervals {
            if let s = start, let gap = TailInterval.make(lower: s, upper: i.lower, upperInclusive: false) {
                out.append(gap)
            }
            start = i.firstAbove
        }
        if let s = start, let gap = TailInterval.make(lower: s, upper: .release, upperInclusive: true) {
            out.append(gap)
        }
        return Fiber(intervals: out)
    }

    func union(_ other: Fiber) -> Fiber {
        if other.isEmpty || self == other { return self }
        if isEmpty { return other }
        return Fiber(normalizing: intervals + other.intervals)
    }

    func intersection(_ other: Fiber) -> Fiber {
        if isEmpty || other.isEmpty { return .empty }
        if self == other || other == .all { return self }
        if self == .all { return other }
        var out: [TailInterval] = []
        for a in intervals {
            for b in other.intervals {
                let lower = Swift.max(a.lower, b.lower)
                let (upper, inclusive): (Tail, Bool)
                if a.upper < b.upper {
                    (upper, inclusive) = (a.upper, a.upperInclusive)
                } else if b.upper < a.upper {
                    (upper, inclusive) = (b.upper, b.upperInclusive)
                } else {
                    (upper, inclusive) = (a.upper, a.upperInclusive && b.upperInclusive)
                }
                if let i = TailInterval.make(lower: lower, upper: upper, upperInclusive: inclusive) { out.append(i) }
            }
        }
        return Fiber(normalizing: out)
    }

    func subtracting(_ other: Fiber) -> Fiber { intersection(other.complement) }

    /// Whether some tail is in both, without building the intersection.
    func intersects(_ other: Fiber) -> Bool {
        if intervals.isEmpty || other.intervals.isEmpty { return false }
        if containsRelease && other.containsRelease { return true }
        for a in intervals {
            for b in other.intervals {
                let lower = Swift.max(a.lower, b.lower)
                if a.upper < b.upper {
                    if TailInterval.make(lower: lower, upper: a.upper, upperInclusive: a.upperInclusive) != nil { return true }
                } else if b.upper < a.upper {
                    if TailInterval.make(lower: lower, upper: b.upper, upperInclusive: b.upperInclusive) != nil { return true }
                } else if TailInterval.make(lower: lower, upper: a.upper, upperInclusive: a.upperInclusive && b.upperInclusive) != nil {
                    return true
                }
            }
        }
        return false
    }

    /// Whether every tail of `self` is in `other`. Both are canonical, so the intervals
    /// of `other` are separated by gaps and each interval of `self` must fit in one.
    func isSubset(of other: Fiber) -> Bool {
        if intervals.isEmpty { return true }
        if other.intervals.isEmpty { return false }
        if self == other || other == .all { return true }
        return intervals.allSatisfy { a in
            other.intervals.contains { b in
                b.lower <= a.lower
                    && (a.upper < b.upper || (a.upper == b.upper && (b.upperInclusive || !a.upperInclusive)))
            }
        }
    }

    /// The smallest tail held, preferring the release when `preferRelease`.
    func sample(preferRelease: Bool) -> Tail? {
        if preferRelease, contains(.release) { return .release }
        return intervals.first?.lower
    }
}
