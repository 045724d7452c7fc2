import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Step logs, `tako logs`, `--stream` and `--events`, with the real binary.
@Suite struct LogTests {
    static func start(_ arguments: [String], in dir: TempDir) throws -> RunningProcess {
        try Binaries.start("tako", arguments, cwd: dir.url)
    }

    /// A log's lines without their time stamps.
    static func logLines(_ dir: TempDir, _ run: String, _ step: String) -> [String] {
        dir.lines("plan.json.checkpoint.logs/\(run)/\(step).log").map { line in
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            #expect(parts[0].count == 24 && parts[0].hasSuffix("Z"), "no time stamp: \(line)")
            return parts.count > 1 ? String(parts[1]) : ""
        }
    }

    @Test func aStepWritingToBothStreamsKeepsTheirOrderInItsLogAndItsFailureTail() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(
            in: dir, steps: [Plans.step("build", "echo compiling; echo 'error: x' >&2; echo linking; echo 'error: y' >&2; exit 3")])
        let result = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--report", dir.file("report.json")], in: dir)
        #expect(result.status == 1)
        let lines = Self.logLines(dir, "root", "build")
        #expect(
            lines == ["── attempt 1 of root/build ──", "compiling", "error: x", "linking", "error: y"]
                + lines.suffix(1), "\(lines)")
        #expect(lines.last?.hasPrefix("── exit code 3 after ") == true, "\(lines)")
        let log = dir.file("plan.json.checkpoint.logs/root/build.log")
        #expect(
            result.stdout.contains(
                """
                        │ compiling
                        │ error: x
                        │ linking
                        │ error: y
                        full log: \(log)
                """), "\(result.stdout)")
        let step = try ExecReport(at: dir.file("report.json")).step("root", "build")
        #expect(step?["tail"] as? [String] == ["compiling", "error: x", "linking", "error: y"])
        #expect(step?["log"] as? String == log)
    }

    @Test func aStepWithAStdoutOutputStillLogsBothStreams() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(
            in: dir, steps: [Plans.step("v", "echo 1.2.3; echo note >&2", outputs: [PlannedOutput(name: "version", source: .stdout)])])
        let result = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--report", dir.file("report.json")], in: dir)
        #expect(result.status == 0)
        #expect(Set(Self.logLines(dir, "root", "v").dropFirst().dropLast()) == ["1.2.3", "note"])
        #expect(dir.read("report.json").contains("\"version\" : \"1.2.3\""))
    }

    @Test func aLogOverItsCapKeepsItsHeadAndTailWithAMarker() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(in: dir, steps: [Plans.step("loud", "seq 1 5000")])
        let result = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--max-log", "8K"], in: dir)
        #expect(result.status == 0)
        let lines = Self.logLines(dir, "root", "loud")
        #expect(lines[1] == "1")
        #expect(
            lines.contains { $0.hasPrefix("── ") && $0.contains("lines dropped here: a log keeps 8 KiB of each attempt (--max-log) ──") },
            "\(lines.suffix(5))")
        #expect(lines[lines.count - 2] == "5000")
        let size =
            (try? FileManager.default.attributesOfItem(atPath: dir.file("plan.json.checkpoint.logs/root/loud.log"))[.size] as? Int) ?? 0
        #expect(size < 8192 + 300)
        let off = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--max-log", "8Ki"], in: dir)
        #expect(off.status == 2)
        #expect(off.stderr.contains("--max-log takes a size in bytes"))
    }

    @Test func takoLogsOfAFinishedExecAndFollowOfARunningOne() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(
            in: dir,
            steps: [
                Plans.step("a", "echo one"), Plans.step("b", "echo two; while ! test -f go; do sleep 0.05; done; echo three"),
            ])
        let exec = try Self.start(["exec", plan, "--workspace", dir.file("ws")], in: dir)
        #expect(ExecBinaryTests.poll { dir.read("plan.json.checkpoint.logs/root/b.log").contains(" two\n") })
        let follow = try Self.start(["logs", plan, "-f"], in: dir)
        #expect(
            ExecBinaryTests.poll { follow.stdoutSoFar.contains("root/b │ ") && follow.stdoutSoFar.contains(" two\n") },
            "\(follow.stdoutSoFar)")
        #expect(!follow.stdoutSoFar.contains("three"))
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        #expect(exec.wait().status == 0)
        // -f ends by itself once the exec has ended and every line was printed.
        let followed = follow.wait()
        #expect(followed.status == 0, "\(followed.stderr)")
        let shown = followed.stdout.split(separator: "\n").map(String.init)
        #expect(shown.contains { $0.hasPrefix("root/a │ ") && $0.hasSuffix(" one") }, "\(shown)")
        #expect(shown.contains { $0.hasPrefix("root/b │ ") && $0.hasSuffix(" three") }, "\(shown)")
        #expect(shown.last?.contains("── exit code 0 after ") == true, "\(shown)")

        let all = try Binaries.tako(["logs", plan], in: dir)
        #expect(all.status == 0)
        let lines = all.stdout.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.prefix(9) } == Array(repeating: "root/a │ ", count: 3) + Array(repeating: "root/b │ ", count: 4), "\(lines)")
        let one = try Binaries.tako(["logs", "--checkpoint", dir.file("plan.json.checkpoint"), "root/b"], in: dir)
        #expect(one.stdout == dir.read("plan.json.checkpoint.logs/root/b.log"))
        let none = try Binaries.tako(["logs", plan, "root/zz"], in: dir)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no step 'root/zz' started in the exec of"), "\(none.stderr)")
        #expect(none.stderr.contains("steps that started: root/a, root/b"), "\(none.stderr)")
        let missing = try Binaries.tako(["logs", dir.file("other.json")], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("there is no checkpoint at"), "\(missing.stderr)")
    }

    @Test func aSecretPrintedByAStepIsAbsentFromLogsStreamAndEvents() throws {
        let dir = TempDir()
        let secret = "s3cr3t-\(UUID().uuidString)"
        let plan = Plans.writeOneRun(
            in: dir, secrets: ["TAKO_TEST_TOKEN"],
            steps: [
                Plans.step(
                    "show", "echo token=$TAKO_TEST_TOKEN; echo \"err $TAKO_TEST_TOKEN\" >&2",
                    outputs: [PlannedOutput(name: "line", source: .stdout)]),
                Plans.step("fail", "echo \"leaking $TAKO_TEST_TOKEN\"; exit 1"),
            ])
        let environment: [String: String?] = ["TAKO_TEST_TOKEN": secret]
        let result = try Binaries.tako(
            [
                "exec", plan, "--workspace", dir.file("ws"), "--stream", "--events", dir.file("events.jsonl"),
                "--report", dir.file("report.json"),
            ], in: dir, environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("root/show │ token=***"), "\(result.stdout)")
        #expect(result.stdout.contains("root/fail │ leaking ***"), "\(result.stdout)")
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        #expect(Self.logLines(dir, "root", "show").contains("err ***"))
        let files = dir.everyPath()
        #expect(files.contains("events.jsonl") && files.contains("plan.json.checkpoint.logs/root/fail.log"))
        for name in files {
            #expect(!dir.read(name).contains(secret), "the secret is in \(name)")
        }
    }

    @Test func eightParallelStepsStreamThousandsOfLinesWithoutATornOrMixedLine() throws {
        let dir = TempDir()
        let children = (1...8).map { "c\($0)" }
        let filler = String(repeating: "0", count: 100)
        // Half write line by line (echo), half in large buffered blocks that cut lines in two (awk).
        func command(_ id: String, _ n: Int) -> String {
            n % 2 == 0
                ? "i=1; while [ $i -le 3000 ]; do echo \"\(id) line $i \(filler)\"; i=$((i+1)); done"
                : "awk 'BEGIN { for (i = 1; i <= 3000; i++) printf \"\(id) line %d \(filler)\\n\", i }'"
        }
        let plan = Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run("root", steps: [Plans.fanOut("fan", children: children)])
                ]
                    + children.enumerated().map {
                        Plans.run($0.element, parent: "root/fan", steps: [Plans.step("emit", command($0.element, $0.offset))])
                    }),
            in: dir)
        let result = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--stream", "--max-parallel", "8"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        var next: [String: Int] = [:]
        var bad: [String] = []
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) where line.contains(" │ ") {
            let parts = line.components(separatedBy: " │ ")
            let who = parts[0].trimmingCharacters(in: .whitespaces)
            let fields = parts.count == 2 ? parts[1].split(separator: " ") : []
            guard who.hasSuffix("/emit"), fields.count == 4, who == "\(fields[0])/emit", fields[1] == "line",
                Int(fields[2]) == (next[String(fields[0])] ?? 0) + 1, fields[3] == filler
            else {
                bad.append(String(line))
                continue
            }
            next[String(fields[0])] = Int(fields[2])
        }
        #expect(bad.isEmpty, "torn or mixed lines: \(bad.prefix(3))")
        #expect(next == Dictionary(uniqueKeysWithValues: children.map { ($0, 3000) }))
    }

    @Test func logsAfterASIGKILLAndAResumeHoldBothAttempts() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(
            in: dir,
            steps: [Plans.step("slow", "echo started-$TAKO_ATTEMPT; while ! test -f go; do sleep 0.05; done; echo ended-$TAKO_ATTEMPT")])
        let exec = try Self.start(["exec", plan, "--workspace", dir.file("ws")], in: dir)
        #expect(ExecBinaryTests.poll { dir.read("plan.json.checkpoint.logs/root/slow.log").contains("started-1") })
        exec.send(SIGKILL)
        _ = exec.wait()
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let resumed = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--resume"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stdout)")
        let lines = Self.logLines(dir, "root", "slow")
        #expect(
            Array(lines.prefix(5)) == [
                "── attempt 1 of root/slow ──", "started-1", "── attempt 2 of root/slow ──", "started-2", "ended-2",
            ],
            "\(lines)")
        #expect(lines.count == 6 && lines[5].hasPrefix("── exit code 0 after "), "\(lines)")
        let shown = try Binaries.tako(["logs", plan, "root/slow"], in: dir)
        #expect(shown.stdout.contains("started-1") && shown.stdout.contains("ended-2"))
    }

    @Test func noLogsKeepsNoLogFolder() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(in: dir, steps: [Plans.step("a", "echo hi; exit 2")])
        let result = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--no-logs"], in: dir)
        #expect(result.status == 1)
        #expect(result.stdout.contains("│ hi"))
        #expect(!result.stdout.contains("full log:"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("plan.json.checkpoint.logs")))
        // --dry-run runs nothing: an option about what steps print would be ignored, so it is refused.
        let dry = try Binaries.tako(["exec", plan, "--dry-run", "--events", dir.file("e.jsonl")], in: dir)
        #expect(dry.status == 2)
        #expect(dry.stderr.contains("--dry-run runs no step, so --events does not apply"), "\(dry.stderr)")
    }
}
