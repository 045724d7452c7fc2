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
        var passed = 0
        var failed = 0
        for path in paths {
            let cases: [ConformanceCase]
            do {
                cases = try ConformanceCase.load(path: path)
            } catch {
                FileHandle.standardError.write(Data("conformance: cannot read \(path): \(error)\n".utf8))
                return 2
            }
            for c in cases {
                let outcome = c.run()
                if outcome.passed { passed += 1 } else { failed += 1 }
                if json {
                    let object: [String: Any] = ["file": c.file, "section": c.section, "name": c.name,
                                                 "passed": outcome.passed, "expected": outcome.expected, "got": outcome.got]
                    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                        print(String(decoding: data, as: UTF8.self))
                    }
                } else if !outcome.passed {
                    print("\(c.file) \(c.section) \(c.name): expected \(outcome.expected), got \(outcome.got)")
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }
}
