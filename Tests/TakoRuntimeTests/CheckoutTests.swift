import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

/// A real git repository made with the git CLI, cloned into a cache of contract.md's layout.
@Suite struct CheckoutTests {
    /// A source repository, its clone at `cache/repos/acme/lib/main`, and a plan over it.
    static func world(_ dir: TempDir, command: String) throws -> (plan: Plan, clone: String, commit: String) {
        let source = dir.file("source")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        _ = try Git.run(["init", "-q"], in: source)
        try "hello\n".write(toFile: source + "/file.txt", atomically: true, encoding: .utf8)
        _ = try Git.run(["add", "file.txt"], in: source)
        _ = try Git.run(["commit", "-q", "-m", "first"], in: source)
        let clone = dir.file("cache/repos/acme/lib/main")
        try FileManager.default.createDirectory(atPath: dir.file("cache/repos/acme/lib"), withIntermediateDirectories: true)
        _ = try Git.run(["clone", "-q", source, clone], in: dir.path)
        let commit = try Git.run(["rev-parse", "HEAD"], in: clone)
        let repository = PlannedRepository(name: "acme/lib", source: .cache, path: clone, branch: "main", commit: commit, files: [])
        let run = Plans.run(
            "root", repo: "acme/lib",
            steps: [
                Plans.step("look", command, outputs: [PlannedOutput(name: "text", source: .stdout)])
            ])
        let plan = Plans.plan(repositories: [repository], runs: [run], maxDepth: 4)
        return (plan, clone, commit)
    }

    @Test func stepsRunInAFreshCheckoutAndTheCacheIsUntouched() async throws {
        let dir = TempDir()
        let (plan, clone, commit) = try Self.world(dir, command: "cat file.txt; echo made > made.txt; git rev-parse HEAD")
        let outcome = try await execute(plan, in: dir, keepWorkspace: true)
        #expect(outcome.exitCode == 0)
        #expect(outcome.step("root", "look")?.outputs["text"] == "hello\n\(commit)")
        let checkout = dir.file("ws/runs/root")
        #expect(FileManager.default.fileExists(atPath: checkout + "/made.txt"))
        // Without --keep-workspace, a succeeded run's checkout (and the workspace) goes.
        let again = try await execute(plan, in: dir)
        #expect(again.exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.file("ws")))
        #expect(!FileManager.default.fileExists(atPath: clone + "/made.txt"))
        #expect(try Git.run(["status", "--porcelain"], in: clone).isEmpty)
        #expect(try Git.run(["rev-parse", "HEAD"], in: clone) == commit)
    }

    @Test func aBranchThatMovedMakesThePlanStale() async throws {
        let dir = TempDir()
        let (plan, clone, _) = try Self.world(dir, command: "true")
        try "more\n".write(toFile: clone + "/file.txt", atomically: true, encoding: .utf8)
        _ = try Git.run(["commit", "-q", "-am", "second"], in: clone)
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("a stale plan ran")
        } catch {
            #expect(error.kind == .stalePlan)
            #expect(error.message.contains("acme/lib (main)"))
            #expect(error.exitCode == 2)
        }
        let options = ExecOptions(planPath: dir.file("plan.json"), workspace: dir.file("ws"), allowStale: true)
        let outcome = try await Executor(plan: plan, options: options).execute()
        #expect(outcome.exitCode == 0)
    }

    @Test func aWorkspaceInsideTheCacheIsRefused() async throws {
        let dir = TempDir()
        let (plan, clone, _) = try Self.world(dir, command: "true")
        let options = ExecOptions(planPath: dir.file("plan.json"), workspace: clone + "/ws")
        await #expect(throws: ExecError.self) { try await Executor(plan: plan, options: options).execute() }
    }
}

@Suite struct WorkspaceTests {
    @Test func aCheckoutCutShortIsNotReusedOnResume() async throws {
        let dir = TempDir()
        let (plan, _, _) = try CheckoutTests.world(dir, command: "test -f file.txt && test ! -f junk")
        // What a crash in the middle of a checkout leaves: a partial folder, and no checkout.
        try FileManager.default.createDirectory(atPath: dir.file("ws/runs/.partial-root"), withIntermediateDirectories: true)
        try "x".write(toFile: dir.file("ws/runs/.partial-root/junk"), atomically: true, encoding: .utf8)
        let outcome = try await execute(plan, in: dir, resume: true)
        #expect(outcome.exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.file("ws/runs/.partial-root")))
    }

    @Test func aRootCheckoutThatIsGoneIsAPlanError() async throws {
        let dir = TempDir()
        let plan = Plans.plan(root: dir.file("gone"), runs: [Plans.run("root", steps: [Plans.step("a", "true")])])
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("ran in a folder that does not exist")
        } catch {
            #expect(error.kind == .workspace)
            #expect(error.exitCode == 2)
        }
    }
}
