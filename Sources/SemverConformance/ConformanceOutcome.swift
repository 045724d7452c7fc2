// What running one conformance record gives, and the small accessors the per-file
// checks share.
import Foundation
import TakoSemver

/// The result of one record.
public enum ConformanceOutcome: Error, Sendable, Hashable {
    case passed
    case failed(expected: String, got: String)
    /// Deliberately not applied, with the reason (a node-only option, a documented
    /// deviation from Masterminds, data with no counterpart in the API).
    case skipped(reason: String)
}

/// One record's outcome with where it came from.
public struct ConformanceCase: Sendable, Hashable {
    public var file: String
    public var line: Int
    /// A short name: the record's input (`'^1.2' ∋ 1.3.0`).
    public var name: String
    /// The upstream `path:line` of the row.
    public var src: String
    public var outcome: ConformanceOutcome
}

/// All outcomes of one file.
public struct ConformanceFileReport: Sendable {
    public var file: String
    public var cases: [ConformanceCase]

    public var passed: Int { cases.filter { $0.outcome == .passed }.count }
    public var failed: [ConformanceCase] { cases.filter { if case .failed = $0.outcome { return true } else { return false } } }
    public var skipped: [ConformanceCase] { cases.filter { if case .skipped = $0.outcome { return true } else { return false } } }
}

/// A JSON record with typed accessors.
struct Record {
    let fields: [String: Any]

    func string(_ key: String) -> String? { fields[key] as? String }
    func bool(_ key: String) -> Bool? { fields[key] as? Bool }
    func int(_ key: String) -> Int? { (fields[key] as? Int) ?? (fields[key] as? NSNumber)?.intValue }
    var src: String { string("src") ?? "" }

    /// node options after normalisation: `{}` (none), `loose`, `includePrerelease`.
    var nodeOptions: [String] {
        guard let o = fields["options"] as? [String: Any] else { return [] }
        return o.keys.filter { (o[$0] as? Bool) ?? false }.sorted()
    }
    var hasRawOptions: Bool { fields["options_raw"] != nil }
}

/// Shared helpers for checks.
enum Check {
    static func expectBool(_ expected: Bool?, _ got: Bool) -> ConformanceOutcome {
        guard let expected else { return .failed(expected: "a boolean in the record", got: "\(got)") }
        return expected == got ? .passed : .failed(expected: "\(expected)", got: "\(got)")
    }

    /// Parses a range; a rejection by one of the documented deviations becomes a skip.
    static func range(_ text: String, includePrerelease: Bool = false) -> Result<VersionRange, ConformanceOutcome> {
        switch VersionRange.parse(text, includePrerelease: includePrerelease) {
        case .success(let r): return .success(r)
        case .failure(let e):
            if deviationIDs.contains(e.id) {
                return .failure(.skipped(reason: "deviation (docs/semver.md): \(e.message) [\(e.id.rawValue)]"))
            }
            return .failure(.failed(expected: "a valid range", got: "error: \(e)"))
        }
    }

    static let deviationIDs: Set<SemverDiagnosticID> = [.caretWildcard, .tildeZero, .wildcardComparison]

    /// True when the range text uses a form the project rejects on purpose.
    static func isDeviation(_ text: String) -> Bool {
        if case .failure(let e) = VersionRange.parse(text) { return deviationIDs.contains(e.id) }
        return false
    }
}
