// Runs every record of ../shared/conformance/semver (relative to the package root)
// through the same checks as `conformance semver`, failing on any unexpected failure.
import Foundation
import SemverConformance
import Testing

enum ConformanceFolder {
    /// `<package root>/../shared/conformance/semver`, found from this file's path.
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TakoSemverTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared/conformance/semver")
        .standardizedFileURL

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { url.appendingPathComponent($0) }
    }

    static var isPresent: Bool { !files.isEmpty }
}

@Suite(
    "Semver conformance (../shared/conformance/semver)",
    .enabled(if: ConformanceFolder.isPresent, "../shared/conformance/semver is absent; conformance skipped"))
struct ConformanceSuiteTests {
    @Test("every file passes, skips only by documented rule", arguments: ConformanceFolder.files.map(\.lastPathComponent))
    func file(_ name: String) throws {
        let report = try SemverConformanceRunner.run(file: ConformanceFolder.url.appendingPathComponent(name))
        #expect(!report.cases.isEmpty)
        for c in report.failed {
            Issue.record("\(c.file):\(c.line): \(c.name) [\(c.src)]: \(c.outcome)")
        }
    }

    @Test("the files the issue targets pass without skips beyond the documented deviations")
    func targets() throws {
        for name in ["masterminds-constraints.jsonl", "masterminds-versions.jsonl", "dialect-diff.jsonl"] {
            let report = try SemverConformanceRunner.run(file: ConformanceFolder.url.appendingPathComponent(name))
            for c in report.skipped {
                guard case .skipped(let reason) = c.outcome else { continue }
                #expect(reason.hasPrefix("deviation"), "\(c.file):\(c.line) skipped: \(reason)")
            }
        }
    }
}
