import Foundation
import TakoPlanFormat
import TakoTestSupport

@testable import TakoRuntime

#if canImport(Glibc)
import Glibc
#endif

/// Runs a plan in-process with a checkpoint and workspace inside `dir`.
func execute(
    _ plan: Plan, in dir: TempDir, maxParallel: Int = 4, resume: Bool = false, failFast: Bool = false,
    killGrace: Duration = .milliseconds(500), environment: [String: String] = ProcessInfo.processInfo.environment,
    passEnv: [String] = [], keepWorkspace: Bool = false, conditions: any ConditionEvaluator = CELConditionEvaluator(),
    control: ExecControl = ExecControl()
) async throws(ExecError) -> ExecOutcome {
    let options = ExecOptions(
        planPath: dir.file("plan.json"), workspace: dir.file("ws"), maxParallel: maxParallel,
        resume: resume, failFast: failFast, killGrace: killGrace, environment: environment, passEnv: passEnv,
        keepWorkspace: keepWorkspace)
    let executor = Executor(plan: plan, options: options, conditions: conditions)
    // Other tests of this process start processes all the time; a child that has been
    // forked but has not exec'd yet still shares the previous exec's checkpoint descriptor,
    // and with it the flock, for a few milliseconds. One tako process has no such race.
    for _ in 0..<40 {
        do {
            return try await executor.execute(control: control)
        } catch  where error.kind == .checkpointInUse {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
    return try await executor.execute(control: control)
}

extension ExecOutcome {
    func run(_ id: String) -> RunResult? { runs.first { $0.id == id } }
    func step(_ run: String, _ step: String) -> StepResult? { self.run(run)?.steps.first { $0.id == step } }
}

/// Whether the process group whose id a step wrote to `pidFile` (`echo $$ > FILE`: a step's
/// shell leads its own group) has no process left, waiting up to 10 s for the system to
/// deliver a SIGKILL already sent. Nothing is timed: the answer is about the processes. No
/// file means the step was stopped before it wrote one (a loaded machine): nothing is left.
func processGroupEnds(_ pidFile: String) -> Bool {
    let text = ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    if text.isEmpty { return true }
    guard let group = Int32(text) else { return false }
    for _ in 0..<500 {
        if livingMembers(ofGroup: group).isEmpty { return true }
        usleep(20_000)
    }
    return false
}

/// The processes of a group that are not zombies (a killed child waits for its new parent to
/// reap it, which in a container may never happen), from /proc/PID/stat.
func livingMembers(ofGroup group: Int32) -> [Int32] {
    guard kill(-group, 0) == 0 else { return [] }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After "PID (NAME) ": state, ppid, pgrp.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
        return pid
    }
}
