import Foundation
import TakoBasics
import Testing
@testable import TakoLowering

/// docs/diagnostics.md is generated: every diagnostic ID the compiler's sources can emit has
/// a section with its one-line summary (DiagnosticCatalogue), a minimal input from
/// `Tests/Golden/diagnostics/ID.yml` and the exact output of `takoc check` on it (lowering
/// plus the suppression post-pass, rendered as text). IDs that only `takoc plan` reports
/// take their input and output from `Tests/Golden/diagnostics/plan/ID/` (checked by the
/// end-to-end tests, which run the real binary over a cache). `TAKO_UPDATE_GOLDEN=1`
/// rewrites the page.
@Suite struct DiagnosticsDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("Tests/Golden/diagnostics")
    static let doc = root.appendingPathComponent("docs/diagnostics.md")

    /// The compiler's modules: an ID written in one of them can reach a user.
    static let compilerModules = ["TakoBasics", "TakoSyntax", "TakoIR", "TakoExpressions", "TakoLowering", "TakoResolve", "TakoPlanner", "TakoDriver"]

    /// Every ID in the compiler's sources: `error("ID"`, `.warning("ID"`, `Diagnostic(.error, "ID"`,
    /// CEL diagnostic kinds as `cel-KIND`, and the semver parser's IDs.
    static func emittedIDs() throws -> Set<String> {
        var ids = Set<String>()
        let call = try Regex(#"(?:error|warning)\(\s*"([a-z][a-z0-9-]*)""#)
        let made = try Regex(#"Diagnostic\(\.(?:error|warning), "([a-z][a-z0-9-]*)""#)
        for module in compilerModules {
            for file in try swiftFiles(in: "Sources/\(module)") {
                let text = try String(contentsOf: file, encoding: .utf8)
                for m in text.matches(of: call) { if let s = m.output[1].substring { ids.insert(String(s)) } }
                for m in text.matches(of: made) { if let s = m.output[1].substring { ids.insert(String(s)) } }
            }
        }
        let raw = try Regex(#"case \w+ = "([a-z][a-z0-9-]*)""#)
        let cel = try String(contentsOf: root.appendingPathComponent("Sources/TakoCEL/AST/SourceInfo.swift"), encoding: .utf8)
        if let start = cel.range(of: "public enum Kind") {
            let body = cel[start.lowerBound...].prefix { $0 != "}" }
            for m in body.matches(of: raw) { if let s = m.output[1].substring { ids.insert("cel-" + s) } }
        }
        let semver = try String(contentsOf: root.appendingPathComponent("Sources/TakoSemver/SemverParseError.swift"), encoding: .utf8)
        for m in semver.matches(of: raw) { if let s = m.output[1].substring, s.hasPrefix("semver-") { ids.insert(String(s)) } }
        return ids
    }

    static func swiftFiles(in folder: String) throws -> [URL] {
        let url = root.appendingPathComponent(folder).resolvingSymlinksInPath()
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
    }

    /// `takoc check tako.yml` on an example: the diagnostics, the summary line, the exit status.
    static func checkOutput(_ bytes: [UInt8]) -> (text: String, ids: Set<String>) {
        let lowered = Lowering.lower(path: "tako.yml", bytes: bytes)
        let diagnostics = Suppressions.apply(lowered.diagnostics, sources: [lowered.source]).sortedForOutput()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        var text = DiagnosticRenderer(sources: [lowered.source]).render(diagnostics, as: .text)
        text += "1 file checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        text += "$ echo $?\n\(errors > 0 ? 1 : 0)\n"
        return (text, Set(diagnostics.map(\.id)))
    }

    static func fence(_ text: String, _ language: String = "") -> String {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        let ticks = body.contains("```") ? "~~~~" : "```"
        return "\(ticks)\(language)\n\(body)\(ticks)\n"
    }

    static func generate() throws -> (doc: String, missing: [String], silent: [String]) {
        let ids = try emittedIDs().sorted()
        var missing: [String] = [], silent: [String] = []
        var out = DiagnosticsDocText.header(count: ids.count)
        out += ids.map { "[`\($0)`](#\($0))" }.joined(separator: " · ") + "\n"
        for id in ids {
            out += "\n## \(id)\n\n\(DiagnosticCatalogue.summary(of: id).capitalizedFirst).\n\n"
            let single = examples.appendingPathComponent("\(id).yml")
            let plan = examples.appendingPathComponent("plan/\(id)")
            if let bytes = FileManager.default.contents(atPath: single.path) {
                let result = checkOutput([UInt8](bytes))
                if !result.ids.contains(id) { silent.append(id) }
                out += fence(String(decoding: bytes, as: UTF8.self), "yaml")
                out += "\n" + fence("$ takoc check tako.yml\n" + result.text)
            } else if FileManager.default.fileExists(atPath: plan.appendingPathComponent("expected.txt").path) {
                out += try DiagnosticsDocText.planSection(plan)
            } else if let why = DiagnosticsDocText.unreachable[id] {
                out += why + "\n"
            } else {
                missing.append(id)
                out += "No minimal input yet.\n"
            }
        }
        return (out, missing, silent)
    }

    @Test func theCatalogueIsUpToDate() throws {
        let generated = try Self.generate()
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil {
            try Data(generated.doc.utf8).write(to: Self.doc)
        }
        let current = (try? String(contentsOf: Self.doc, encoding: .utf8)) ?? ""
        #expect(current == generated.doc, "docs/diagnostics.md is stale: run the tests with TAKO_UPDATE_GOLDEN=1")
        #expect(generated.silent.isEmpty, "these examples do not produce their own ID: \(generated.silent)")
        #expect(generated.missing.count <= DiagnosticsDocText.knownGaps, "IDs without an example: \(generated.missing)")
    }

    @Test func theSourcesScanFindsTheCompilersIDs() throws {
        let ids = try Self.emittedIDs()
        for id in ["unknown-key", "yaml-syntax", "fan-out-cycle", "cel-syntax-error", "semver-empty", "unused-suppression"] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(ids.count > 60)
    }

    @Test func everyEmittedIDHasASarifDescription() throws {
        for id in try Self.emittedIDs() {
            #expect(DiagnosticCatalogue.summaries[id] != nil, "add '\(id)' to DiagnosticCatalogue.summaries (SarifRendering.swift)")
        }
    }

    @Test func everyExampleIsForAnIDTheCompilerEmits() throws {
        let ids = try Self.emittedIDs()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".yml") }
        for name in names { #expect(ids.contains(String(name.dropLast(4))), "\(name) is for an ID no source emits") }
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
