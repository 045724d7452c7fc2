import TakoBasics
import TakoIR
import TakoSemver
import TakoSyntax

extension Lowerer {
    /// A subscription's `schema_version`: a range (Masterminds syntax or tako's interval
    /// notation). A syntax error points at the bad part inside the string; a range that
    /// accepts nothing is an error.
    mutating func schemaRange(_ node: YAMLNode) -> Located<VersionRange>? {
        guard let text = string(node, what: "'schema_version'") else { return nil }
        switch expressions.versionRange(text.value) {
        case .failure(let e):
            report(e, in: node)
            return nil
        case .success(let range):
            guard !range.isEmpty else {
                report(.emptyRange, "schema range '\(text.value)' accepts no version at all", at: node.range)
                return nil
            }
            return Located(range, at: node.range)
        }
    }

    /// An event's `schema_version`: one version (`1.2.0`), or a range of versions the
    /// publisher may emit (`^1.2`).
    mutating func declaredVersions(_ node: YAMLNode, text: String) -> VersionRange? {
        if case .success = Version.parse(text, mode: .strict), case .success(let exact) = expressions.versionRange("=" + text) {
            return exact
        }
        let looksLikeRange = text.contains { "^~<>=*xX|, [()".contains($0) }
        if looksLikeRange, case .success(let range) = expressions.versionRange(text), !range.isEmpty {
            return range
        }
        let failure: SemverParseError?
        if looksLikeRange {
            if case .failure(let e) = expressions.versionRange(text) { failure = e } else { failure = nil }
        } else {
            if case .failure(let e) = Version.parse(text, mode: .strict) { failure = e } else { failure = nil }
        }
        if let failure {
            report(failure, in: node)
        } else {
            report(.emptyRange, "schema range '\(text)' accepts no version at all", at: node.range)
        }
        return nil
    }

    private mutating func report(_ e: SemverParseError, in node: YAMLNode) {
        let positions = ScalarPositions(node: node, source: file.source)
        let range = SourceRange(
            path: node.range.path, start: positions.location(at: e.columns.lowerBound - 1),
            end: positions.location(at: max(e.columns.upperBound - 1, e.columns.lowerBound)))
        report(e.id.diagnosticID, e.message, at: range)
    }
}
