// `conformance cel [--json] FILE.jsonl ...`: runs each case, prints one line per
// failing case (or, with --json, one JSON object per case), then `N passed, M failed`.

import Foundation

public enum CELConformanceRunner {
    public static func main(arguments: [String]) -> Int32 {
        var json = false
        var paths: [String] = []
        for argument in arguments {
            if argument == "--json" { json = true } else { paths.append(argument) }
        }
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: conformance cel [--json] FILE.jsonl ...\n".utf8))
            return 2
        }
        do {
            let report = try run(paths: paths, json: json)
            for line in report.lines { print(line) }
            return report.failed == 0 ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("conformance: \(error)\n".utf8))
            return 2
        }
    }

    /// What a run prints, and its counts.
    public struct Report: Sendable {
        public var lines: [String]
        public var passed: Int
        public var failed: Int
    }

    struct UnreadableFile: Error, CustomStringConvertible {
        var path: String
        var underlying: Error
        var description: String { "cannot read \(path): \(underlying)" }
    }

    /// Runs the cases of `paths` in order: failing cases as
    /// `file section name: expected X, got Y` (or every case as a JSON object), then
    /// the line `N passed, M failed`.
    public static func run(paths: [String], json: Bool) throws -> Report {
        var report = Report(lines: [], passed: 0, failed: 0)
        for path in paths {
            let cases: [ConformanceCase]
            do {
                cases = try ConformanceCase.load(path: path)
            } catch {
                throw UnreadableFile(path: path, underlying: error)
            }
            for c in cases {
                let outcome = c.run()
                if outcome.passed { report.passed += 1 } else { report.failed += 1 }
                if json {
                    let object: [String: Any] = [
                        "file": c.file, "section": c.section, "name": c.name,
                        "passed": outcome.passed, "expected": outcome.expected, "got": outcome.got,
                    ]
                    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                        report.lines.append(String(decoding: data, as: UTF8.self))
                    }
                } else if !outcome.passed {
                    report.lines.append("\(c.file) \(c.section) \(c.name): expected \(outcome.expected), got \(outcome.got)")
                }
            }
        }
        report.lines.append("\(report.passed) passed, \(report.failed) failed")
        return report
    }
}
