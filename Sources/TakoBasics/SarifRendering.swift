/// SARIF 2.1.0 output for code scanning (GitHub uploads it with
/// github/codeql-action/upload-sarif). One run, `tool.driver` named `takoc` with a rule per
/// diagnostic ID used, one result per diagnostic; notes become `relatedLocations`.
/// Columns count Unicode scalars, as every tako position does, so the run says
/// `columnKind: unicodeCodePoints`.
extension DiagnosticRenderer {
    public static let sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public func sarif(_ diagnostics: [Diagnostic]) -> String {
        let sorted = diagnostics.sortedForOutput()
        let ids = Array(Set(sorted.map(\.id))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let rules = ids.map { id in
            SarifLog.Rule(id: id, shortDescription: .init(text: DiagnosticCatalogue.summary(of: id)),
                          help: .init(text: "See the section '\(id)' of docs/diagnostics.md in the tako repository."))
        }
        let results = sorted.map { d in
            var message = d.message
            var related: [SarifLog.Location] = []
            for note in d.notes {
                if let range = note.range {
                    related.append(Self.sarifLocation(range, id: related.count, message: note.message))
                } else {
                    message += "\nnote: " + note.message
                }
            }
            return SarifLog.Result(
                ruleId: d.id, ruleIndex: ruleIndex[d.id] ?? 0, level: Self.sarifLevel(d.severity),
                message: .init(text: message),
                locations: d.range.map { [Self.sarifLocation($0, id: nil, message: nil)] } ?? [],
                relatedLocations: related.isEmpty ? nil : related)
        }
        let driver = SarifLog.Driver(name: "takoc", version: TakoVersion.string, semanticVersion: TakoVersion.string, rules: rules)
        let log = SarifLog(schema: Self.sarifSchemaURI, version: "2.1.0",
                           runs: [.init(tool: .init(driver: driver), results: results, columnKind: "unicodeCodePoints")])
        return CanonicalJSON.string(log) + "\n"
    }

    static func sarifLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func sarifLocation(_ range: SourceRange, id: Int?, message: String?) -> SarifLog.Location {
        // SARIF's end column is exclusive, like ours; an empty range still covers one character
        // so that code scanning has something to underline.
        var endLine = max(range.end.line, range.start.line)
        var endColumn = range.end.column
        if endLine == range.start.line && endColumn <= range.start.column {
            endLine = range.start.line
            endColumn = range.start.column + 1
        }
        let region = SarifLog.Region(startLine: max(1, range.start.line), startColumn: max(1, range.start.column),
                                     endLine: max(1, endLine), endColumn: max(1, endColumn))
        return SarifLog.Location(id: id, physicalLocation: .init(artifactLocation: .init(uri: sarifURI(range.file)), region: region),
                                 message: message.map { .init(text: $0) })
    }

    /// A file path as a URI reference: relative paths stay relative (code scanning resolves
    /// them against the repository root), absolute ones become `file://` URIs.
    static func sarifURI(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        let encoded = String(p).unicodeScalars.map { scalar -> String in
            let allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/"
            if scalar.isASCII, allowed.unicodeScalars.contains(scalar) { return String(scalar) }
            return String(scalar).utf8.map { byte in
                let hex = String(byte, radix: 16, uppercase: true)
                return "%" + (hex.count == 1 ? "0" + hex : hex)
            }.joined()
        }.joined()
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}

/// The shape of a SARIF 2.1.0 log, as much of it as takoc fills in.
struct SarifLog: Encodable {
    var schema: String
    var version: String
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema", version, runs
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var columnKind: String
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var help: Message
    }

    struct Message: Encodable { var text: String }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
    }

    struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Message?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable { var uri: String }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }
}

/// One line about each diagnostic ID: the SARIF rule descriptions and the headings of
/// docs/diagnostics.md (a test keeps both in step with the IDs the compiler emits).
public enum DiagnosticCatalogue {
    public static func summary(of id: String) -> String {
        if let known = summaries[id] { return known }
        if id.hasPrefix("cel-") { return "a CEL expression does not compile" }
        if id.hasPrefix("semver-") { return "a version or range does not parse" }
        return "a problem found by takoc"
    }

    public static let summaries: [String: String] = [
        // YAML
        "yaml-syntax": "the file is not well-formed YAML",
        "yaml-multiple-documents": "a tako.yml holds more than one YAML document",
        "yaml-unknown-alias": "an alias refers to no anchor defined before it",
        "yaml-alias-expansion": "aliases expand to too many nodes",
        "yaml-too-deep": "the YAML nesting is deeper than the parser allows",
        // Keys, types, names
        "missing-key": "a required key is missing, or the file is empty",
        "unknown-key": "a key that this context does not accept",
        "duplicate-key": "a key, or a named entry, given twice",
        "ignored-key": "a key of the Go tool that has no effect",
        "invalid-key": "a key that does not apply here",
        "wrong-type": "a value of the wrong YAML type",
        "invalid-value": "a value outside the accepted set",
        "invalid-name": "a name that breaks the naming rules",
        "invalid-event-type": "an event type that is not snake_case",
        "unsupported-version": "an empty version",
        "go-dialect": "a file read with the Go tool's meaning, because its version is not \"1\"",
        "go-ignored-key": "a key or value the Go tool ignored, in a file of its dialect",
        "out-of-range": "a number or duration outside its allowed range",
        "invalid-duration": "a duration that does not parse",
        // Inputs
        "invalid-validation": "a validation rule that does not fit the input",
        "invalid-default": "a default that does not have the input's type or fails its validation",
        "invalid-input": "a --input value of the wrong type or failing its validation",
        "missing-input": "a required input is not given",
        "unknown-input": "a reference to an input that does not exist",
        // Steps and templates
        "duplicate-id": "two steps of one workflow with the same id",
        "unknown-step": "a reference to a step that does not exist",
        "unknown-output": "a reference to an output the step does not declare",
        "output-not-yet": "a step output used before the step runs",
        "unknown-name": "a template hole that starts with an unknown name",
        "template-syntax": "a template hole that does not parse",
        "template-scope": "a name used where it is not available",
        "template-pipe": "an unknown or malformed pipe in a template hole",
        "template-type": "a template hole whose value has no text (a list or a map without '| json')",
        "shell-injection": "an event payload or step output spliced into a shell command without shell_quote",
        "path-escapes-repo": "a from_file path outside the repository",
        "unknown-builtin": "a 'uses' that names no built-in step",
        "unsupported-builtin": "a built-in of the Go tool that is not supported",
        "unknown-artifact": "an artifact that is not declared",
        "ambiguous-artifact": "an event that could belong to several artifacts",
        "undeclared-event": "a fan-out of an event that no earlier step declares",
        // Subscriptions and schema ranges
        "invalid-artifact-reference": "an artifact reference that is not owner/repo:artifact",
        "unknown-workflow": "a workflow that does not exist",
        "empty-range": "a schema range that accepts no version",
        "incompatible-schema": "a schema range that rejects the version the publisher declares",
        "partial-schema-overlap": "a schema range that accepts only part of what the publisher may emit",
        "unchecked-schema-range": "a schema range that cannot be checked, as the publisher declares no version",
        "unknown-payload-key": "a payload key that the publisher does not declare",
        "subscription-shadowed": "a subscription that an earlier one of the same file always wins over",
        "unknown-publisher": "a subscription to a repository that is not in the cache, so it cannot be checked",
        "unknown-event": "a subscription to an event that the publisher never emits",
        // Expressions
        "cel-syntax-error": "a CEL expression that does not parse",
        "cel-nesting-too-deep": "a CEL expression nested too deeply",
        "cel-invalid-literal": "a CEL literal that is not valid",
        "cel-reserved-identifier": "a CEL reserved word used as a name",
        "cel-invalid-macro": "a CEL macro called the wrong way",
        "cel-undeclared-reference": "a CEL name that is not declared",
        "cel-undefined-field": "a CEL field that the type does not have",
        "cel-no-matching-overload": "a CEL function or operator applied to the wrong types",
        "cel-type-mismatch": "a CEL expression of the wrong type",
        "cel-unknown-type": "a CEL type name that does not exist",
        "condition-error": "an 'if' that fails when the plan is made",
        "filter-error": "a subscription filter that fails when the plan is made",
        // Versions
        "semver-empty": "an empty version or range",
        "semver-unexpected-character": "a character a version or range cannot hold there",
        "semver-invalid-number": "a version number out of range or with a leading zero",
        "semver-invalid-prerelease": "a prerelease part that is not valid",
        "semver-invalid-build": "a build-metadata part that is not valid",
        "semver-too-many-parts": "a version with more than three numbers",
        "semver-partial-version": "a version with fewer than three numbers",
        "semver-leading-v": "a version with a leading 'v'",
        "semver-missing-version": "an operator with no version after it",
        "semver-empty-alternative": "an empty side of '||' or a stray comma",
        "semver-caret-wildcard": "a caret with a wildcard, whose meaning differs between tools",
        "semver-tilde-zero": "'~0.0.0', whose meaning differs between tools",
        "semver-wildcard-comparison": "a comparison with a bare wildcard",
        "semver-wildcard-in-interval": "a wildcard inside an interval",
        "semver-malformed-interval": "an interval that does not parse",
        // Planning
        "unknown-repository": "a repository that is not in the cache",
        "fan-out-cycle": "fan-outs that trigger each other in a cycle",
        "fan-out-too-deep": "a fan-out deeper than --max-depth",
        "too-many-runs": "a plan with more runs than the limit",
        // Suppressions
        "unused-suppression": "a tako:ignore comment that suppresses nothing",
        "invalid-suppression": "a tako:ignore comment without an ID or a reason",
    ]
}
