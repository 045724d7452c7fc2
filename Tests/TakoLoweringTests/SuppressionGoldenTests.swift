import Foundation
import TakoBasics
import Testing
@testable import TakoLowering

/// Golden pairs for `# tako:ignore`: each `Tests/Golden/suppressions/NAME.yml` lowered, with
/// the suppression post-pass applied as `takoc check` applies it, must give `NAME.out`.
/// `TAKO_UPDATE_GOLDEN=1` rewrites the `.out` files.
@Suite struct SuppressionGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden/suppressions")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func check(_ path: String, _ bytes: [UInt8]) -> (diagnostics: [Diagnostic], text: String) {
        let lowered = Lowering.lower(path: path, bytes: bytes)
        let diagnostics = Suppressions.apply(lowered.diagnostics, sources: [lowered.source])
        return (diagnostics, DiagnosticRenderer(sources: [lowered.source]).render(diagnostics, as: .text))
    }

    @Test(arguments: cases) func matchesGolden(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name + ".yml")))
        let out = Self.folder.appendingPathComponent(name + ".out")
        let text = Self.check(name + ".yml", bytes).text
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil { try Data(text.utf8).write(to: out) }
        #expect(text == (try String(contentsOf: out, encoding: .utf8)), "diagnostics of \(name).yml differ from \(name).out")
    }

    @Test func aSuppressionCoversItsLineOrTheNextOneOnly() {
        let yaml = "version: \"1\"\nworkflows:\n  w:\n    # tako:ignore ignored-key reviewed\n\n    image: x\n    steps: [make]\n"
        #expect(Self.check("t.yml", Array(yaml.utf8)).diagnostics.isEmpty)
        let far = "version: \"1\"\nworkflows:\n  w:\n    # tako:ignore ignored-key reviewed\n    steps: [make]\n    image: x\n"
        #expect(Self.check("t.yml", Array(far.utf8)).diagnostics.map(\.id) == ["unused-suppression", "ignored-key"])
    }

    @Test func errorsAreNeverSuppressed() {
        let yaml = "version: \"1\"\nworkflows:\n  w:\n    stpes: [make]  # tako:ignore unknown-key reviewed\n"
        let ids = Self.check("t.yml", Array(yaml.utf8)).diagnostics.map(\.id)
        #expect(ids.contains("unknown-key"))
        #expect(ids.contains("unused-suppression"))
    }

    @Test func aPlanDoesNotReportUnusedSuppressions() {
        let source = SourceFile(path: "t.yml", text: "version: \"1\"  # tako:ignore ignored-key reviewed\n")
        #expect(Suppressions.apply([], sources: [source], reportUnused: false).isEmpty)
        #expect(Suppressions.apply([], sources: [source]).map(\.id) == ["unused-suppression"])
    }

    @Test func crossRepositoryWarningsAreNotReportedUnusedByACheck() {
        let source = SourceFile(path: "t.yml", text: "subscriptions:  # tako:ignore subscription-shadowed kept for the LTS channel\n")
        #expect(Suppressions.apply([], sources: [source]).isEmpty)
    }
}
