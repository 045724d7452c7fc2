// Checks for the Masterminds/semver v3 files and the cross-dialect file.
import Foundation
import TakoSemver

enum MastermindsChecks {
    static func versionMode(_ parser: String?) -> VersionParseMode {
        switch parser {
        case "StrictNewVersion": return .strict
        case let p? where p.contains("CoerceNewVersion=false"): return .partial
        default: return .coercing
        }
    }

    /// `masterminds-constraints.jsonl`: does the version satisfy the constraint?
    static func constraint(_ r: Record) -> (String, ConformanceOutcome) {
        var text = r.string("constraint") ?? ""
        let versionText = r.string("version") ?? ""
        let name = "'\(text)' ∋ \(versionText)\(r.bool("include_prerelease") == true ? " (IncludePrerelease)" : "")"
        // The internal single-constraint parser reads "" as "*" (the public one rejects it).
        if text.isEmpty, r.string("api") == "parseConstraint+check" { text = "*" }
        return (
            name,
            satisfies(
                text, versionText, mode: versionMode(r.string("version_parser")),
                includePrerelease: r.bool("include_prerelease") ?? false, expected: r.bool("expect"))
        )
    }

    static func satisfies(
        _ rangeText: String, _ versionText: String, mode: VersionParseMode,
        includePrerelease: Bool, expected: Bool?
    ) -> ConformanceOutcome {
        let range: VersionRange
        switch Check.range(rangeText, includePrerelease: includePrerelease) {
        case .success(let r): range = r
        case .failure(let outcome): return outcome
        }
        switch Version.parse(versionText, mode: mode) {
        case .success(let v): return Check.expectBool(expected, range.contains(v))
        case .failure(let e): return .failed(expected: "a valid version", got: "error: \(e)")
        }
    }

    /// `masterminds-versions.jsonl`: validity, the normalised form, the error kind.
    static func version(_ r: Record) -> (String, ConformanceOutcome) {
        let text = r.string("version") ?? ""
        let parser = r.string("parser") ?? "NewVersion"
        let name = "\(parser)(\(text.debugDescription))"
        let result = Version.parse(text, mode: versionMode(parser))
        let valid = r.bool("valid") ?? false
        switch (result, valid) {
        case (.success(let v), true):
            if let normalized = r.string("normalized"), v.description != normalized {
                return (name, .failed(expected: normalized, got: v.description))
            }
            return (name, .passed)
        case (.success(let v), false):
            return (name, .failed(expected: "invalid", got: "valid \(v)"))
        case (.failure(let e), true):
            return (name, .failed(expected: "valid", got: "error: \(e)"))
        case (.failure(let e), false):
            if r.string("error") == "ErrSegmentStartsZero", !e.message.contains("leading zero") {
                return (name, .failed(expected: "a leading-zero error", got: "\(e)"))
            }
            return (name, .passed)
        }
    }

    /// `masterminds-comparisons.jsonl`: compare / lt / le / gt / ge / eq.
    static func comparison(_ r: Record) -> (String, ConformanceOutcome) {
        let a = r.string("a") ?? "", b = r.string("b") ?? "", op = r.string("op") ?? ""
        let name = "\(op)(\(a), \(b))"
        let mode = versionMode(r.string("version_parser"))
        guard let va = try? Version.parse(a, mode: mode).get(), let vb = try? Version.parse(b, mode: mode).get() else {
            return (name, .failed(expected: "valid versions", got: "a parse error"))
        }
        let c = va.compare(vb)
        switch op {
        case "compare":
            let expected = r.int("expect")
            return (name, expected == c ? .passed : .failed(expected: "\(expected.map(String.init) ?? "?")", got: "\(c)"))
        case "lt": return (name, Check.expectBool(r.bool("expect"), c < 0))
        case "le": return (name, Check.expectBool(r.bool("expect"), c <= 0))
        case "gt": return (name, Check.expectBool(r.bool("expect"), c > 0))
        case "ge": return (name, Check.expectBool(r.bool("expect"), c >= 0))
        case "eq": return (name, Check.expectBool(r.bool("expect"), c == 0))
        default: return (name, .skipped(reason: "unknown comparison '\(op)'"))
        }
    }

    /// `masterminds-constraint-parse.jsonl`: validity, operator and version of a single
    /// constraint, group counts, the `String()` form, and the hyphen rewrite (checked as
    /// "denotes the same set").
    static func constraintParse(_ r: Record) -> (String, ConformanceOutcome) {
        let text = r.string("constraint") ?? ""
        let api = r.string("api") ?? ""
        let name = "\(api)(\(text.debugDescription))"
        let parsed = VersionRange.parse(text)
        if api == "rewriteRange" {
            guard let rewritten = r.string("rewritten") else { return (name, .skipped(reason: "no rewritten form")) }
            guard let a = try? parsed.get(), let b = try? VersionRange.parse(rewritten).get() else {
                return (name, .failed(expected: "both forms valid", got: "a parse error"))
            }
            return (name, a == b ? .passed : .failed(expected: "the same set as '\(rewritten)' (\(b.canonical))", got: a.canonical))
        }
        let valid = r.bool("valid") ?? true
        guard case .success(let range) = parsed else {
            if case .failure(let e) = parsed { return (name, valid ? .failed(expected: "valid", got: "error: \(e)") : .passed) }
            return (name, .passed)
        }
        guard valid else { return (name, .failed(expected: "invalid", got: "valid: \(range.canonical)")) }
        let alternatives = range.syntax.alternatives
        if let op = r.string("op") {
            guard alternatives.count == 1, case .comparators(let cs) = alternatives[0], cs.count == 1 else {
                return (name, .failed(expected: "one comparator", got: range.syntax.sourceText))
            }
            let normalized = cs[0].op == .none ? "=" : cs[0].op.rawValue
            if normalized != op { return (name, .failed(expected: "operator \(op)", got: normalized)) }
            if let v = r.string("version"), cs[0].version.description != v {
                return (name, .failed(expected: "version \(v)", got: cs[0].version.description))
            }
        }
        if let groups = r.int("or_groups"), groups != alternatives.count {
            return (name, .failed(expected: "\(groups) OR groups", got: "\(alternatives.count)"))
        }
        if let and = r.int("and_in_first_group") {
            // A hyphen range is one constraint upstream after its rewrite into two.
            guard case .comparators(let cs) = alternatives[0] else { return (name, .failed(expected: "comparators", got: "an interval")) }
            if cs.count != and { return (name, .failed(expected: "\(and) constraints in the first group", got: "\(cs.count)")) }
        }
        if let string = r.string("string"), range.syntax.sourceText != string {
            return (name, .failed(expected: string, got: range.syntax.sourceText))
        }
        return (name, .passed)
    }

    /// `dialect-diff.jsonl`: where npm and Masterminds disagree, the Masterminds answer.
    static func dialectDiff(_ r: Record) -> (String, ConformanceOutcome) {
        let text = r.string("constraint") ?? ""
        let versionText = r.string("version") ?? ""
        let pre = r.bool("include_prerelease") ?? false
        let name = "'\(text)' ∋ \(versionText)\(pre ? " (IncludePrerelease)" : "")"
        if let verdict = r.string("masterminds") {
            // "constraint-invalid": Masterminds rejects the range.
            let parsed = VersionRange.parse(text, includePrerelease: pre)
            if case .failure = parsed { return (name, .passed) }
            return (name, .failed(expected: verdict, got: "valid range"))
        }
        return (name, satisfies(text, versionText, mode: .coercing, includePrerelease: pre, expected: r.bool("masterminds")))
    }
}
