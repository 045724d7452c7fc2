// `conformance semver [--json] [--show-skipped] FILE.jsonl ...`: runs the records of
// ../shared/conformance/semver, prints one line per failing case (file:line, name, src,
// expected, got), then `N passed, M failed, K skipped`. Exit 0 when nothing failed, 1
// when something did, 2 on a usage or I/O error.
import Foundation
import TakoSemver

public enum SemverConformanceRunner {
    public static func main(arguments: [String]) -> Int32 {
        var json = false, showSkipped = false
        var files: [String] = []
        for a in arguments {
            switch a {
            case "--json": json = true
            case "--show-skipped": showSkipped = true
            case let f where !f.hasPrefix("--"): files.append(f)
            default:
                FileHandle.standardError.write(
                    Data("conformance: unknown option '\(a)'\nusage: conformance semver [--json] [--show-skipped] FILE.jsonl ...\n".utf8))
                return 2
            }
        }
        if files.isEmpty {
            FileHandle.standardError.write(Data("usage: conformance semver [--json] [--show-skipped] FILE.jsonl ...\n".utf8))
            return 2
        }
        var passed = 0, failed = 0, skipped = 0
        for path in files {
            let report: ConformanceFileReport
            do { report = try run(file: URL(fileURLWithPath: path)) } catch {
                FileHandle.standardError.write(Data("conformance: cannot read \(path): \(error.localizedDescription)\n".utf8))
                return 2
            }
            passed += report.passed
            failed += report.failed.count
            skipped += report.skipped.count
            for c in report.cases {
                switch c.outcome {
                case .passed: continue
                case let .failed(expected, got): print(line(c, json: json, status: "fail", expected: expected, got: got))
                case let .skipped(reason) where showSkipped: print(line(c, json: json, status: "skip", expected: reason, got: ""))
                case .skipped: continue
                }
            }
        }
        if json {
            print(encode(["passed": passed, "failed": failed, "skipped": skipped]))
        } else {
            print("\(passed) passed, \(failed) failed, \(skipped) skipped")
        }
        return failed == 0 ? 0 : 1
    }

    private static func line(_ c: ConformanceCase, json: Bool, status: String, expected: String, got: String) -> String {
        if json {
            return encode([
                "file": c.file, "line": c.line, "name": c.name, "src": c.src, "status": status,
                status == "skip" ? "reason" : "expected": expected, "got": got,
            ])
        }
        if status == "skip" { return "\(c.file):\(c.line): skipped \(c.name) [\(c.src)]: \(expected)" }
        return "\(c.file):\(c.line): \(c.name) [\(c.src)]: expected \(expected), got \(got)"
    }

    private static func encode(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs every record of one file; which check applies is chosen by the file name.
    public static func run(file: URL) throws -> ConformanceFileReport {
        let name = file.lastPathComponent
        let text = try String(contentsOf: file, encoding: .utf8)
        var context = NodeContext()
        if name.hasPrefix("node-range-") {
            context.dialectPairs = dialectPairs(near: file)
        }
        var cases: [ConformanceCase] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                cases.append(
                    ConformanceCase(
                        file: name, line: index + 1, name: "(unreadable record)", src: "",
                        outcome: .failed(expected: "a JSON object", got: String(trimmed.prefix(60)))))
                continue
            }
            let record = Record(fields: object)
            let (caseName, outcome) = check(name, record, context)
            cases.append(ConformanceCase(file: name, line: index + 1, name: caseName, src: record.src, outcome: outcome))
        }
        return ConformanceFileReport(file: name, cases: cases)
    }

    static func check(_ file: String, _ r: Record, _ ctx: NodeContext) -> (String, ConformanceOutcome) {
        switch file.replacingOccurrences(of: ".jsonl", with: "") {
        case "masterminds-constraints": return MastermindsChecks.constraint(r)
        case "masterminds-versions": return MastermindsChecks.version(r)
        case "masterminds-comparisons": return MastermindsChecks.comparison(r)
        case "masterminds-constraint-parse": return MastermindsChecks.constraintParse(r)
        case "dialect-diff": return MastermindsChecks.dialectDiff(r)
        case "node-range-include", "node-range-exclude": return NodeChecks.include(r, ctx)
        case "node-range-intersects": return NodeChecks.intersects(r)
        case "node-subset": return NodeChecks.subset(r)
        case "node-range-parse": return NodeChecks.rangeParse(r)
        case "node-comparisons", "node-equality": return NodeChecks.comparison(r)
        case "node-valid-versions": return NodeChecks.validVersion(r)
        case "node-invalid-versions": return NodeChecks.invalidVersion(r)
        case "node-min-version": return NodeChecks.minVersion(r)
        case "node-outside": return NodeChecks.outside(r)
        default: return ("record", .skipped(reason: "no check for file \(file)"))
        }
    }

    /// The `constraint|version` pairs of dialect-diff.jsonl based on node's own tests.
    static func dialectPairs(near file: URL) -> Set<String> {
        let url = file.deletingLastPathComponent().appendingPathComponent("dialect-diff.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var pairs: Set<String> = []
        for line in text.split(separator: "\n") {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let c = o["constraint"] as? String, let v = o["version"] as? String
            else { continue }
            pairs.insert(c + "|" + v)
        }
        return pairs
    }
}
