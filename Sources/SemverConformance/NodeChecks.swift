// Checks for the node-semver files, applied where they carry over to the Masterminds
// dialect. What "applies" means, per file:
//
// - range include/exclude: rows without node options, unless `dialect-diff.jsonl` lists
//   the pair as a disagreement (checked there, the Masterminds way), or the version is a
//   prerelease and the answers differ (the README: all such disagreements come from the
//   two prerelease rules). An exclude row whose range or version Masterminds rejects
//   counts as "does not match".
// - intersects / subset: the portable rows (README): no options, no prerelease tag in
//   either range, neither range "".
// - range parse: node's desugared form uses `-0` upper bounds, which admit prereleases
//   in the Masterminds dialect, so the check is "same set of releases"; a range node
//   rejects must be rejected here too, unless Masterminds accepts it (leading zeros,
//   `1.x.5`): those rows are skipped as dialect differences.
// - versions, comparisons, equality: rows without options; node's 2^53 and 256-character
//   limits do not exist in Masterminds (uint64).
// - min-version: rows without options, minimum of the set.
// - outside (gtr/ltr): rows without options and without prerelease tags.
import Foundation
import TakoSemver

struct NodeContext {
    /// `range|version` pairs that dialect-diff.jsonl checks the Masterminds way.
    var dialectPairs: Set<String> = []
}

enum NodeChecks {
    /// `loose` only widens what node parses; where the input also parses in the
    /// Masterminds grammar, the answer is comparable, so such rows are applied.
    static func optionSkip(_ r: Record, allowLoose: Bool) -> ConformanceOutcome? {
        guard allowLoose, r.nodeOptions == ["loose"] else { return optionSkip(r) }
        return nil
    }

    static func optionSkip(_ r: Record) -> ConformanceOutcome? {
        // Rows with an exotic literal argument (`options_raw`) are applied when node's own
        // normalisation leaves no option set: they then run with the defaults.
        let options = r.nodeOptions
        if !options.isEmpty {
            let raw = r.hasRawOptions ? " (from \(r.string("options_raw") ?? ""))" : ""
            return .skipped(reason: "node option \(options.joined(separator: "+"))\(raw) has no Masterminds counterpart")
        }
        return nil
    }

    /// npm reads `""` and an empty side of `||` as `*`; Masterminds rejects both.
    static func hasEmptySide(_ range: String) -> Bool {
        range.components(separatedBy: "||").contains { $0.allSatisfy { $0 == " " || $0 == "\t" } }
    }
    static let emptySideReason = "npm reads an empty range or an empty side of '||' as *; Masterminds rejects it"

    static func hasPrereleaseTag(_ range: String) -> Bool {
        let s = Array(range.unicodeScalars)
        for (k, c) in s.enumerated() where c == "-" && k > 0 {
            let p = s[k - 1]
            if p.properties.isAlphabetic || ("0"..."9").contains(p) || p == "*" { return true }
        }
        return false
    }

    static func include(_ r: Record, _ ctx: NodeContext) -> (String, ConformanceOutcome) {
        let range = r.string("range") ?? "", version = r.string("version") ?? ""
        let expected = r.bool("expect") ?? false
        let name = "'\(range)' \(expected ? "∋" : "∌") \(version)"
        if let skip = optionSkip(r, allowLoose: true) { return (name, skip) }
        if hasEmptySide(range) { return (name, .skipped(reason: emptySideReason)) }
        if ctx.dialectPairs.contains(range + "|" + version) {
            return (name, .skipped(reason: "dialect difference, checked the Masterminds way in dialect-diff.jsonl"))
        }
        let parsed = VersionRange.parse(range)
        let v = Version.parse(version, mode: .coercing)
        switch (parsed, v) {
        case let (.success(rg), .success(v)):
            let got = rg.contains(v)
            if got != expected, v.isPrerelease {
                // The README: every npm/Masterminds disagreement on these rows involves a
                // prerelease (npm's same-triple rule vs Masterminds' per-group rule), apart
                // from the wildcard cases rejected above. dialect-diff.jsonl checks them.
                return (
                    name,
                    .skipped(
                        reason:
                            "prerelease version: npm's same-triple rule and Masterminds' group rule differ here (Masterminds answers \(got); dialect-diff.jsonl checks it)"
                    )
                )
            }
            return (name, Check.expectBool(expected, got))
        case (.failure(let e), _) where Check.deviationIDs.contains(e.id):
            return (name, .skipped(reason: "deviation (docs/semver.md): [\(e.id.rawValue)]"))
        default:
            if r.nodeOptions == ["loose"] {
                return (name, .skipped(reason: "npm loose spelling outside the Masterminds grammar"))
            }
            // A range or version the dialect rejects matches nothing.
            return (name, expected ? .failed(expected: "match", got: "rejected input") : .passed)
        }
    }

    static func portable(_ r: Record, _ a: String, _ b: String) -> ConformanceOutcome? {
        if let skip = optionSkip(r) { return skip }
        if a.isEmpty || b.isEmpty { return .skipped(reason: "not portable: node reads \"\" as *") }
        if hasPrereleaseTag(a) || hasPrereleaseTag(b) { return .skipped(reason: "not portable: prerelease tag (npm's same-triple rule)") }
        return nil
    }

    static func intersects(_ r: Record) -> (String, ConformanceOutcome) {
        let a = r.string("r1") ?? "", b = r.string("r2") ?? ""
        let name = "intersects('\(a)', '\(b)')"
        if let skip = portable(r, a, b) { return (name, skip) }
        guard case .success(let ra) = Check.range(a), case .success(let rb) = Check.range(b) else {
            return (name, .failed(expected: "valid ranges", got: "a parse error"))
        }
        let got = ra.intersects(rb)
        if got != rb.intersects(ra) { return (name, .failed(expected: "a symmetric answer", got: "asymmetric")) }
        return (name, Check.expectBool(r.bool("expect"), got))
    }

    static func subset(_ r: Record) -> (String, ConformanceOutcome) {
        let a = r.string("sub") ?? "", b = r.string("dom") ?? ""
        let name = "subset('\(a)', '\(b)')"
        if let skip = portable(r, a, b) { return (name, skip) }
        guard case .success(let ra) = Check.range(a), case .success(let rb) = Check.range(b) else {
            return (name, .failed(expected: "valid ranges", got: "a parse error"))
        }
        return (name, Check.expectBool(r.bool("expect"), ra.isSubset(of: rb)))
    }

    static func rangeParse(_ r: Record) -> (String, ConformanceOutcome) {
        let range = r.string("range") ?? ""
        let canonical = r.string("canonical")
        let name = "parse('\(range)')"
        if let skip = optionSkip(r, allowLoose: true) { return (name, skip) }
        let parsed = VersionRange.parse(range)
        guard let canonical else {
            if case .failure = parsed { return (name, .passed) }
            return (name, .skipped(reason: "npm rejects it, Masterminds accepts it (leading zeros or a number after a wildcard)"))
        }
        let target = canonical.isEmpty ? "*" : canonical
        switch (parsed, VersionRange.parse(target)) {
        case let (.success(a), .success(b)):
            let ra = a.versions.intersection(.releases), rb = b.versions.intersection(.releases)
            return (
                name,
                ra == rb
                    ? .passed
                    : .failed(
                        expected: "releases of '\(canonical)' (\(VersionRange(set: rb).canonical))",
                        got: VersionRange(set: ra).canonical)
            )
        case (.failure(let e), _):
            if Check.deviationIDs.contains(e.id) { return (name, .skipped(reason: "deviation (docs/semver.md): [\(e.id.rawValue)]")) }
            if hasEmptySide(range) { return (name, .skipped(reason: emptySideReason)) }
            if r.nodeOptions == ["loose"] { return (name, .skipped(reason: "npm loose spelling outside the Masterminds grammar")) }
            return (name, .failed(expected: "valid (npm: \(canonical))", got: "error: \(e)"))
        case (_, .failure(let e)):
            return (name, .skipped(reason: "npm's desugared form '\(canonical)' is not in the Masterminds dialect: \(e.message)"))
        }
    }

    static func comparison(_ r: Record) -> (String, ConformanceOutcome) {
        let a = r.string("a") ?? "", b = r.string("b") ?? "", expect = r.string("expect") ?? ""
        let name = "\(expect)(\(a), \(b))"
        if let skip = optionSkip(r, allowLoose: true) { return (name, skip) }
        if a != a.trimmingCharacters(in: .whitespaces) || b != b.trimmingCharacters(in: .whitespaces) {
            return (name, .skipped(reason: "npm trims whitespace around a version; Masterminds does not"))
        }
        guard let va = Version.lenient(a), let vb = Version.lenient(b) else {
            if r.nodeOptions == ["loose"] { return (name, .skipped(reason: "npm loose spelling outside Masterminds' version grammar")) }
            return (name, .failed(expected: "valid versions", got: "a parse error"))
        }
        let want = expect == "gt" ? 1 : expect == "lt" ? -1 : 0
        if va.compare(vb) != want || vb.compare(va) != -want || va.compare(va) != 0 || vb.compare(vb) != 0 {
            return (name, .failed(expected: "compare = \(want), reversed \(-want)", got: "\(va.compare(vb)), \(vb.compare(va))"))
        }
        return (name, .passed)
    }

    static func validVersion(_ r: Record) -> (String, ConformanceOutcome) {
        let text = r.string("version") ?? ""
        let name = "valid(\(text.debugDescription))"
        if let skip = optionSkip(r) { return (name, skip) }
        if text != text.trimmingCharacters(in: .whitespaces) {
            return (name, .skipped(reason: "npm trims whitespace around a version; Masterminds does not"))
        }
        guard case .success(let v) = Version.parse(text, mode: .coercing) else {
            return (name, .failed(expected: "valid", got: "a parse error"))
        }
        let pre = (r.fields["prerelease"] as? [Any] ?? []).map { "\($0)" }
        let build = (r.fields["build"] as? [Any] ?? []).map { "\($0)" }
        let want = "\(r.int("major") ?? -1).\(r.int("minor") ?? -1).\(r.int("patch") ?? -1) pre=\(pre) build=\(build)"
        let got = "\(v.major).\(v.minor).\(v.patch) pre=\(v.prerelease.map(\.description)) build=\(v.build)"
        return (name, want == got ? .passed : .failed(expected: want, got: got))
    }

    static func invalidVersion(_ r: Record) -> (String, ConformanceOutcome) {
        let text = r.string("version") ?? ""
        let name = "invalid(\(text.debugDescription))"
        if let skip = optionSkip(r) { return (name, skip) }
        if r.string("reason") == "too big" || text.count > 256 {
            return (name, .skipped(reason: "node's 2^53-1 / 256-character limits; Masterminds allows any uint64"))
        }
        if case .success(let v) = Version.parse(text, mode: .strict) { return (name, .failed(expected: "invalid", got: "valid \(v)")) }
        return (name, .passed)
    }

    static func minVersion(_ r: Record) -> (String, ConformanceOutcome) {
        let range = r.string("range") ?? ""
        let name = "minVersion('\(range)')"
        if let skip = optionSkip(r) { return (name, skip) }
        if hasPrereleaseTag(range) { return (name, .skipped(reason: "prerelease tag: npm's same-triple rule")) }
        let parsed: VersionRange
        switch Check.range(range) {
        case .success(let p): parsed = p
        case .failure(let o):
            if case .skipped = o { return (name, o) }
            if hasEmptySide(range) { return (name, .skipped(reason: emptySideReason)) }
            return (name, o)
        }
        let got = parsed.versions.minimum?.description ?? "null"
        let want = r.string("min") ?? "null"
        return (name, got == want ? .passed : .failed(expected: want, got: got))
    }

    static func outside(_ r: Record) -> (String, ConformanceOutcome) {
        let range = r.string("range") ?? "", version = r.string("version") ?? "", hilo = r.string("hilo") ?? ">"
        let name = "\(hilo == ">" ? "gtr" : "ltr")(\(version), '\(range)')"
        if let skip = optionSkip(r, allowLoose: true) { return (name, skip) }
        if hasPrereleaseTag(range) || version.contains("-") { return (name, .skipped(reason: "prerelease: npm's same-triple rule")) }
        guard case .success(let rg) = Check.range(range), let v = Version.lenient(version) else {
            return (name, .skipped(reason: "range or version outside the Masterminds dialect"))
        }
        // Entirely above: no member is >= v. Entirely below: no member is <= v.
        let side = try! VersionRange(hilo == ">" ? ">=\(v)" : "<=\(v)")
        return (name, Check.expectBool(r.bool("expect"), !rg.intersects(side)))
    }
}
