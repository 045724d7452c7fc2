import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `tako step` is PID 1 of an Argo pod: Argo stops the pod (its `activeDeadlineSeconds`,
/// `argo stop`) with SIGTERM to it. The real binary with a real step that ignores SIGTERM:
/// tako stops the step's whole process group (SIGTERM, then SIGKILL after the grace period)
/// and exits with 128 + the signal's number.
@Suite struct StepSignalTests {
    /// A step whose shell and background child ignore SIGTERM, and which writes its process
    /// group's ID (its shell's PID) to `group` once both run.
    static func stubbornPlan(_ dir: TempDir) -> String {
        Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run(
                        "r1", steps: [Plans.step("stubborn", "trap '' TERM INT; sleep 300 & echo $$ > group.tmp; mv group.tmp group; wait")]
                    )
                ]), in: dir)
    }

    static func groupGone(_ group: Int32) -> Bool { kill(-group, 0) == -1 && errno == ESRCH }

    @Test(arguments: [(SIGTERM, "terminated"), (SIGINT, "interrupted")])
    func aSignalStopsTheStepsProcessGroupAndExitsWith128PlusIt(_ signal: Int32, _ word: String) async throws {
        let dir = TempDir(prefix: "tako-argo2-step-signal-")
        let plan = Self.stubbornPlan(dir)
        let process = try Binaries.start(
            "tako", ["step", "--plan", plan, "--run", "r1", "--step", "stubborn", "--workdir", dir.path, "--outputs-to", dir.file("out")],
            cwd: dir.url)
        try #require(ExecBinaryTests.poll { !dir.read("group").isEmpty }, "the step never started")
        let group = try #require(Int32(dir.read("group").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!Self.groupGone(group), "the step's process group runs before the signal")
        process.send(signal)
        let r = await process.finished(timeout: 60)
        #expect(!r.timedOut, "\(r.stderr)")
        #expect(r.status == 128 + signal, "\(r.stderr)")
        #expect(r.stderr.contains("tako: \(word): stopping r1/stubborn (SIGTERM to its processes, then SIGKILL after 5s"), "\(r.stderr)")
        #expect(r.stderr.contains("tako: r1/stubborn: interrupted"), "\(r.stderr)")
        #expect(dir.read("out/status") == "interrupted")
        // The shell and its `sleep` ignored SIGTERM: only the SIGKILL to the group ended them.
        #expect(ExecBinaryTests.poll(seconds: 10) { Self.groupGone(group) }, "process group \(group) outlived tako step")
    }
}
