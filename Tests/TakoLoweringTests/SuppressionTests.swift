import Foundation
import TakoBasics
import Testing

@testable import TakoLowering

/// `# tako:ignore`: what a suppression covers and what it never does. Its golden files are
/// in Tests/Golden/suppressions (GoldenFileTests).
@Suite struct SuppressionTests {
    static func check(_ path: String, _ bytes: [UInt8]) -> (diagnostics: [Diagnostic], text: String) {
        GoldenFileTests.check(path, bytes)
    }

    @Test func aSuppressionCoversItsLineOrTheNextOneOnly() {
        let yaml = "version: \"1\"\nworkflows:\n  w:\n    # tako:ignore ignored-key reviewed\n\n    image: x\n    steps: [make]\n"
        #expect(Self.check("t.yml", Array(yaml.utf8)).diagnostics.isEmpty)
        let far = "version: \"1\"\nworkflows:\n  w:\n    # tako:ignore ignored-key reviewed\n    steps: [make]\n    image: x\n"
        #expect(Self.check("t.yml", Array(far.utf8)).diagnostics.map(\.id) == [.unusedSuppression, .ignoredKey])
    }

    @Test func errorsAreNeverSuppressed() {
        let yaml = "version: \"1\"\nworkflows:\n  w:\n    stpes: [make]  # tako:ignore unknown-key reviewed\n"
        let ids = Self.check("t.yml", Array(yaml.utf8)).diagnostics.map(\.id)
        #expect(ids.contains(.unknownKey))
        #expect(ids.contains(.unusedSuppression))
    }

    @Test func aPlanDoesNotReportUnusedSuppressions() {
        let source = SourceFile(path: "t.yml", text: "version: \"1\"  # tako:ignore ignored-key reviewed\n")
        #expect(Suppressions.apply([], sources: [source], reportUnused: false).isEmpty)
        #expect(Suppressions.apply([], sources: [source]).map(\.id) == [.unusedSuppression])
    }

    @Test func crossRepositoryWarningsAreNotReportedUnusedByACheck() {
        let source = SourceFile(path: "t.yml", text: "subscriptions:  # tako:ignore subscription-shadowed kept for the LTS channel\n")
        #expect(Suppressions.apply([], sources: [source]).isEmpty)
    }
}
