import Foundation
import TakoTestSupport
import Testing

/// `takoc diff` on real plans: each folder of `Tests/Golden/diff/CASE/` holds the repositories
/// that a change modifies in an example (`base` names it, Examples/NAME). The example is
/// cached and planned with its own `args` (the base), then the example with the case's
/// repositories over it (the head); `args` is the diff's command line, and its output in
/// each format must equal `expected-out.txt`, `expected-out.json` and `expected-out.md`.
/// `TAKO_UPDATE_GOLDEN=1` rewrites them.
@Suite struct PlanDiffTests {
    static let folder = Binaries.packageRoot.appendingPathComponent("Tests/Golden/diff")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Plans the repositories of `source` (a folder of OWNER/REPO) into `work/NAME.json`.
    static func plan(_ source: URL, planArgs: [String], into work: URL, name: String) async throws -> URL {
        let dir = work.appendingPathComponent(name)
        try await Binaries.makeCache(example: source.path, in: dir)
        let out = work.appendingPathComponent("\(name).json")
        let r = try await Binaries.runAsync("takoc", planArgs + ["--cache-dir", dir.appendingPathComponent("cache").path, "-o", out.path])
        try #require(r.status == 0, "\(name): \(r.stderr)")
        return out
    }

    /// The base and head plans of a case, in `work` as base.json and head.json.
    static func plans(of id: String, in work: URL) async throws {
        let example = try String(contentsOf: folder.appendingPathComponent("\(id)/base"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let exampleDir = Binaries.packageRoot.appendingPathComponent("Examples/\(example)")
        let words = CommandWords.split(try String(contentsOf: exampleDir.appendingPathComponent("args"), encoding: .utf8))
        let planArgs = Array(words.dropFirst())
        _ = try await plan(exampleDir, planArgs: planArgs, into: work, name: "base")
        // The head: the example with the case's repositories copied over it.
        let head = work.appendingPathComponent("head-repos")
        try FileManager.default.copyItem(at: exampleDir, to: head)
        let changed = folder.appendingPathComponent(id)
        for owner in try FileManager.default.contentsOfDirectory(atPath: changed.path) {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: changed.appendingPathComponent(owner).path, isDirectory: &isDir), isDir.boolValue
            else { continue }
            for repo in try FileManager.default.contentsOfDirectory(atPath: changed.appendingPathComponent(owner).path) {
                let target = head.appendingPathComponent("\(owner)/\(repo)")
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: changed.appendingPathComponent("\(owner)/\(repo)"), to: target)
            }
        }
        _ = try await plan(head, planArgs: planArgs, into: work, name: "head")
    }

    @Test(arguments: cases) func diffPrintsTheGoldenFiles(_ id: String) async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Self.plans(of: id, in: work)
        let words = CommandWords.split(try String(contentsOf: Self.folder.appendingPathComponent("\(id)/args"), encoding: .utf8))
        try #require(words.prefix(2) == ["takoc", "diff"], "\(id): args must be a takoc diff command")
        let update = ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil
        for (format, file) in [("text", "expected-out.txt"), ("json", "expected-out.json"), ("markdown", "expected-out.md")] {
            let r = try await Binaries.runAsync("takoc", Array(words.dropFirst()) + ["--format", format], cwd: work)
            #expect(r.status == 0, "\(id) \(format): exit \(r.status)\n\(r.stderr)")
            #expect(r.stderr.isEmpty, "\(id) \(format): \(r.stderr)")
            let golden = Self.folder.appendingPathComponent("\(id)/\(file)")
            if update { try Data(r.stdout.utf8).write(to: golden) }
            #expect(r.stdout == (try String(contentsOf: golden, encoding: .utf8)), "\(id): \(format) differs from \(file)")
            if format == "json" {
                let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
                #expect(parsed?["same"] as? Bool == false)
            }
        }
        // --exit-code: 1 when the plans differ, 0 for a plan against itself.
        let differ = try await Binaries.runAsync("takoc", ["diff", "base.json", "head.json", "--exit-code"], cwd: work)
        #expect(differ.status == 1, "\(differ.stderr)")
        let same = try await Binaries.runAsync("takoc", ["diff", "base.json", "base.json", "--exit-code"], cwd: work)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.hasSuffix("no differences\n"))
    }

    @Test func thereAreDiffCases() {
        #expect(!Self.cases.isEmpty)
    }

    /// Two plans of the same files made in two caches (other paths) are the same plan.
    @Test func thePathsOfTheClonesAreNotADifference() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let example = Binaries.packageRoot.appendingPathComponent("Examples/rollout")
        let planArgs = Array(
            CommandWords.split(try String(contentsOf: example.appendingPathComponent("args"), encoding: .utf8)).dropFirst())
        let a = try await Self.plan(example, planArgs: planArgs, into: work, name: "one")
        let b = try await Self.plan(example, planArgs: planArgs, into: work, name: "two")
        let r = try await Binaries.runAsync("takoc", ["diff", a.path, b.path, "--format", "json", "--exit-code"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(parsed?["same"] as? Bool == true)
    }

    /// What is not a plan is refused with exit 2, naming the file and what is wrong.
    @Test func badInputsArePreciseErrors() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let notJSON = work.appendingPathComponent("broken.json")
        try Data("{\n  \"format_version\": \"1.0\",\n  \"runs\": [,]\n}\n".utf8).write(to: notJSON)
        let workflow = work.appendingPathComponent("tako.yml")
        try Data("version: \"1\"\n".utf8).write(to: workflow)
        let future = work.appendingPathComponent("future.json")
        try Data("{\"format_version\": \"2.0\"}".utf8).write(to: future)
        let cases: [([String], String)] = [
            (["missing.json", "future.json"], "takoc: error: no such file: 'missing.json'\n"),
            (["broken.json", "future.json"], "takoc: error: broken.json:3:12: not a valid plan: the file is not JSON"),
            (["tako.yml", "future.json"], "takoc: error: tako.yml"),
            (["future.json", "future.json"], "takoc: error: future.json: plan format version 2.0 is not supported"),
            ([".", "future.json"], "takoc: error: '.' is a directory, not a plan.json\n"),
        ]
        for (args, expected) in cases {
            let r = try await Binaries.runAsync("takoc", ["diff"] + args, cwd: work)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.hasPrefix(expected), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("The operation could not be completed"))
        }
    }
}
