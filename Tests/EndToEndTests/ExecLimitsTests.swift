import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// Size limits of the real `tako exec`: an output over `--max-output` (default 1 MiB) fails
/// its step with a message that says so, and neither it nor a huge failure line reaches the
/// checkpoint, the report or the terminal whole.
@Suite struct ExecLimitsTests {
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
    }

    @Test func anOutputOverTheLimitFailsItsStepAndStaysOutOfEveryFile() async throws {
        let dir = TempDir(prefix: "tako-12b-limits-")
        func output(_ name: String, _ source: PlannedOutput.Source, _ path: String? = nil) -> [PlannedOutput] {
            [PlannedOutput(name: name, source: source, path: path)]
        }
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run(
                    "r1",
                    steps: [
                        // 10 MB on standard output, read as an output.
                        Plans.step("big", "head -c 10000000 /dev/zero | tr '\\0' a", outputs: output("v", .stdout), continueOnError: true),
                        // 2 MB in a file and in $TAKO_OUTPUTS.
                        Plans.step(
                            "file", "head -c 2000000 /dev/zero | tr '\\0' b > big.txt", outputs: output("v", .file, "big.txt"),
                            continueOnError: true),
                        Plans.step(
                            "line", "printf 'v=' >> \"$TAKO_OUTPUTS\"; head -c 2000000 /dev/zero | tr '\\0' c >> \"$TAKO_OUTPUTS\"",
                            outputs: output("v", .outputsFile), continueOnError: true),
                        // A 20 MB line, then a failure: the failure tail shows a little of it.
                        Plans.step("loud", "head -c 20000000 /dev/zero | tr '\\0' d; echo; exit 3", continueOnError: true),
                        // Under the limit: an output of 900 KB is kept.
                        Plans.step("fits", "head -c 900000 /dev/zero | tr '\\0' e", outputs: output("v", .stdout)),
                    ])
            ])
        let path = Plans.write(plan, in: dir)
        let report = dir.file("report.json")
        let r = try await Binaries.runAsync("tako", ["exec", path, "--workspace", dir.file("ws"), "--report", report], timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        let limit = "is over the limit of 1 MiB"
        #expect(r.stdout.contains("output 'v' \(limit) (the step wrote more than that to its standard output)"), "\(r.stdout.prefix(3000))")
        #expect(r.stdout.contains("output 'v' \(limit) (the file 'big.txt' is larger)"))
        #expect(r.stdout.contains("output 'v' \(limit) (its line in $TAKO_OUTPUTS is longer)"))
        #expect(r.stdout.contains("more bytes)"), "a cut line of the failure tail says so")
        // What a person sees and what the files keep stays small.
        #expect(r.stdout.utf8.count + r.stderr.utf8.count < 100_000, "the terminal got \(r.stdout.utf8.count) bytes")
        #expect(Self.size(path + ".checkpoint") < 1_500_000, "checkpoint of \(Self.size(path + ".checkpoint")) bytes")
        #expect(Self.size(report) < 1_500_000, "report of \(Self.size(report)) bytes")
        #expect(dir.read("report.json").contains(String(repeating: "e", count: 900_000)), "the output under the limit is kept")

        // --max-output lowers it: the 900 KB output is now refused too.
        try FileManager.default.removeItem(atPath: path + ".checkpoint")
        let low = try await Binaries.runAsync("tako", ["exec", path, "--workspace", dir.file("ws"), "--max-output", "64K"], timeout: 120)
        #expect(low.status == 1, "\(low.stderr)")
        #expect(low.stdout.contains("output 'v' is over the limit of 64 KiB (the step wrote more than that to its standard output)"))
        let bad = try await Binaries.runAsync("tako", ["exec", path, "--max-output", "lots"])
        #expect(bad.status == 2, "\(bad.status)")
        #expect(bad.stderr.contains("--max-output takes a size in bytes"), "\(bad.stderr)")
    }
}
