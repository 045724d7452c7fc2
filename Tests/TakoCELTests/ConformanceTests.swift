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

@Suite("conformance runner output")
struct ConformanceRunnerTests {
    @Test func failingCasesAndTotals() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tako-cel-runner-\(UInt32.random(in: 0...UInt32.max)).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = [
            #"{"file": "demo", "section": "math", "name": "ok", "expr": "1 + 1", "bindings": {}, "expect": {"value": {"int": "2"}}}"#,
            #"{"file": "demo", "section": "math", "name": "wrong", "expr": "1 + 2", "bindings": {}, "expect": {"value": {"int": "4"}}}"#,
            #"{"file": "demo", "section": "vars", "name": "bound", "expr": "x * 2.0", "type_env": [{"name": "x", "kind": "ident", "type": "double"}], "bindings": {"x": {"double": 0.30000000000000004}}, "expect": {"value": {"double": 0.6000000000000001}}}"#,
        ]
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let report = try CELConformanceRunner.run(paths: [file.path], json: false)
        #expect(report.lines == ["demo math wrong: expected int(4), got int(3)", "2 passed, 1 failed"])
        let json = try CELConformanceRunner.run(paths: [file.path], json: true)
        #expect(json.lines.count == 4)
        #expect(json.lines[1] == #"{"expected":"int(4)","file":"demo","got":"int(3)","name":"wrong","passed":false,"section":"math"}"#)
    }
}
