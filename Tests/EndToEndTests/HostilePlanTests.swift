import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// Plans made by hand, not by takoc, with their digest recomputed (so it proves nothing
/// about who wrote them), run by the real `tako exec`: a plan of the wrong shape is refused
/// before any step runs, and nothing in the workspace is deleted; a `from_file:` output
/// never reads outside the run's checkout.
@Suite struct HostilePlanTests {
    /// A git repository with `file.txt`, `sub/inner.txt`, a link inside it (`inner ->
    /// sub/inner.txt`) and one out of it (`etclink -> /etc`), all committed; the repository
    /// of a plan whose runs are checked out under the workspace.
    static func repository(_ dir: TempDir) throws -> PlannedRepository {
        let source = dir.file("source")
        try FileManager.default.createDirectory(atPath: source + "/sub", withIntermediateDirectories: true)
        try "hello\n".write(toFile: source + "/file.txt", atomically: true, encoding: .utf8)
        try "inside\n".write(toFile: source + "/sub/inner.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: source + "/inner", withDestinationPath: "sub/inner.txt")
        try FileManager.default.createSymbolicLink(atPath: source + "/etclink", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: source + "/sub/up", withDestinationPath: "../..")
        _ = try Git.run(["init", "-q"], in: source)
        _ = try Git.run(["add", "-A"], in: source)
        _ = try Git.run(["commit", "-q", "-m", "first"], in: source)
        let commit = try Git.run(["rev-parse", "HEAD"], in: source)
        return PlannedRepository(name: "acme/lib", source: .cache, path: source, branch: nil, commit: commit, files: [])
    }

    static func plan(_ repository: PlannedRepository, _ runs: [PlannedRun]) -> Plan {
        Plans.plan(repositories: [repository], runs: runs, maxDepth: 8)
    }

    static func run(_ id: String, parent: String? = nil, _ steps: [PlannedStep]) -> PlannedRun {
        Plans.run(id, parent: parent, repo: "acme/lib", steps: steps)
    }

    /// A step that leaves a mark: it must never run in a refused plan.
    static func mark(_ dir: TempDir, _ id: String = "s") -> PlannedStep {
        Plans.step(id, "echo \"$TAKO_RUN_ID/$TAKO_STEP_ID\" >> \(dir.file("marks"))")
    }

    /// Each hostile plan of issue 12, by what it must be refused for (a text the message
    /// names the culprit with).
    static func hostile(_ dir: TempDir, _ repository: PlannedRepository) -> [(String, Plan, String)] {
        let fan = { (id: String, children: [String]) in Plans.fanOut(id, children: children) }
        return [
            (
                "run id '..'",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("fan", [".."])]),
                        run("..", parent: "r1/fan", [mark(dir)]),
                    ]), "run '..'"
            ),
            (
                "run id '.'",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("fan", ["."])]),
                        run(".", parent: "r1/fan", [mark(dir)]),
                    ]), "run '.'"
            ),
            (
                "run id with a slash",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("fan", ["a/../../x"])]),
                        run("a/../../x", parent: "r1/fan", [mark(dir)]),
                    ]), "run 'a/../../x'"
            ),
            (
                "empty run id",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("fan", [""])]),
                        run("", parent: "r1/fan", [mark(dir)]),
                    ]), "run ''"
            ),
            (
                "a control character in a step id",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir, "s\u{1B}[2J")])
                    ]), "step 's\\e[2J'"
            ),
            (
                "fan-out cycle r2 -> r1",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("fan", ["r2"])]),
                        run("r2", parent: "r1/fan", [mark(dir), fan("back", ["r1"])]),
                    ]), "run 'r1'"
            ),
            (
                "fan-out cycle without a root",
                plan(
                    repository,
                    [
                        run("r1", parent: "r2/fan", [mark(dir), fan("fan", ["r2"])]),
                        run("r2", parent: "r1/fan", [mark(dir), fan("fan", ["r1"])]),
                    ]), "cycle"
            ),
            (
                "cycle beside a root",
                plan(
                    repository,
                    [
                        run("r0", [mark(dir)]),
                        run("r1", parent: "r2/fan", [mark(dir), fan("fan", ["r2"])]),
                        run("r2", parent: "r1/fan", [mark(dir), fan("fan", ["r1"])]),
                    ]), "cycle of runs"
            ),
            (
                "duplicate run id",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("fan", ["r2"])]),
                        run("r2", parent: "r1/fan", [mark(dir)]),
                        run("r2", parent: "r1/fan", [mark(dir)]),
                    ]), "run 'r2' appears twice"
            ),
            (
                "duplicate step id",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), mark(dir)])
                    ]), "step 's' of run 'r1' appears twice"
            ),
            (
                "a run under two fan-outs",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("a", ["r2"]), fan("b", ["r2"])]),
                        run("r2", parent: "r1/a", [mark(dir)]),
                    ]), "run 'r2' is started by two fan-outs"
            ),
            (
                "a run listed twice by its fan-out",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), fan("fan", ["r2", "r2"])]),
                        run("r2", parent: "r1/fan", [mark(dir)]),
                    ]), "lists run 'r2' twice"
            ),
            (
                "a timeout of zero",
                plan(
                    repository,
                    [
                        run("r1", [Plans.step("s", "true", timeout: 0)])
                    ]), "step 's' of run 'r1': timeout_seconds is 0"
            ),
            (
                "a negative concurrency limit",
                plan(
                    repository,
                    [
                        run("r1", [mark(dir), Plans.fanOut("fan", children: ["r2"], limit: -1)]),
                        run("r2", parent: "r1/fan", [mark(dir)]),
                    ]), "step 'fan' of run 'r1': concurrency_limit is -1"
            ),
        ]
    }

    @Test func eachHostilePlanIsRefusedBeforeAnyStepAndNothingIsDeleted() async throws {
        let dir = TempDir(prefix: "tako-12b-hostile-")
        let repository = try Self.repository(dir)
        // What an earlier exec left in the workspace: another run's checkout and the folder
        // of all of them. A run ID `..` once made exec delete `runs/` whole.
        let workspace = dir.file("ws")
        try dir.write("kept\n", to: "ws/runs/other/keep.txt")
        try dir.write("kept\n", to: "ws/keep.txt")
        for (name, plan, culprit) in Self.hostile(dir, repository) {
            #expect(PlanFile.digest(of: plan) == plan.digest, "\(name): the test's plan has its digest recomputed")
            let path = Plans.write(plan, in: dir)
            try? FileManager.default.removeItem(atPath: path + ".checkpoint")
            let r = try await Binaries.runAsync("tako", ["exec", path, "--workspace", workspace, "--allow-stale"], timeout: 60)
            #expect(r.status == 2, "\(name): exit \(r.status)\n\(r.stdout)\n\(r.stderr)")
            #expect(r.stderr.hasPrefix("tako: error: "), "\(name): \(r.stderr)")
            #expect(r.stderr.contains(culprit), "\(name): the message does not name \(culprit): \(r.stderr)")
            #expect(!r.stderr.contains("\u{1B}"), "\(name): a raw escape reached the terminal")
            #expect(dir.read("marks").isEmpty, "\(name): a step ran: \(dir.read("marks"))")
            #expect(dir.read("ws/runs/other/keep.txt") == "kept\n", "\(name): another run's checkout was deleted")
            #expect(dir.read("ws/keep.txt") == "kept\n", "\(name): the workspace was emptied")
            let dry = try await Binaries.runAsync("tako", ["exec", path, "--dry-run"], timeout: 60)
            #expect(dry.status == 2 && dry.stderr.contains(culprit), "\(name) --dry-run: exit \(dry.status)\n\(dry.stderr)")
        }
        // The same workspace and repository with a plan of the right shape: it runs.
        let good = Self.plan(
            repository,
            [
                Self.run("r1", [Self.mark(dir), Plans.fanOut("fan", children: ["r2"])]),
                Self.run("r2", parent: "r1/fan", [Self.mark(dir)]),
            ])
        let path = Plans.write(good, in: dir)
        try? FileManager.default.removeItem(atPath: path + ".checkpoint")
        let r = try await Binaries.runAsync("tako", ["exec", path, "--workspace", workspace, "--allow-stale"], timeout: 60)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(dir.lines("marks") == ["r1/s", "r2/s"])
        #expect(dir.read("ws/runs/other/keep.txt") == "kept\n")
    }

    /// `from_file:` through a committed link out of the checkout, one a step made, `..` out
    /// of it and a link to `../..`: each fails the step with a message naming the path, and
    /// nothing of the file outside reaches the checkpoint, the report or the terminal. A link
    /// that stays inside the checkout is read.
    @Test func fromFileNeverLeavesTheCheckout() async throws {
        let dir = TempDir(prefix: "tako-12b-fromfile-")
        let repository = try Self.repository(dir)
        try "secret-outside-the-checkout\n".write(toFile: dir.file("outside.txt"), atomically: true, encoding: .utf8)
        func reading(_ id: String, _ path: String, command: String = "true") -> PlannedStep {
            Plans.step(id, command, outputs: [PlannedOutput(name: "v", source: .file, path: path)], continueOnError: true)
        }
        let plan = Self.plan(
            repository,
            [
                Self.run(
                    "r1",
                    [
                        reading("inside", "inner"),
                        reading("committed", "etclink/passwd"),
                        reading("made", "leak", command: "ln -s /etc/passwd leak"),
                        reading("madeRelative", "made/outside.txt", command: "ln -s ../../.. made"),
                        reading("dotdot", "../../outside.txt"),
                        reading("linkUp", "sub/up/outside.txt"),
                        reading("absolute", dir.file("outside.txt")),
                        reading("fifo", "pipe", command: "mkfifo pipe"),
                    ])
            ])
        let path = Plans.write(plan, in: dir)
        let report = dir.file("report.json")
        let r = try await Binaries.runAsync(
            "tako", ["exec", path, "--workspace", dir.file("ws"), "--allow-stale", "--report", report],
            timeout: 60)
        #expect(r.status == 0, "every step continues on error, so the run succeeds: \(r.stdout)\n\(r.stderr)")
        let outcome = try ExecReport(at: report)
        #expect(outcome.step("r1", "inside")?["status"] as? String == "succeeded")
        #expect((outcome.step("r1", "inside")?["outputs"] as? [String: String])?["v"] == "inside")
        let expected = [
            "committed": "reads 'etclink/passwd', which leaves the run's checkout: 'etclink' is a symbolic link to '/etc'",
            "made": "reads 'leak', which leaves the run's checkout: 'leak' is a symbolic link to '/etc/passwd'",
            "madeRelative": "reads 'made/outside.txt', which leaves the run's checkout: 'made' is a symbolic link to '../../..'",
            "dotdot": "reads '../../outside.txt', which leaves the run's checkout",
            "linkUp": "reads 'sub/up/outside.txt', which leaves the run's checkout: 'sub/up' is a symbolic link to '../..'",
            "absolute": "which leaves the run's checkout: it is an absolute path",
            "fifo": "reads 'pipe', which is not a regular file",
        ]
        for (id, message) in expected {
            let step = outcome.step("r1", id)
            #expect(step?["status"] as? String == "failed", "\(id): \(step ?? [:])")
            #expect((step?["reason"] as? String)?.contains(message) == true, "\(id): \(step?["reason"] ?? "no reason")")
            #expect(r.stdout.contains(message), "\(id): the terminal does not say why")
        }
        let everything = r.stdout + r.stderr + dir.read("plan.json.checkpoint") + dir.read("report.json")
        #expect(!everything.contains("root:x:0:0"), "/etc/passwd leaked")
        #expect(!everything.contains("secret-outside-the-checkout"), "a file outside the checkout leaked")
    }
}
