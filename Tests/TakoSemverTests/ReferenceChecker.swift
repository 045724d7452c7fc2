// An independent statement of Masterminds/semver v3's `Constraints.Check`, written
// directly from its constraint functions, version by version, with no set model. The
// property tests compare `VersionRange.contains` (the set model) against it.
import TakoSemver
import TakoTestSupport

enum ReferenceChecker {
    static func check(_ syntax: RangeSyntax, _ v: Version, includePrerelease: Bool = false) -> Bool {
        syntax.alternatives.contains { alternative in
            switch alternative {
            case .comparators(let cs):
                let admit = includePrerelease || cs.contains { $0.version.isPrerelease }
                if v.isPrerelease && !admit { return false }
                return cs.allSatisfy { check($0, v) }
            case .interval(let i):
                let admit = includePrerelease || i.lower.isPrerelease || (i.upper?.isPrerelease ?? false)
                if v.isPrerelease && !admit { return false }
                let lowOK = i.lowerInclusive ? v >= i.lower : v > i.lower
                let highOK = i.upper.map { i.upperInclusive ? v <= $0 : v < $0 } ?? true
                return lowOK && highOK
            }
        }
    }

    static func check(_ c: Comparator, _ v: Version) -> Bool {
        let con = c.version
        let dirty = c.precision != .exact
        let minorDirty = c.precision == .major
        let patchDirty = c.precision == .minor
        switch c.op {
        case .none, .equal:
            return dirty ? tilde(c, v) : v == con
        case .notEqual:
            if dirty {
                if con.major != v.major { return true }
                if con.minor != v.minor && !minorDirty { return true }
                if minorDirty { return false }
                if con.patch != v.patch && !patchDirty { return true }
                if patchDirty {
                    if v.isPrerelease || con.isPrerelease { return v.prereleaseString != con.prereleaseString }
                    return false
                }
            }
            return v != con
        case .greater:
            if !dirty { return v > con }
            if v.major > con.major { return true }
            if v.major < con.major { return false }
            if minorDirty { return false }
            if patchDirty { return v.minor > con.minor }
            return v > con
        case .less:
            return v < con
        case .greaterOrEqual:
            return v >= con
        case .lessOrEqual:
            if !dirty { return v <= con }
            if v.major > con.major { return false }
            if v.major == con.major && v.minor > con.minor && !minorDirty { return false }
            return true
        case .tilde:
            return tilde(c, v)
        case .caret:
            if v < con { return false }
            if con.major > 0 || minorDirty { return v.major == con.major }
            if v.major > 0 { return false }
            if con.minor > 0 || patchDirty { return v.minor == con.minor }
            if v.minor > 0 { return false }
            return v.patch == con.patch
        }
    }

    static func tilde(_ c: Comparator, _ v: Version) -> Bool {
        let con = c.version
        if v < con { return false }
        if con.major == 0 && con.minor == 0 && con.patch == 0 && c.precision != .major && c.precision != .minor { return true }
        if v.major != con.major { return false }
        if v.minor != con.minor && c.precision != .major { return false }
        return true
    }
}

enum RangeGenerator {
    static let tags = ["alpha", "beta", "0", "1", "alpha.1"]
    static let ops = ["", "=", "!=", ">", ">=", "<", "<=", "~", "^", "~>", "=>", "=<"]

    static func version(_ g: inout SplitMix64, wildcards: Bool) -> String {
        let count = Int.random(in: 1...3, using: &g)
        var parts: [String] = []
        for _ in 0..<count {
            parts.append(wildcards && Int.random(in: 0..<8, using: &g) == 0 ? "x" : String(Int.random(in: 0...3, using: &g)))
        }
        if !wildcards { while parts.count < 3 && Bool.random(using: &g) { parts.append("0") } }
        var s = parts.joined(separator: ".")
        if Int.random(in: 0..<4, using: &g) == 0 { s += "-" + tags.randomElement(using: &g)! }
        return s
    }

    static func alternative(_ g: inout SplitMix64) -> String {
        if Int.random(in: 0..<6, using: &g) == 0 {
            let open = Bool.random(using: &g) ? "[" : "("
            let close = Bool.random(using: &g) ? "]" : ")"
            let upper = Int.random(in: 0..<5, using: &g) == 0 ? "" : version(&g, wildcards: false)
            return open + version(&g, wildcards: false) + "..." + upper + close
        }
        if Int.random(in: 0..<8, using: &g) == 0 {
            return version(&g, wildcards: true) + " - " + version(&g, wildcards: true)
        }
        let n = Int.random(in: 1...3, using: &g)
        return (0..<n).map { _ in ops.randomElement(using: &g)! + version(&g, wildcards: true) }.joined(separator: " ")
    }

    /// A range the dialect accepts.
    static func range(_ g: inout SplitMix64) -> VersionRange {
        while true {
            let n = Int.random(in: 1...2, using: &g)
            let text = (0..<n).map { _ in alternative(&g) }.joined(separator: " || ")
            if case .success(let r) = VersionRange.parse(text) { return r }
        }
    }

    /// Versions with a member in every region the generated ranges can tell apart:
    /// numbers up to 5 (ranges use 0...3, and their blocks end at 4), and tags between
    /// and around the tags ranges use.
    static let grid: [Version] = {
        let tails: [[String]] = [
            [], ["0"], ["0", "0"], ["1"], ["1", "0"], ["2"], ["alpha"], ["alpha", "0"], ["alpha", "1"],
            ["alpha", "1", "0"], ["alpha", "2"], ["beta"], ["beta", "0"], ["zeta"],
        ]
        var out: [Version] = []
        for major in 0...5 as ClosedRange<UInt64> {
            for minor in 0...5 as ClosedRange<UInt64> {
                for patch in 0...5 as ClosedRange<UInt64> {
                    for t in tails {
                        out.append(
                            Version(
                                major: major, minor: minor, patch: patch,
                                prerelease: t.map { PrereleaseIdentifier(Substring($0)) }))
                    }
                }
            }
        }
        return out
    }()
}
