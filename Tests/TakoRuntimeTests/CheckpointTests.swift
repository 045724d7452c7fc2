import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

@Suite struct CheckpointTests {
    static func countingPlan(_ dir: TempDir) -> Plan {
        let log = dir.file("log")
        return Plans.plan(
            root: dir.path,
            runs: [
                Plans.run(
                    "root",
                    steps: [
                        Plans.step("one", "echo one >> \(log); echo 1", outputs: [PlannedOutput(name: "n", source: .stdout)]),
                        Plans.step("two", "echo two >> \(log); test -f go", outputs: []),
                        Plans.step("three", "echo three-{{ steps.one.outputs.n }} >> \(log)"),
                    ])
            ])
    }

    @Test func resumeRunsOnlyWhatDidNotSucceed() async throws {
        let dir = TempDir()
        let plan = Self.countingPlan(dir)
        let first = try await execute(plan, in: dir)
        #expect(first.exitCode == 1)
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try await execute(plan, in: dir, resume: true)
        #expect(second.exitCode == 0)
        #expect(dir.lines("log") == ["one", "two", "two", "three-1"])
        #expect(second.step("root", "one")?.fromCheckpoint == true)
        #expect(second.step("root", "two")?.attempt == 2)
    }

    @Test func aSecondExecOnTheSameCheckpointRefuses() throws {
        let dir = TempDir()
        let path = dir.file("cp")
        let first = try Checkpoint.open(path: path, planDigest: "sha256:aa", resume: false)
        do {
            _ = try Checkpoint.open(path: path, planDigest: "sha256:aa", resume: true)
            Issue.record("two opens of one checkpoint")
        } catch {
            #expect(error.kind == .checkpointInUse)
        }
        withExtendedLifetime(first) {}
    }

    @Test func aTornLastRecordIsDroppedAndTheExecResumes() async throws {
        let dir = TempDir()
        let plan = Self.countingPlan(dir)
        _ = try await execute(plan, in: dir)
        let path = dir.file("plan.json.checkpoint")
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data.removeLast(9)
        try data.write(to: URL(fileURLWithPath: path))
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let outcome = try await execute(plan, in: dir, resume: true)
        #expect(outcome.exitCode == 0)
        #expect(try Checkpoint.records(at: path).last?.kind == .execFinished)
    }

    @Test func aFlippedByteIsRefused() async throws {
        let dir = TempDir()
        let plan = Self.countingPlan(dir)
        _ = try await execute(plan, in: dir)
        let path = dir.file("plan.json.checkpoint")
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let index = data.count / 2
        data[index] = data[index] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        try data.write(to: URL(fileURLWithPath: path))
        do {
            _ = try await execute(plan, in: dir, resume: true)
            Issue.record("a damaged checkpoint was trusted")
        } catch {
            #expect(error.kind == .checkpointDamaged)
            #expect(error.message.contains("Delete it"))
        }
    }

    @Test func anotherPlansCheckpointIsRefused() async throws {
        let dir = TempDir()
        _ = try await execute(Self.countingPlan(dir), in: dir)
        let other = Plans.plan(root: dir.path, runs: [Plans.run("root", steps: [Plans.step("x", "true")])])
        do {
            _ = try await execute(other, in: dir, resume: true)
            Issue.record("a foreign checkpoint was used")
        } catch {
            #expect(error.kind == .checkpointForeign)
            #expect(error.message.contains(other.digest))
        }
    }

    @Test func anUnfinishedExecIsNotStartedOverWithoutResume() async throws {
        let dir = TempDir()
        let plan = Self.countingPlan(dir)
        let path = dir.file("plan.json.checkpoint")
        let checkpoint = try Checkpoint.open(path: path, planDigest: plan.digest, resume: false)
        try await checkpoint.append(JournalRecord(kind: .execStarted))
        try await checkpoint.append(JournalRecord(kind: .stepStarted, run: "root", step: "one", attempt: 1))
        await checkpoint.close()
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("an unfinished exec was started over")
        } catch {
            #expect(error.kind == .checkpointUnfinished)
        }
        let resumed = try await execute(plan, in: dir, resume: true)
        #expect(resumed.step("root", "one")?.wasInterrupted == true)
        #expect(resumed.step("root", "one")?.attempt == 2)
    }

    @Test func recordsCarryAChecksumAndTheHeaderThePlanDigest() async throws {
        let dir = TempDir()
        let plan = Self.countingPlan(dir)
        _ = try await execute(plan, in: dir)
        let text = dir.read("plan.json.checkpoint")
        let first = try #require(text.split(separator: "\n").first)
        #expect(first.count > 17 && first.dropFirst(16).first == " ")
        #expect(first.contains(plan.digest))
        let records = try Checkpoint.records(at: dir.file("plan.json.checkpoint"))
        #expect(records.map(\.kind).contains(.stepFinished))
    }
}
