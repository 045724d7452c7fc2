import Foundation
import TakoTestSupport
import Testing

/// Expressions written to hurt, through the real binaries: each must end, with an answer or
/// a cost error, never a crash. Nothing here asserts how long it took (the machine is
/// shared): the runner's generous timeout is the bound, and the time is printed for the
/// record; `make bench-hostile` measures the same cases.
@Suite struct HostileExpressionTests {
    /// A root checkout `acme/hostile` holding `yaml`, and an empty cache.
    static func checkout(_ yaml: String, in work: URL) throws -> (root: URL, cache: URL) {
        let root = work.appendingPathComponent("acme/hostile")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(yaml.utf8).write(to: root.appendingPathComponent("tako.yml"))
        let cache = work.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        return (root, cache)
    }

    /// `(a*)*b` against 100,000 a's, decided while planning: RE2 answers false in linear time
    /// (a backtracking engine would not end), and the step's condition is planned as false.
    @Test func aCatastrophicPatternIsDecidedWhilePlanning() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let (root, cache) = try Self.checkout(
            """
            version: "1"
            workflows:
              scan:
                inputs:
                  text: { required: true }
                steps:
                  - id: first
                    run: echo first
                  - id: hostile
                    if: inputs.text.matches('(a*)*b')
                    run: echo matched
            """, in: work)
        let plan = work.appendingPathComponent("plan.json")
        let started = Date()
        let r = try await Binaries.runAsync(
            "takoc",
            [
                "plan", "--root", root.path, "--workflow", "scan", "--input", "text=" + String(repeating: "a", count: 100_000),
                "--cache-dir", cache.path, "-o", plan.path,
            ], timeout: 300)
        print(
            "takoc plan with (a*)*b on 100,000 a's: \(String(format: "%.3f", Date().timeIntervalSince(started))) s (whole process, machine shared)"
        )
        #expect(!r.timedOut)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: plan, encoding: .utf8)
        #expect(text.contains("\"id\" : \"first\""))
        // Decided while planning: the step stays in the plan with its condition false.
        #expect(text.contains("\"condition\" : \"false\""), "\(text)")
    }

    /// A 100 KB string doubled 15 times would need over 3 GB: with the sizes known (a literal)
    /// the checker refuses it as a `cel-cost-limit` error, before anything runs.
    @Test func theDoublingBombIsRefusedAtCheckTime() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let (root, _) = try Self.checkout(
            """
            version: "1"
            workflows:
              bomb:
                steps:
                  - run: echo never
                    if: "\(Self.doubling(from: "'" + String(repeating: "x", count: 100_000) + "'"))"
            """, in: work)
        let r = try await Binaries.runAsync("takoc", ["check", root.appendingPathComponent("tako.yml").path], timeout: 300)
        #expect(!r.timedOut)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("over the limit of 1,000,000 per evaluation"), "\(r.stderr.prefix(2000))")
        #expect(r.stderr.contains("[cel-cost-limit]"))
    }

    /// The same bomb over a step's output, whose size only exists at run time: the checker
    /// cannot know it, and tako exec stops the evaluation with a cost error: the step fails
    /// with the reason, the process exits 1, no signal.
    @Test func theDoublingBombIsRefusedAtRunTime() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let (root, cache) = try Self.checkout(
            """
            version: "1"
            workflows:
              bomb:
                steps:
                  - id: gen
                    run: yes x | tr -d '\\n' | head -c 100000
                    produces:
                      outputs:
                        big: from_stdout
                  - id: boom
                    if: "\(Self.doubling(from: "steps.gen.outputs.big"))"
                    run: echo never > never.txt
            """, in: work)
        let plan = work.appendingPathComponent("plan.json")
        let p = try await Binaries.runAsync(
            "takoc", ["plan", "--root", root.path, "--workflow", "bomb", "--cache-dir", cache.path, "-o", plan.path])
        try #require(p.status == 0, "\(p.stderr)")
        let started = Date()
        let r = try await Binaries.runAsync(
            "tako", ["exec", plan.path, "--workspace", work.appendingPathComponent("ws").path], timeout: 300)
        print(
            "tako exec with the doubling bomb on a 100 KB output: \(String(format: "%.3f", Date().timeIntervalSince(started))) s (whole process, machine shared)"
        )
        #expect(!r.timedOut)
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        #expect((r.stdout + r.stderr).contains("cost limit"), "\(r.stdout)\n\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("never.txt").path))
    }

    /// `cel.bind(s1, S + S, cel.bind(s2, s1 + s1, ...)) ... size(s15) > 0`: S doubled 15 times.
    static func doubling(from start: String) -> String {
        var text = "size(s15) > 0"
        for i in stride(from: 15, through: 1, by: -1) {
            let previous = i == 1 ? start : "s\(i - 1)"
            text = "cel.bind(s\(i), \(previous) + \(previous), \(text))"
        }
        return text
    }
}
