import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The real `takoc` and `tako`: one exec, one workspace. Workspaces come from the checkpoint
/// and are locked; `--workspace` never reaches into the cache; finished checkouts go, and
/// `tako clean` removes what old execs left, never a workspace in use.
@Suite struct ExecWorkspaceTests {
    /// A cache with one repository, acme/app, whose workflow `hold` writes the exec's mark
    /// into its checkout, waits until `go` exists in `$TAKO_TEST_OUT` (or 60 s), and checks the
    /// file is still its own. Returns the plan's path.
    static func holdingPlan(in work: URL) async throws -> String {
        let example = work.appendingPathComponent("example/acme/app")
        try FileManager.default.createDirectory(at: example, withIntermediateDirectories: true)
        try """
        version: "1"
        workflows:
          hold:
            on: exec
            steps:
              - id: write
                run: echo "$TAKO_TEST_MARK" > mine && pwd > "$TAKO_TEST_OUT/pwd-$TAKO_TEST_MARK"
              - id: check
                run: i=0; while [ ! -f "$TAKO_TEST_OUT/go" ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done; test "$(cat mine)" = "$TAKO_TEST_MARK" && test "$TAKO_TEST_MARK" != fail

        """.write(to: example.appendingPathComponent("tako.yml"), atomically: true, encoding: .utf8)
        try await Binaries.makeCache(example: work.appendingPathComponent("example").path, in: work)
        let plan = work.appendingPathComponent("plan.json").path
        let p = try await Binaries.runAsync(
            "takoc",
            [
                "plan", "--repo", "acme/app", "--workflow", "hold",
                "--cache-dir", work.appendingPathComponent("cache").path, "-o", plan,
            ])
        guard p.status == 0 else { throw CommandFailed(command: "takoc plan", result: p) }
        return plan
    }

    static func environment(_ work: URL, mark: String) -> [String: String?] {
        [
            "HOME": work.appendingPathComponent("home").path, "TAKO_TEST_MARK": mark, "TAKO_TEST_OUT": work.path,
            "TAKO_PASS_ENV": "TAKO_TEST_MARK,TAKO_TEST_OUT",
        ]
    }

    static func started(_ checkpoint: String, _ step: String) -> Bool {
        ((try? Checkpoint.records(at: checkpoint)) ?? []).contains { $0.kind == .stepStarted && $0.step == step }
    }

    static func poll(seconds: Double = 60, _ condition: () -> Bool) -> Bool {
        for _ in 0..<Int(seconds * 50) {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    static func workspaces(_ work: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("home/.tako/workspaces").path)) ?? []).sorted()
    }

    /// Two execs of one plan at once, each with its own checkpoint and the default
    /// workspace: each step finds its own file after the other exec checked out, and both
    /// succeed; their workspaces are gone once they did.
    @Test func twoExecsOfOnePlanWithTwoCheckpointsDoNotShareCheckouts() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let plan = try await Self.holdingPlan(in: work)
        let first = work.appendingPathComponent("first.checkpoint").path
        let second = work.appendingPathComponent("second.checkpoint").path
        let a = try Binaries.start(
            "tako", ["exec", plan, "--checkpoint", first], cwd: work, environment: Self.environment(work, mark: "A"))
        #expect(Self.poll { Self.started(first, "check") })
        let b = try Binaries.start(
            "tako", ["exec", plan, "--checkpoint", second], cwd: work, environment: Self.environment(work, mark: "B"))
        #expect(Self.poll { Self.started(second, "check") })
        // Both are inside `check` now, A since before B checked out.
        _ = FileManager.default.createFile(atPath: work.appendingPathComponent("go").path, contents: nil)
        let ra = await a.finished(timeout: 120)
        let rb = await b.finished(timeout: 120)
        #expect(ra.status == 0, "\(ra.stdout)\(ra.stderr)")
        #expect(rb.status == 0, "\(rb.stdout)\(rb.stderr)")
        let pwdA = try String(contentsOf: work.appendingPathComponent("pwd-A"), encoding: .utf8)
        let pwdB = try String(contentsOf: work.appendingPathComponent("pwd-B"), encoding: .utf8)
        #expect(pwdA != pwdB)
        #expect(pwdA.hasPrefix(work.appendingPathComponent("home/.tako/workspaces/exec-").path), "\(pwdA)")
        #expect(Self.workspaces(work).isEmpty, "\(Self.workspaces(work))")
    }

    /// A second exec given the same --workspace as a running one is refused, exit 2.
    @Test func aWorkspaceInUseIsRefused() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let plan = try await Self.holdingPlan(in: work)
        let ws = work.appendingPathComponent("ws").path
        let first = work.appendingPathComponent("first.checkpoint").path
        let a = try Binaries.start(
            "tako", ["exec", plan, "--checkpoint", first, "--workspace", ws], cwd: work,
            environment: Self.environment(work, mark: "A"))
        #expect(Self.poll { Self.started(first, "check") })
        let b = try await Binaries.runAsync(
            "tako",
            [
                "exec", plan, "--checkpoint", work.appendingPathComponent("second.checkpoint").path,
                "--workspace", ws,
            ], cwd: work, environment: Self.environment(work, mark: "B"))
        #expect(b.status == 2)
        #expect(
            b.stderr.contains(
                "tako: error: the workspace '\(ws)' is in use by another tako exec (the exec of the checkpoint '\(first)'); "
                    + "give this one another --workspace"), "\(b.stderr)")
        _ = FileManager.default.createFile(atPath: work.appendingPathComponent("go").path, contents: nil)
        let ra = await a.finished(timeout: 120)
        #expect(ra.status == 0, "\(ra.stdout)\(ra.stderr)")
    }

    /// `--workspace` that is a file, inside the cache, or a link into it: exit 2 before any
    /// step, nothing written in the cache.
    @Test func aWorkspaceThatIsAFileOrInTheCacheIsRefused() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let plan = try await Self.holdingPlan(in: work)
        let file = work.appendingPathComponent("a-file").path
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let clone = work.appendingPathComponent("cache/repos/acme/app/main").path
        let link = work.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: clone)
        let cacheLink = work.appendingPathComponent("cache-link").path
        try FileManager.default.createSymbolicLink(atPath: cacheLink, withDestinationPath: work.appendingPathComponent("cache").path)
        let cases: [(String, String)] = [
            (file, "the workspace '\(file)' is a file, not a folder; give --workspace a folder (it is created when missing)"),
            (
                clone + "/ws",
                "the workspace '\(clone)/ws' is inside the cached clone of acme/app ('\(clone)'); tako exec never writes in the cache"
            ),
            (
                link,
                "the workspace '\(link)' is inside the cached clone of acme/app ('\(clone)') (through a symbolic link, it is '\(clone)')"
            ),
            (cacheLink + "/elsewhere", "is inside the cache ('\(work.appendingPathComponent("cache").path)') (through a symbolic link"),
        ]
        for (workspace, message) in cases {
            let r = try await Binaries.runAsync(
                "tako", ["exec", plan, "--workspace", workspace], cwd: work,
                environment: Self.environment(work, mark: "A"))
            #expect(r.status == 2, "\(workspace): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain"))
        }
        #expect(!FileManager.default.fileExists(atPath: clone + "/runs"))
        #expect(!FileManager.default.fileExists(atPath: clone + "/ws"))
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("pwd-A").path))
    }

    /// --keep-workspace keeps the checkouts; tako clean keeps a workspace in use and one that
    /// can be resumed (unless --all), and removes one whose exec succeeded.
    @Test func cleanRemovesWhatFinishedExecsLeftAndNeverAWorkspaceInUse() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let plan = try await Self.holdingPlan(in: work)
        let env = Self.environment(work, mark: "A")
        // A succeeded exec with --keep-workspace leaves its checkout.
        _ = FileManager.default.createFile(atPath: work.appendingPathComponent("go").path, contents: nil)
        let kept = try await Binaries.runAsync(
            "tako",
            [
                "exec", plan, "--checkpoint", work.appendingPathComponent("kept.checkpoint").path,
                "--keep-workspace",
            ], cwd: work, environment: env)
        #expect(kept.status == 0, "\(kept.stdout)\(kept.stderr)")
        #expect(Self.workspaces(work).count == 1)
        let keptFolder = work.appendingPathComponent("home/.tako/workspaces/" + (Self.workspaces(work).first ?? "")).path
        #expect(FileManager.default.fileExists(atPath: keptFolder + "/runs/r1/mine"), "\(Self.workspaces(work))")
        // A failed exec (the mark `fail` fails the check) keeps its workspace for --resume.
        let failedCheckpoint = work.appendingPathComponent("failed.checkpoint").path
        let failed = try await Binaries.runAsync(
            "tako", ["exec", plan, "--checkpoint", failedCheckpoint], cwd: work,
            environment: Self.environment(work, mark: "fail"))
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(Self.workspaces(work).count == 2)
        // A running exec.
        try FileManager.default.removeItem(at: work.appendingPathComponent("go"))
        let runningCheckpoint = work.appendingPathComponent("running.checkpoint").path
        let running = try Binaries.start("tako", ["exec", plan, "--checkpoint", runningCheckpoint], cwd: work, environment: env)
        #expect(Self.poll { Self.started(runningCheckpoint, "check") })
        #expect(Self.workspaces(work).count == 3)

        let dry = try await Binaries.runAsync("tako", ["clean", "--dry-run", "--all"], cwd: work, environment: env)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("2 to remove, 1 kept"), "\(dry.stdout)")
        #expect(Self.workspaces(work).count == 3)

        let clean = try await Binaries.runAsync("tako", ["clean"], cwd: work, environment: env)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("removed \(keptFolder): its exec succeeded"), "\(clean.stdout)")
        #expect(clean.stdout.contains(": in use by a running tako exec"), "\(clean.stdout)")
        #expect(
            clean.stdout.contains(": its exec failed; 'tako exec \(plan) --resume --checkpoint \(failedCheckpoint)' continues it"),
            "\(clean.stdout)")
        #expect(clean.stdout.contains("1 removed, 2 kept"), "\(clean.stdout)")
        #expect(Self.workspaces(work).count == 2)

        let all = try await Binaries.runAsync("tako", ["clean", "--all"], cwd: work, environment: env)
        #expect(all.stdout.contains("1 removed, 1 kept"), "\(all.stdout)")
        #expect(Self.workspaces(work).count == 1)
        // The running exec's checkout is intact: it still succeeds.
        _ = FileManager.default.createFile(atPath: work.appendingPathComponent("go").path, contents: nil)
        let r = await running.finished(timeout: 120)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(Self.workspaces(work).isEmpty, "\(Self.workspaces(work))")
    }
}
