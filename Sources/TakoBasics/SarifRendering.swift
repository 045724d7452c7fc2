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
            SarifLog.Rule(
                id: id.rawValue, shortDescription: .init(text: id.summary),
                help: .init(
                    text: "See the section '\(id)' of docs/diagnostics.md in the tako repository."
                        + (id == .shellcheck
                            ? " Each result's property 'code' names ShellCheck's rule, explained at https://www.shellcheck.net/wiki/CODE."
                            : "")))
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
                ruleId: d.id.rawValue, ruleIndex: ruleIndex[d.id] ?? 0, level: Self.sarifLevel(d.severity),
                message: .init(text: message),
                locations: d.range.map { [Self.sarifLocation($0, id: nil, message: nil)] } ?? [],
                relatedLocations: related.isEmpty ? nil : related,
                fixes: d.fix.map { [Self.sarifFix($0)] },
                properties: d.code.map { SarifLog.Properties(code: $0) })
        }
        let driver = SarifLog.Driver(name: "takoc", version: TakocVersion.string, semanticVersion: TakocVersion.string, rules: rules)
        let log = SarifLog(
            schema: Self.sarifSchemaURI, version: "2.1.0",
            runs: [.init(tool: .init(driver: driver), results: results, columnKind: "unicodeCodePoints")])
        return CanonicalJSON.string(log) + "\n"
    }

    /// A fix as SARIF's `fix`: one `artifactChange` per file, its replacements in order.
    static func sarifFix(_ fix: DiagnosticFix) -> SarifLog.Fix {
        var files: [String] = []
        var byFile: [String: [SarifLog.Replacement]] = [:]
        for r in fix.replacements {
            if byFile[r.range.file] == nil { files.append(r.range.file) }
            let region = SarifLog.Region(
                startLine: max(1, r.range.start.line), startColumn: max(1, r.range.start.column),
                endLine: max(1, r.range.end.line), endColumn: max(1, r.range.end.column))
            byFile[r.range.file, default: []].append(SarifLog.Replacement(deletedRegion: region, insertedContent: .init(text: r.text)))
        }
        return SarifLog.Fix(
            description: .init(text: fix.description),
            artifactChanges: files.map {
                SarifLog.ArtifactChange(artifactLocation: .init(uri: sarifURI($0)), replacements: byFile[$0]!)
            })
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
        let region = SarifLog.Region(
            startLine: max(1, range.start.line), startColumn: max(1, range.start.column),
            endLine: max(1, endLine), endColumn: max(1, endColumn))
        return SarifLog.Location(
            id: id, physicalLocation: .init(artifactLocation: .init(uri: sarifURI(range.file)), region: region),
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
        var fixes: [Fix]?
        var properties: Properties?
    }

    /// A result's property bag: the external tool's rule (`SC2086`), when one found it.
    struct Properties: Encodable { var code: String }

    struct Fix: Encodable {
        var description: Message
        var artifactChanges: [ArtifactChange]
    }

    struct ArtifactChange: Encodable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }

    struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: Message
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
