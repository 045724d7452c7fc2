import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

#if canImport(Glibc)
import Glibc
#endif

/// Crash injection: the real `tako` is killed with SIGKILL at seeded random moments, then
/// resumed until done. A step that had finished before a kill never runs again, every step
/// runs at least once, and the outputs equal an uninterrupted run's.
@Suite struct CrashTests {
    static let trials = 25

    /// 6 runs, 32 command steps and a fan-out; each step appends `RUN/STEP` to the log and
    /// passes an output on to the next one.
    static func plan(_ dir: TempDir) -> Plan {
        let log = dir.file("log")
        func step(_ id: String, _ value: String) -> PlannedStep {
            Plans.step(
                id, "echo \"$TAKO_RUN_ID/$TAKO_STEP_ID\" >> \(log); sleep 0.02; echo \(value)",
                outputs: [PlannedOutput(name: "v", source: .stdout)])
        }
        let children = (1...5).map { "child\($0)" }
        var runs = [
            Plans.run(
                "root",
                steps: [
                    step("prepare", "seed"),
                    Plans.fanOut("fan", children: children, payload: ["seed": .template("{{ steps.prepare.outputs.v }}-x")], limit: 3),
                    step("finish", "{{ steps.prepare.outputs.v }}-done"),
                ])
        ]
        for child in children {
            var steps = [step("s1", "{{ inputs.seed }}-\(child)")]
            for k in 2...6 { steps.append(step("s\(k)", "{{ steps.s\(k - 1).outputs.v }}.\(k)")) }
            runs.append(Plans.run(child, parent: "root/fan", inputs: ["seed": .template("{{ event.payload.seed }}")], steps: steps))
        }
        return Plans.plan(root: dir.path, runs: runs)
    }

    static func outputs(ofReport path: String) throws -> [String: [String: String]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcome = try JSONDecoder().decode(ExecOutcome.self, from: data)
        var out: [String: [String: String]] = [:]
        for run in outcome.runs { for step in run.steps { out["\(run.id)/\(step.id)"] = step.outputs } }
        return out
    }

    static func counts(_ dir: TempDir) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in dir.lines("log") { counts[line, default: 0] += 1 }
        return counts
    }

    static func exec(_ dir: TempDir, resume: Bool) throws -> RunningProcess {
        try Binaries.start(
            "tako",
            [
                "exec", dir.file("plan.json"), "--workspace", dir.file("ws"), "--max-parallel", "4",
                "--report", dir.file("report.json"),
            ] + (resume ? ["--resume"] : []), cwd: dir.url)
    }

    @Test func killedAtRandomMomentsThenResumedUntilDone() throws {
        let reference = TempDir()
        _ = Plans.write(Self.plan(reference), in: reference)
        let clock = ContinuousClock.now
        let uninterrupted = try Self.exec(reference, resume: false).wait()
        let fullRun = (ContinuousClock.now - clock).seconds
        try #require(uninterrupted.status == 0)
        let expected = try Self.outputs(ofReport: reference.file("report.json"))
        let allSteps = Set(Self.counts(reference).keys)
        #expect(allSteps.count == 32)
        #expect(Self.counts(reference).values.allSatisfy { $0 == 1 })

        var generator = SplitMix64(seed: 0x7A4B0)
        var checkedSteps = 0
        for trial in 0..<Self.trials {
            let dir = TempDir()
            _ = Plans.write(Self.plan(dir), in: dir)
            // Count of each step's log lines when it was first seen finished in the journal,
            // and the steps that had finished before the first kill.
            var frozen: [String: Int] = [:]
            var finishedBeforeFirstKill: Set<String> = []
            var resume = false
            var kills = 0
            // One or two kills per trial, the second one during a resume.
            let plannedKills = 1 + Int(generator.next() % 2)
            while kills < plannedKills {
                let process = try Self.exec(dir, resume: resume)
                let delay = Double(generator.next() % 1000) / 1000 * fullRun
                usleep(UInt32(delay * 1_000_000))
                process.send(SIGKILL)
                _ = process.wait()
                kills += 1
                resume = true
                usleep(150_000)  // steps orphaned by the kill finish (each sleeps 20 ms)
                let journal = JournalState(replaying: (try? Checkpoint.records(at: dir.file("plan.json.checkpoint"))) ?? [])
                let counts = Self.counts(dir)
                for key in journal.succeeded where frozen["\(key)"] == nil && allSteps.contains("\(key)") {
                    frozen["\(key)"] = counts["\(key)"] ?? 0
                    if kills == 1 { finishedBeforeFirstKill.insert("\(key)") }
                }
            }
            var final: ProcessResult?
            for _ in 0..<5 {
                final = try Self.exec(dir, resume: true).wait()
                if final?.status == 0 { break }
            }
            #expect(final?.status == 0, "trial \(trial): \(final?.stderr ?? "")")
            let counts = Self.counts(dir)
            #expect(Set(counts.keys) == allSteps, "trial \(trial): steps that never ran")
            for step in finishedBeforeFirstKill {
                #expect(counts[step] == 1, "trial \(trial): \(step) finished before the kill but ran \(counts[step] ?? 0) times")
            }
            for (step, count) in frozen {
                #expect(counts[step] == count, "trial \(trial): \(step) ran again after it finished")
            }
            checkedSteps += frozen.count
            #expect(try Self.outputs(ofReport: dir.file("report.json")) == expected, "trial \(trial): outputs differ")
        }
        // The kills landed at moments where some steps had finished and others had not.
        #expect(checkedSteps > Self.trials)
    }
}
