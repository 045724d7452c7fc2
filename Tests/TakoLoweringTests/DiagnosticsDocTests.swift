import Foundation
import TakoBasics
import Testing

@testable import TakoLowering

/// docs/diagnostics.md is generated: every entry of the catalogue (`DiagnosticID`) has a
/// section with its one-line summary and its documentation, a minimal input from
/// `Tests/Golden/diagnostics/ID.yml` and the exact output of `takoc check` on it (lowering
/// plus the suppression post-pass, rendered as text). IDs that only `takoc plan` reports
/// take their input and output from `Tests/Golden/diagnostics/plan/ID/` (checked by the
/// end-to-end tests, which run the real binary over a cache). `TAKO_UPDATE_GOLDEN=1`
/// rewrites the page.
@Suite struct DiagnosticsDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("Tests/Golden/diagnostics")
    static let doc = root.appendingPathComponent("docs/diagnostics.md")

    /// `takoc check tako.yml` on an example: the diagnostics, the summary line, the exit status.
    static func checkOutput(_ bytes: [UInt8]) -> (text: String, ids: Set<String>) {
        let lowered = Lowering.lower(path: "tako.yml", bytes: bytes)
        let diagnostics = Suppressions.apply(lowered.diagnostics, sources: [lowered.source]).sortedForOutput()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        var text = DiagnosticRenderer(sources: [lowered.source]).render(diagnostics, as: .text)
        text += "1 file checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        text += "$ echo $?\n\(errors > 0 ? 1 : 0)\n"
        return (text, Set(diagnostics.map(\.id.rawValue)))
    }

    static func fence(_ text: String, _ language: String = "") -> String {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        let ticks = body.contains("```") ? "~~~~" : "```"
        return "\(ticks)\(language)\n\(body)\(ticks)\n"
    }

    static func generate() throws -> (doc: String, missing: [String], silent: [String]) {
        let ids = DiagnosticID.allCases.sorted()
        var missing: [String] = [], silent: [String] = []
        var out = DiagnosticsDocText.header(count: ids.count)
        out += ids.map { "[`\($0)`](#\($0))" }.joined(separator: " · ") + "\n"
        for id in ids {
            out += "\n## \(id)\n\n\(id.severity.rawValue.capitalizedFirst): \(id.summary).\n\n\(id.documentation)\n\n"
            let single = examples.appendingPathComponent("\(id).yml")
            let plan = examples.appendingPathComponent("plan/\(id)")
            if let bytes = FileManager.default.contents(atPath: single.path) {
                let result = checkOutput([UInt8](bytes))
                if !result.ids.contains(id.rawValue) { silent.append(id.rawValue) }
                out += fence(String(decoding: bytes, as: UTF8.self), "yaml")
                out += "\n" + fence("$ takoc check tako.yml\n" + result.text)
            } else if FileManager.default.fileExists(atPath: plan.appendingPathComponent("expected.txt").path) {
                out += try DiagnosticsDocText.planSection(plan)
            } else if let why = DiagnosticsDocText.unreachable[id.rawValue] {
                out += why + "\n"
            } else {
                missing.append(id.rawValue)
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

    @Test func everyEntryHasItsOwnNameAndText() throws {
        #expect(Set(DiagnosticID.allCases.map(\.rawValue)).count == DiagnosticID.allCases.count)
        for id in DiagnosticID.allCases {
            #expect(id.rawValue.allSatisfy { $0 == "-" || $0.isLowercase || $0.isNumber }, "\(id)")
            #expect(!id.summary.isEmpty && !id.summary.hasSuffix("."), "\(id): a summary is one line without a final period")
            #expect(id.documentation.hasSuffix("."), "\(id): the documentation is sentences")
            #expect(id.severity != .note, "\(id)")
        }
    }

    @Test func everyExampleIsForAnIDTheCompilerEmits() throws {
        let ids = Set(DiagnosticID.allCases.map(\.rawValue))
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".yml") }
        for name in names { #expect(ids.contains(String(name.dropLast(4))), "\(name) is for an ID the catalogue does not have") }
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
