import Foundation
import TakoTestSupport
import Testing

/// `takoc migrate` and `takoc init` as a user runs them: the diff and its exit status,
/// `--write`, a clean `takoc check` after, and the same plan from the real binary.
@Suite(.serialized) struct MigrateEndToEndTests {
    static let corpus = Binaries.packageRoot.appendingPathComponent("Tests/Compatibility/go-tool")

    /// Corpus files of the Go dialect, with a workflow and inputs to plan them with.
    static let files: [(path: String, workflow: String, inputs: [String])] = [
        ("07-dropped-keys/acme/svc/tako.yml", "deploy", ["target=prod"]),
        ("08-fan-out-defaults/acme/lib/tako.yml", "release", ["version=2.1.0"]),
        ("10-escaping-pipes/acme/site/tako.yml", "publish", ["title=a b&c"]),
        ("12-native-keys/acme/svc/tako.yml", "deploy", []),
    ]

    @Test(arguments: files.indices) func migrateDiffsWritesAndPlansTheSame(_ index: Int) async throws {
        let (path, workflow, inputs) = Self.files[index]
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let repo = work.appendingPathComponent("repo")
        let cache = work.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let file = repo.appendingPathComponent("tako.yml")
        let original = try Data(contentsOf: Self.corpus.appendingPathComponent(path))
        try original.write(to: file)
        let planArgs =
            ["plan", "--root", repo.path, "--workflow", workflow, "--cache-dir", cache.path, "--format", "json"]
            + inputs.flatMap { ["--input", $0] }

        let before = try await Binaries.runAsync("takoc", planArgs)
        #expect(before.status == 0, "\(before.stderr)")
        let checkBefore = try await Binaries.runAsync("takoc", ["check", file.path])
        #expect(checkBefore.stderr.contains("[go-dialect]"))

        // A diff, exit 1, the file untouched; `patch` applies the diff.
        let diff = try await Binaries.runAsync("takoc", ["migrate", "tako.yml"], cwd: repo)
        #expect(diff.status == 1)
        #expect(diff.stdout.hasPrefix("--- a/tako.yml\n+++ b/tako.yml\n@@ -"))
        #expect(try Data(contentsOf: file) == original)

        let write = try await Binaries.runAsync("takoc", ["migrate", "--write", "tako.yml"], cwd: repo)
        #expect(write.status == 0, "\(write.stderr)")
        let migrated = try String(contentsOf: file, encoding: .utf8)
        #expect(migrated.contains("version: \"1\""))

        let patched = work.appendingPathComponent("patched")
        try FileManager.default.createDirectory(at: patched, withIntermediateDirectories: true)
        try original.write(to: patched.appendingPathComponent("tako.yml"))
        let patchPath = work.appendingPathComponent("migrate.diff")
        try Data(diff.stdout.utf8).write(to: patchPath)
        let patch = try await Binaries.runAsync("/usr/bin/env", ["patch", "-p1", "-s", "-i", patchPath.path], cwd: patched)
        #expect(patch.status == 0, "patch (installed by make deps): \(patch.stderr)")
        #expect(
            try String(contentsOf: patched.appendingPathComponent("tako.yml"), encoding: .utf8) == migrated, "the diff and --write disagree"
        )

        let check = try await Binaries.runAsync("takoc", ["check", file.path])
        #expect(check.status == 0)
        #expect(!check.stderr.contains("go-dialect") && !check.stderr.contains("go-ignored-key"), "\(check.stderr)")
        let again = try await Binaries.runAsync("takoc", ["migrate", "tako.yml"], cwd: repo)
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty)

        let after = try await Binaries.runAsync("takoc", planArgs)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try Self.runs(before.stdout) == Self.runs(after.stdout), "\(path) plans differently once migrated")
    }

    /// The plan's runs and edges, without source positions (lines move when keys become comments).
    static func runs(_ json: String) throws -> String {
        func strip(_ v: Any) -> Any {
            if let d = v as? [String: Any] {
                var out: [String: Any] = [:]
                for (k, x) in d where k != "provenance" && k != "subscription" { out[k] = strip(x) }
                return out
            }
            if let a = v as? [Any] { return a.map(strip) }
            return v
        }
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let kept: [String: Any] = ["runs": strip(plan["runs"] ?? []), "edges": strip(plan["edges"] ?? [])]
        return String(decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func initWritesAStarterFileThatChecksCleanAndNeverOverwrites() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try await Binaries.runAsync("takoc", ["init"], cwd: work)
        #expect(first.status == 0, "\(first.stderr)")
        let check = try await Binaries.runAsync("takoc", ["check"], cwd: work)
        #expect(check.status == 0)
        #expect(check.stderr == "1 file checked: 0 errors, 0 warnings\n")
        let second = try await Binaries.runAsync("takoc", ["init"], cwd: work)
        #expect(second.status == 2)
        #expect(second.stderr == "takoc: error: 'tako.yml' already exists; takoc init never overwrites a file\n")
    }

    @Test func aFileThatIsNotYAMLIsLeftAlone() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("tako.yml")
        try Data("version: v1\nworkflows: [\n".utf8).write(to: file)
        let r = try await Binaries.runAsync("takoc", ["migrate", "--write", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("[yaml-syntax]"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "version: v1\nworkflows: [\n")
        let missing = try await Binaries.runAsync("takoc", ["migrate", work.appendingPathComponent("none.yml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file"))
    }
}
