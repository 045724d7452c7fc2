// Runs every case of ../shared/conformance/cel (when present): any tier-1 failure
// fails the test, and so does a tier-2 failure not listed in `knownFailures`.

import CELConformance
import Foundation
import Testing

enum ConformanceData {
    /// `../shared/conformance/cel` relative to the package root.
    static let folder: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/conformance/cel")

    static var present: Bool {
        let here = FileManager.default.fileExists(atPath: folder.path)
        if !here { print("skipping CEL conformance: \(folder.path) is absent") }
        return here
    }

    static let tier1: Set<String> = [
        "basic", "logic", "comparisons", "integer_math", "fp_math", "string", "lists", "fields",
        "macros", "conversions", "plumbing",
    ]

    /// Tier-2 cases known to fail, as `file/section/name`, each explained in docs/cel.md.
    static let knownFailures: Set<String> = []
}

@Suite("CEL conformance")
struct ConformanceTests {
    @Test(.enabled(if: ConformanceData.present, "../shared/conformance/cel is absent"))
    func everyCase() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ConformanceData.folder.path)
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(!files.isEmpty)
        var passed = 0
        for file in files {
            let cases = try ConformanceCase.load(path: ConformanceData.folder.appendingPathComponent(file).path)
            for c in cases {
                let outcome = c.run()
                let key = "\(c.file)/\(c.section)/\(c.name)"
                if outcome.passed {
                    passed += 1
                    continue
                }
                if ConformanceData.tier1.contains(c.file) || !ConformanceData.knownFailures.contains(key) {
                    Issue.record("\(key): expected \(outcome.expected), got \(outcome.got)")
                }
            }
        }
        print("CEL conformance: \(passed) cases passed")
    }
}
