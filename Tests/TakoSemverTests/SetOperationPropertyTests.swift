import TakoSemver
// Property tests: over many generated ranges, the set model agrees with the reference
// checker version by version, and the set operations agree with brute force over a grid
// that has a version in every region the generated ranges can distinguish.
import TakoTestSupport
import Testing

@Suite("Set operations against brute force")
struct SetOperationPropertyTests {
    static let ranges: [VersionRange] = {
        var g = SplitMix64(seed: 20_261_126)
        return (0..<240).map { _ in RangeGenerator.range(&g) }
    }()
    static let grid = RangeGenerator.grid

    static func members(_ r: VersionRange) -> [Bool] { grid.map(r.contains) }

    /// Grid membership as bits, so brute-force set algebra is a few word operations.
    static func bits(_ contains: (Version) -> Bool) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (grid.count + 63) / 64)
        for (k, v) in grid.enumerated() where contains(v) { words[k / 64] |= 1 << UInt64(k % 64) }
        return words
    }

    @Test func containsAgreesWithTheReferenceChecker() {
        var disagreements = 0
        for r in Self.ranges {
            for v in Self.grid where r.contains(v) != ReferenceChecker.check(r.syntax, v) {
                disagreements += 1
                if disagreements < 10 { Issue.record("'\(r.source)' ∋ \(v): set model \(r.contains(v)), reference \(!r.contains(v))") }
            }
        }
        #expect(disagreements == 0)
    }

    @Test func includePrereleaseAgreesWithTheReferenceChecker() throws {
        for r in Self.ranges.prefix(80) {
            let withPre = try VersionRange(r.source, includePrerelease: true)
            for v in Self.grid where withPre.contains(v) != ReferenceChecker.check(r.syntax, v, includePrerelease: true) {
                Issue.record("'\(r.source)' (IncludePrerelease) ∋ \(v): set model \(withPre.contains(v))")
                return
            }
        }
    }

    @Test func emptinessIntersectionAndSubsetAreExact() {
        let members = Self.ranges.map { Self.bits($0.contains) }
        var failures: [String] = []
        func fail(_ s: @autoclosure () -> String) { if failures.count < 10 { failures.append(s()) } }
        for (i, a) in Self.ranges.enumerated() {
            if a.isEmpty != members[i].allSatisfy({ $0 == 0 }) { fail("isEmpty('\(a.source)')") }
            for j in stride(from: i % 7, to: Self.ranges.count, by: 7) {
                let b = Self.ranges[j]
                let meetBits = zip(members[i], members[j]).map { $0 & $1 }
                let joinBits = zip(members[i], members[j]).map { $0 | $1 }
                let both = meetBits.contains { $0 != 0 }
                let sub = zip(members[i], members[j]).allSatisfy { $0 & ~$1 == 0 }
                if a.intersects(b) != both { fail("intersects('\(a.source)', '\(b.source)') should be \(both)") }
                if a.isSubset(of: b) != sub { fail("subset('\(a.source)', '\(b.source)') should be \(sub)") }
                if let e = a.example(notIn: b) {
                    if !(a.contains(e) && !b.contains(e)) { fail("example \(e) of '\(a.source)' not in '\(b.source)'") }
                } else if !sub {
                    fail("no example of '\(a.source)' outside '\(b.source)'")
                }
                guard (i + j) % 10 == 0 else { continue }
                if Self.bits(a.versions.intersection(b.versions).contains) != meetBits {
                    fail("intersection('\(a.source)', '\(b.source)')")
                }
                if Self.bits(a.versions.union(b.versions).contains) != joinBits {
                    fail("union('\(a.source)', '\(b.source)')")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func canonicalFormRoundTrips() throws {
        for r in Self.ranges {
            let c = r.canonical
            let back = try VersionRange(c)
            #expect(back == r, "'\(r.source)' → '\(c)' → '\(back.canonical)'")
            #expect(back.canonical == c)
        }
    }
}
