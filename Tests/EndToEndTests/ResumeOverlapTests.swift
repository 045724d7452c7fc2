import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `tako exec` killed with SIGKILL while slow steps run, then resumed at once:
/// the resumed exec stops what the killed one left running before it starts those steps
/// again, so no two attempts of one step overlap. Each attempt's `sh` writes its own
/// timestamps (nanoseconds) while it lives, to a file of its own; the test compares them.
@Suite struct ResumeOverlapTests {
    static let trials = 10

    /// Root: two slow steps, a fan-out to three children of two slow steps each, a last
    /// slow step. A slow step ticks every 50 ms for about half a second.
    static func plan(_ dir: TempDir) -> Plan {
        let ticks = dir.file("ticks")
        func slow(_ id: String) -> PlannedStep {
            Plans.step(id, "f=\(ticks)/$TAKO_RUN_ID.$TAKO_STEP_ID.$$; for i in 1 2 3 4 5 6 7 8 9 10; do date +%s%N >> $f; sleep 0.05; done")
        }
        let children = ["c1", "c2", "c3"]
        var runs = [Plans.run("root", steps: [slow("a"), slow("b"), Plans.fanOut("fan", children: children), slow("z")])]
        for child in children { runs.append(Plans.run(child, parent: "root/fan", steps: [slow("s1"), slow("s2")])) }
        return Plans.plan(root: dir.path, runs: runs)
    }

    /// Each attempt's first and last timestamp, by `RUN.STEP`.
    static func attempts(_ dir: TempDir) throws -> [String: [(first: Int, last: Int)]] {
        var out: [String: [(first: Int, last: Int)]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.file("ticks")) {
            let stamps = dir.lines("ticks/" + name).compactMap { Int($0) }
            guard let first = stamps.min(), let last = stamps.max() else { continue }
            let step = name.split(separator: ".").dropLast().joined(separator: ".")
            out[step, default: []].append((first, last))
        }
        return out
    }

    static func exec(_ dir: TempDir, resume: Bool) throws -> RunningProcess {
        try Binaries.start(
            "tako",
            ["exec", dir.file("plan.json"), "--workspace", dir.file("ws"), "--max-parallel", "4"]
                + (resume ? ["--resume"] : []), cwd: dir.url)
    }

    @Test func aResumeAfterSIGKILLNeverOverlapsTheKilledExecsSteps() throws {
        var generator = SplitMix64(seed: 0x12B0_0005)
        var rerun = 0
        for trial in 0..<Self.trials {
            let dir = TempDir(prefix: "tako-12b-overlap-")
            try FileManager.default.createDirectory(atPath: dir.file("ticks"), withIntermediateDirectories: true)
            _ = Plans.write(Self.plan(dir), in: dir)
            let first = try Self.exec(dir, resume: false)
            // Killed somewhere in its first 1.5 s (a run takes about 2 s), mid-step mostly.
            usleep(UInt32(200_000 + generator.next() % 1_300_000))
            first.send(SIGKILL)
            _ = first.wait()
            let resumed = try Self.exec(dir, resume: true).wait(timeout: 60)
            #expect(resumed.status == 0, "trial \(trial): \(resumed.stdout)\n\(resumed.stderr)")
            let attempts = try Self.attempts(dir)
            #expect(attempts.count == 9, "trial \(trial): steps that never ran: \(attempts.keys.sorted())")
            for (step, spans) in attempts {
                let ordered = spans.sorted { $0.first < $1.first }
                for (earlier, later) in zip(ordered, ordered.dropFirst()) {
                    #expect(
                        earlier.last < later.first,
                        "trial \(trial): two attempts of \(step) overlap: one ticked until \(earlier.last), the next began at \(later.first)"
                    )
                }
                if spans.count > 1 { rerun += 1 }
            }
        }
        // The kills landed while steps ran: some steps ran twice.
        #expect(rerun >= Self.trials / 2, "only \(rerun) steps ran again after a kill")
    }
}
