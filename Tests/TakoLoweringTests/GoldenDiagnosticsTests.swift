import Foundation
import TakoBasics
import Testing
@testable import TakoLowering

/// Golden pairs: each `Tests/Golden/lowering/NAME.yml` must give exactly `NAME.out`.
/// Run with `TAKO_UPDATE_GOLDEN=1` to rewrite the `.out` files after a deliberate change.
@Suite struct GoldenDiagnosticsTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden/lowering")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test(arguments: cases) func matchesGolden(_ name: String) throws {
        let yml = Self.folder.appendingPathComponent(name + ".yml")
        let out = Self.folder.appendingPathComponent(name + ".out")
        let bytes = [UInt8](try Data(contentsOf: yml))
        let lowered = Lowering.lower(path: name + ".yml", bytes: bytes)
        let text = DiagnosticRenderer(sources: [lowered.source]).render(lowered.diagnostics, as: .text)
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil {
            try Data(text.utf8).write(to: out)
        }
        let expected = try String(contentsOf: out, encoding: .utf8)
        #expect(text == expected, "diagnostics of \(name).yml differ from \(name).out")
        #expect(!lowered.diagnostics.isEmpty, "a golden case should show at least one diagnostic")
    }

    @Test func thereAreGoldenCases() {
        #expect(Self.cases.count >= 8)
    }
}
