import Foundation
import TakoBasics
import Testing

@testable import TakoLowering

/// The golden layout of one file (Tests/Golden/README.md): each `NAME.yml` of
/// `Tests/Golden/diagnostics`, `lowering` and `suppressions` must give exactly `NAME.out`,
/// the diagnostics `takoc check NAME.yml` prints: lowering, then the suppression post-pass,
/// sorted, rendered as text. `TAKO_UPDATE_GOLDEN=1` rewrites the `.out` files after a
/// deliberate change.
@Suite struct GoldenFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")
    static let suites = ["diagnostics", "lowering", "suppressions"]

    static func cases(in suite: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(suite).path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.map { "\(suite)/\($0.dropLast(4))" }.sorted()
    }

    static var allCases: [String] { suites.flatMap { cases(in: $0) } }

    /// What `takoc check` prints for one file, without its summary line.
    static func check(_ path: String, _ bytes: [UInt8]) -> (diagnostics: [Diagnostic], text: String) {
        let lowered = Lowering.lower(path: path, bytes: bytes)
        let diagnostics = Suppressions.apply(lowered.diagnostics, sources: [lowered.source]).sortedForOutput()
        return (diagnostics, DiagnosticRenderer(sources: [lowered.source]).render(diagnostics, as: .text))
    }

    @Test(arguments: suites) func everySuiteHasCases(_ suite: String) {
        #expect(!Self.cases(in: suite).isEmpty, "no NAME.yml found in \(Self.root.path)/\(suite): was the folder moved?")
    }

    @Test(arguments: allCases) func matchesGolden(_ name: String) throws {
        let yml = Self.root.appendingPathComponent(name + ".yml")
        let out = Self.root.appendingPathComponent(name + ".out")
        let file = String(name.split(separator: "/").last!) + ".yml"
        let result = Self.check(file, [UInt8](try Data(contentsOf: yml)))
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil { try Data(result.text.utf8).write(to: out) }
        let expected = try String(contentsOf: out, encoding: .utf8)
        #expect(result.text == expected, "diagnostics of \(name).yml differ from \(name).out")
        if !name.hasPrefix("suppressions/") {
            #expect(!result.diagnostics.isEmpty, "a golden case should show at least one diagnostic")
        }
    }
}
