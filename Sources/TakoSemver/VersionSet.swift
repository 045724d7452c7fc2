// The exact set model behind `VersionRange`: a piecewise-constant map from release
// triples to fibers (sets of tails). Segment k covers the triples from `starts[k]` up to
// `starts[k+1]` (or to the end) and holds the same tails for each of them.
//
// Why fibers and not plain intervals of versions: Masterminds admits a prerelease only
// when its AND group mentions one, and `!=1.2` / `!=1.2-rc` act per triple (they drop
// the release 1.2.z, or the tag `rc` on every 1.2.z). "Every release in [1.0.0, 2.0.0)"
// or "every 1.2.z except 1.2.z-rc" is an infinite union of version intervals but only one
// segment here, so contains, emptiness, intersection and subset stay exact and cheap.

/// A set of versions (build metadata ignored), closed under union, intersection and
/// complement, with a canonical representation: equal sets have equal values.
public struct VersionSet: Sendable, Hashable {
    /// Sorted; the first is always 0.0.0.
    private(set) var starts: [Triple]
    /// `fibers[k]` is held by every triple of segment k; neighbours always differ.
    private(set) var fibers: [Fiber]

    private init(starts: [Triple], fibers: [Fiber]) {
        self.starts = starts
        self.fibers = fibers
    }

    /// Builds the canonical form from segments in order (duplicated starts: the last wins).
    init(segments: [(Triple, Fiber)]) {
        var b = Builder(capacity: segments.count)
        for (start, fiber) in segments { b.append(start, fiber) }
        self = b.build()
    }

    /// Collects segments in order straight into the two arrays, merging neighbours
    /// with equal fibers as it goes.
    struct Builder {
        var starts: [Triple] = []
        var fibers: [Fiber] = []

        init(capacity: Int) {
            starts.reserveCapacity(capacity + 1)
            fibers.reserveCapacity(capacity + 1)
        }

        mutating func append(_ start: Triple, _ fiber: Fiber) {
            if let last = starts.last, last == start { starts.removeLast(); fibers.removeLast() }
            if let lastFiber = fibers.last, lastFiber == fiber { return }
            starts.append(start)
            fibers.append(fiber)
        }

        consuming func build() -> VersionSet {
            if starts.first != .zero { starts.insert(.zero, at: 0); fibers.insert(.empty, at: 0) }
            if fibers.count > 1, fibers[0] == fibers[1] { starts.remove(at: 1); fibers.remove(at: 1) }
            return VersionSet(starts: starts, fibers: fibers)
        }
    }

    public static let empty = VersionSet(starts: [.zero], fibers: [.empty])
    /// Every version, prereleases included.
    public static let all = VersionSet(starts: [.zero], fibers: [.all])
    /// Every release, no prerelease.
    public static let releases = VersionSet(starts: [.zero], fibers: [.releaseOnly])

    /// The same fiber on every triple from `from` up to `to` (exclusive; nil: no end).
    static func triples(from: Triple, to: Triple?, fiber: Fiber = .all) -> VersionSet {
        var segs: [(Triple, Fiber)] = [(.zero, .empty), (from, fiber)]
        if let to { if to <= from { return .empty }; segs.append((to, .empty)) }
        return VersionSet(segments: segs)
    }

    /// The versions between two bounds in precedence order (nil: unbounded).
    static func interval(_ lower: Bound?, _ upper: Bound?) -> VersionSet {
        var lo = lower ?? Bound(triple: .zero, tail: .min, inclusive: true)
        if !lo.inclusive, lo.tail == .release {
            guard let next = lo.triple.successor else { return .empty }
            lo = Bound(triple: next, tail: .min, inclusive: true)
        }
        var b = Builder(capacity: 4)
        b.append(.zero, .empty)
        guard let hi = upper else {
            b.append(lo.triple, .between(lo.tail, lowerInclusive: lo.inclusive, .release, upperInclusive: true))
            if let next = lo.triple.successor { b.append(next, .all) }
            return b.build()
        }
        if hi.triple < lo.triple { return .empty }
        if hi.triple == lo.triple {
            b.append(lo.triple, .between(lo.tail, lowerInclusive: lo.inclusive, hi.tail, upperInclusive: hi.inclusive))
        } else {
            b.append(lo.triple, .between(lo.tail, lowerInclusive: lo.inclusive, .release, upperInclusive: true))
            if let next = lo.triple.successor, next < hi.triple { b.append(next, .all) }
            b.append(hi.triple, .between(.min, lowerInclusive: true, hi.tail, upperInclusive: hi.inclusive))
        }
        if let next = hi.triple.successor { b.append(next, .empty) }
        return b.build()
    }

    static func point(_ v: Version) -> VersionSet {
        interval(Bound(v, inclusive: true), Bound(v, inclusive: true))
    }

    // MARK: Queries

    /// The segment holding `t`: the last start at or below it.
    private func segmentIndex(_ t: Triple) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    public func contains(_ v: Version) -> Bool {
        let fiber = fibers[segmentIndex(v.triple)]
        return v.prerelease.isEmpty ? fiber.containsRelease : fiber.contains(.pre(v.prerelease))
    }

    public var isEmpty: Bool { fibers.allSatisfy(\.isEmpty) }

    // MARK: Set algebra

    /// Walks the merged segment boundaries of two sets; `body` gets each common piece
    /// and returns false to stop.
    private static func walk(_ a: VersionSet, _ b: VersionSet, _ body: (Triple, Fiber, Fiber) -> Bool) {
        var i = 0, j = 0
        var current = Triple.zero
        while true {
            if !body(current, a.fibers[i], b.fibers[j]) { return }
            let na = i + 1 < a.starts.count ? a.starts[i + 1] : nil
            let nb = j + 1 < b.starts.count ? b.starts[j + 1] : nil
            let next: Triple
            switch (na, nb) {
            case (nil, nil): return
            case (let x?, nil): next = x
            case (nil, let y?): next = y
            case (let x?, let y?): next = Swift.min(x, y)
            }
            if na == next { i += 1 }
            if nb == next { j += 1 }
            current = next
        }
    }

    private static func combine(_ a: VersionSet, _ b: VersionSet, _ op: (Fiber, Fiber) -> Fiber) -> VersionSet {
        var builder = Builder(capacity: a.starts.count + b.starts.count)
        walk(a, b) { start, fa, fb in
            builder.append(start, op(fa, fb)); return true
        }
        return builder.build()
    }

    public func union(_ other: VersionSet) -> VersionSet { Self.combine(self, other) { $0.union($1) } }
    public func intersection(_ other: VersionSet) -> VersionSet { Self.combine(self, other) { $0.intersection($1) } }
    public func subtracting(_ other: VersionSet) -> VersionSet { Self.combine(self, other) { $0.subtracting($1) } }
    /// The releases of the set (the intersection with `.releases`, in one pass).
    public var releasesOnly: VersionSet {
        var b = Builder(capacity: starts.count)
        for k in starts.indices { b.append(starts[k], fibers[k].containsRelease ? .releaseOnly : .empty) }
        return b.build()
    }

    public var complement: VersionSet { VersionSet(segments: zip(starts, fibers.map(\.complement)).map { ($0, $1) }) }

    public func intersects(_ other: VersionSet) -> Bool {
        var found = false
        Self.walk(self, other) { _, fa, fb in
            found = fa.intersects(fb)
            return !found
        }
        return found
    }

    public func isSubset(of other: VersionSet) -> Bool {
        var ok = true
        Self.walk(self, other) { _, fa, fb in
            ok = fa.isSubset(of: fb)
            return ok
        }
        return ok
    }

    /// A member of `self` that `other` lacks, as `subtracting(other).sample` would give,
    /// found without building the difference when a release will do.
    public func sample(notIn other: VersionSet) -> Version? {
        var found: Triple?
        Self.walk(self, other) { start, fa, fb in
            if fa.containsRelease, !fb.containsRelease { found = start }
            return found == nil
        }
        if let found { return found.version }
        return subtracting(other).sample
    }

    /// A member, chosen to read well in a message: the lowest release if there is one,
    /// else the lowest prerelease. Nil when empty.
    public var sample: Version? {
        for (start, fiber) in zip(starts, fibers) where fiber.contains(.release) {
            return start.version
        }
        for (start, fiber) in zip(starts, fibers) {
            if let tail = fiber.sample(preferRelease: false), case .pre(let ids) = tail {
                return Version(major: start.major, minor: start.minor, patch: start.patch, prerelease: ids)
            }
        }
        return nil
    }

    /// The lowest version in precedence order, or nil when empty.
    public var minimum: Version? {
        for (start, fiber) in zip(starts, fibers) {
            guard let tail = fiber.intervals.first?.lower else { continue }
            if case .pre(let ids) = tail {
                return Version(major: start.major, minor: start.minor, patch: start.patch, prerelease: ids)
            }
            return start.version
        }
        return nil
    }

    /// The segments, for printing and tests.
    var segments: [(start: Triple, end: Triple?, fiber: Fiber)] {
        (0..<starts.count).map { k in (starts[k], k + 1 < starts.count ? starts[k + 1] : nil, fibers[k]) }
    }
}
