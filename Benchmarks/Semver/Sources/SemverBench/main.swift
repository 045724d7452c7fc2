// `make bench-semver`: ns per `contains` and per `intersects` on typical ranges, parse
// costs, and the time of 100,000 subscription checks. Each figure is the median of
// several rounds, to damp the noise of a shared machine.
import Foundation
import TakoSemver

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Median nanoseconds per operation over `rounds` rounds of `n` operations.
func measure(_ label: String, n: Int, rounds: Int = 7, _ body: (Int) -> Int) {
    var sink = 0
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = now()
        for i in 0..<n { sink &+= body(i) }
        samples.append(Double(now() - start) / Double(n))
    }
    samples.sort()
    let padded = label.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(
        padded
            + String(
                format: " %10.1f ns/op   (min %.1f, max %.1f, n=%d x %d rounds)", samples[samples.count / 2],
                samples.first!, samples.last!, n, rounds) + (sink == 42 ? " " : ""))
}

let typical = [
    "^1.2.3", "~1.2", ">=1.0.0 <2.0.0", "1.x || >=3.0.0-rc.1", "[1.0.0...2.0.0)", ">=1.1, <2, !=1.2.3 || > 3",
    "^0.2.3", "1.0.0 - 1.4.0", ">=2.0.0-0 <2.1.0",
]
let ranges = typical.map { try! VersionRange($0) }
let versions = ["1.2.3", "1.5.0", "2.0.0", "0.2.9", "3.1.0-rc.2", "1.2.4-beta.1", "1.4.0", "2.0.5"].map { try! Version($0) }
let versionTexts = (0..<50).map { "1.2.\($0)-rc.1" }

print("TakoSemver benchmarks (release build; median of rounds)")
print("ranges: \(typical.joined(separator: " | "))")
measure("contains (typical range, typical version)", n: 1_000_000) { i in
    ranges[i % ranges.count].contains(versions[i % versions.count]) ? 1 : 0
}
measure("intersects (typical pair)", n: 300_000) { i in
    ranges[i % ranges.count].intersects(ranges[(i / ranges.count) % ranges.count]) ? 1 : 0
}
measure("isSubset(of:) (typical pair)", n: 300_000) { i in
    ranges[i % ranges.count].isSubset(of: ranges[(i / ranges.count) % ranges.count]) ? 1 : 0
}
measure("example(notIn:) (typical pair)", n: 100_000) { i in
    ranges[i % ranges.count].example(notIn: ranges[(i / ranges.count) % ranges.count]) == nil ? 0 : 1
}
measure("VersionRange.parse (typical range)", n: 100_000) { i in
    (try? VersionRange(typical[i % typical.count])) == nil ? 0 : 1
}
measure("Version.parse (strict, 1.2.N-rc.1)", n: 300_000) { i in
    (try? Version(versionTexts[i % versionTexts.count])) == nil ? 0 : 1
}

// 100,000 subscription checks, as the compiler does them: the subscription's range, the
// publisher's declared schema version and (sometimes) the range it may emit. A check is:
// range not empty, declared version accepted, ranges overlap, and on partial overlap a
// witness version for the warning. Measured on parsed values (the compiler parses each
// string once) and, separately, with the parsing of all three strings included.
let subscriptions = ["^1.2.0", ">=1.0, <2", "~1.4", "1.x", "[1.0.0...2.0.0)", "^2", ">=1.5.0 <3.0.0", "1.2.3 - 1.9.0"]
let publishers = [("1.4.2", "^1.0.0"), ("2.0.1", ">=2.0.0 <2.5.0"), ("1.9.0", "[1.0.0...2.0.0)"), ("1.2.3", "~1.2")]

func check(_ sub: VersionRange, _ version: Version, _ pub: VersionRange) -> Int {
    if sub.isEmpty || !sub.contains(version) || !sub.intersects(pub) { return 0 }
    return pub.example(notIn: sub) == nil ? 2 : 1
}

func subscriptionRun(label: String, parse: Bool) {
    let parsedSubs = subscriptions.map { try! VersionRange($0) }
    let parsedPubs = publishers.map { (try! Version($0.0), try! VersionRange($0.1)) }
    var outcomes = [0, 0, 0]
    var totals: [Double] = []
    let rounds = 7
    for _ in 0..<rounds {
        outcomes = [0, 0, 0]
        let start = now()
        for i in 0..<100_000 {
            let s = i % subscriptions.count, p = (i / subscriptions.count) % publishers.count
            let result: Int
            if parse {
                result = check(try! VersionRange(subscriptions[s]), try! Version(publishers[p].0), try! VersionRange(publishers[p].1))
            } else {
                result = check(parsedSubs[s], parsedPubs[p].0, parsedPubs[p].1)
            }
            outcomes[result] += 1
        }
        totals.append(Double(now() - start) / 1e6)
    }
    totals.sort()
    print(
        label
            + String(
                format: ": median %.1f ms (min %.1f, max %.1f, %d rounds)",
                totals[totals.count / 2], totals.first!, totals.last!, rounds))
    print("  outcomes: errors \(outcomes[0]), partial-overlap warnings \(outcomes[1]), clean \(outcomes[2])")
}

subscriptionRun(label: "100,000 subscription checks, ranges parsed", parse: false)
subscriptionRun(label: "100,000 subscription checks, parsing included", parse: true)
