import Foundation
import Testing

@testable import TakoPlanFormat

/// `PlanFile.encode` writes plan.json itself; these check it against `JSONEncoder`, whose
/// bytes (and so whose digests) every plan made before must keep.
@Suite struct PlanWriterTests {
    /// Strings with every character class the encoder treats differently.
    static let awkward = [
        "", "plain", "with \"quotes\" and \\backslash\\", "a/b/c", "tab\tnew\nline\rcr\u{8}\u{C}",
        "\u{0}\u{1}\u{1F}\u{7F}", "é e\u{301} ß 😀 \u{2028}\u{2029}\u{FEFF}", "{{ steps.build.outputs.x }}",
    ]

    static func value(_ i: Int) -> PlannedValue {
        i % 2 == 0 ? .value(awkward[i % awkward.count]) : .template(awkward[(i + 3) % awkward.count])
    }

    static func map(_ seed: Int, _ count: Int) -> [String: PlannedValue] {
        var m: [String: PlannedValue] = [:]
        let keys = ["a10", "a9", "B", "a", "_x", "Z", "é", "e\u{301}x", "f", "a-b", "a_b", "\u{212B}", ""]
        for i in 0..<count { m[keys[(seed + i) % keys.count]] = value(seed + i) }
        return m
    }

    static func step(_ i: Int, depth: Int = 0) -> PlannedStep {
        PlannedStep(
            id: "s\(i)", name: i % 3 == 0 ? nil : awkward[i % awkward.count], provenance: "acme/x/tako.yml:\(i):3",
            run: i % 4 == 0 ? nil : value(i), env: map(i, i % 4),
            outputs: i % 2 == 0
                ? []
                : [
                    PlannedOutput(name: "out", source: .stdout),
                    PlannedOutput(name: "f", source: .file, path: "out/\(awkward[i % awkward.count])"),
                ],
            fanOut: i % 3 == 1
                ? PlannedFanOut(
                    event: PlannedEvent(
                        type: "built", schemaVersion: i % 2 == 0 ? nil : "1.0.0",
                        artifact: "acme/x:lib", payload: map(i, 3)),
                    children: i % 2 == 0 ? [] : ["r2", "r10"], waitForChildren: i % 2 == 0,
                    concurrencyLimit: i % 5 == 0 ? nil : 4, failFast: i % 2 == 1,
                    timeoutSeconds: i % 3 == 0 ? nil : 7200) : nil,
            timeoutSeconds: i % 2 == 0 ? nil : -i, continueOnError: i % 2 == 0, condition: i % 3 == 2 ? "inputs.x != '\\n'" : nil,
            onFailure: depth == 0 && i % 2 == 1 ? [step(i + 1, depth: 1)] : [])
    }

    static func plan(runs: Int) -> Plan {
        var plan = Plan(
            root: PlanRoot(repo: "acme/core-lib", workflow: "release", inputs: ["version": "1.4.0", "z": awkward[4], "": ""]),
            repositories: [
                PlannedRepository(
                    name: "acme/a", source: .cache, path: "/tmp/a b/\"c\"", branch: "main", commit: String(repeating: "ab", count: 20),
                    files: [PlannedFile(path: "tako.yml", blob: String(repeating: "cd", count: 20))]),
                PlannedRepository(name: "acme/root", source: .root, path: "/w", branch: nil, commit: nil, files: []),
            ],
            runs: (0..<runs).map { i in
                PlannedRun(
                    id: "r\(i + 1)", repo: "acme/x\(i)", workflow: "w", parent: i == 0 ? nil : "r1/s1",
                    trigger: i == 0
                        ? nil
                        : PlannedTrigger(
                            eventType: "built", schemaVersion: i % 2 == 0 ? nil : "2.1.0",
                            artifact: "acme/x:lib", subscription: "acme/y/tako.yml:3:5"),
                    inputs: map(i, i % 5), inputTypes: i % 2 == 0 ? [:] : ["a": "string", "b": "number"], env: map(i + 1, i % 3),
                    secrets: i % 2 == 0 ? [] : ["TOKEN", awkward[i % awkward.count]], provenance: "acme/x/tako.yml:1:1",
                    steps: (0..<(i % 4)).map { step(i * 4 + $0) },
                    condition: i % 3 == 1 ? awkward[(i + 2) % awkward.count] : nil, priority: i % 4 == 3 ? -i : nil)
            },
            edges: [
                PlannedEdge(from: "r1/s1", to: "r2", kind: .fanOut), PlannedEdge(from: "r2", to: "r1/s2", kind: .wait),
                PlannedEdge(from: "r1/s1", to: "r1/s2", kind: .step),
            ],
            limits: PlanLimits(maxDepth: 10))
        plan.digest = "sha256:" + String(repeating: "0f", count: 32)
        return plan
    }

    @Test func writesWhatJSONEncoderWrites() {
        for runs in [0, 1, 2, 7, 40] {
            let plan = Self.plan(runs: runs)
            let written = PlanFile.encode(plan)
            let reference = PlanFile.encodeWithJSONEncoder(plan)
            #expect(
                written == reference,
                "plan of \(runs) runs:\n\(String(decoding: written, as: UTF8.self))\n---\n\(String(decoding: reference, as: UTF8.self))")
        }
    }

    @Test func sealedPlansStillDecode() throws {
        let sealed = PlanFile.seal(Self.plan(runs: 7))
        let decoded = try PlanFile.decode(PlanFile.encode(sealed))
        #expect(decoded == sealed)
        #expect(PlanFile.digest(of: sealed) == sealed.digest)
    }
}
