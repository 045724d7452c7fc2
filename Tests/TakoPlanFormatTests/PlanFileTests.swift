import Foundation
import Testing

@testable import TakoPlanFormat

@Suite struct PlanFileTests {
    static func samplePlan() -> Plan {
        let child = PlannedRun(
            id: "r2", repo: "acme/app", workflow: "integrate", parent: "r1/notify",
            trigger: PlannedTrigger(
                eventType: "library_built", schemaVersion: "1.0.0", artifact: "acme/core-lib:default",
                subscription: "acme/app/tako.yml:4:5"),
            inputs: ["version": .template("{{ event.payload.version }}")], provenance: "acme/app/tako.yml:10:3",
            steps: [PlannedStep(id: "test", provenance: "acme/app/tako.yml:12:9", run: .template("echo {{ inputs.version }}"))])
        let root = PlannedRun(
            id: "r1", repo: "acme/core-lib", workflow: "release", parent: nil, trigger: nil,
            inputs: ["version": .value("1.2.0")], provenance: "acme/core-lib/tako.yml:3:3",
            steps: [
                PlannedStep(
                    id: "build", provenance: "acme/core-lib/tako.yml:8:9", run: .value("echo 1.2.0"),
                    outputs: [PlannedOutput(name: "version", source: .stdout)]),
                PlannedStep(
                    id: "notify", provenance: "acme/core-lib/tako.yml:11:9",
                    fanOut: PlannedFanOut(
                        event: PlannedEvent(
                            type: "library_built", schemaVersion: "1.0.0", artifact: "acme/core-lib:default",
                            payload: ["version": .template("{{ steps.build.outputs.version }}")]),
                        children: ["r2"])),
            ])
        return PlanFile.seal(
            Plan(
                root: PlanRoot(repo: "acme/core-lib", workflow: "release", inputs: ["version": "1.2.0"]),
                repositories: [
                    PlannedRepository(
                        name: "acme/core-lib", source: .cache, path: "/cache/repos/acme/core-lib/main", branch: "main",
                        commit: String(repeating: "a", count: 40),
                        files: [PlannedFile(path: "tako.yml", blob: String(repeating: "b", count: 40))])
                ],
                runs: [root, child],
                edges: [
                    PlannedEdge(from: "r1/build", to: "r1/notify", kind: .step), PlannedEdge(from: "r1/notify", to: "r2", kind: .fanOut),
                ],
                limits: PlanLimits(maxDepth: 10)))
    }

    @Test func roundTripsByteForByte() throws {
        let plan = Self.samplePlan()
        let bytes = PlanFile.encode(plan)
        let decoded = try PlanFile.decode(bytes)
        #expect(decoded == plan)
        #expect(PlanFile.encode(decoded) == bytes)
        #expect(plan.digest.hasPrefix("sha256:") && plan.digest.count == 7 + 64)
    }

    @Test func encodingUsesTheFileFieldNamesWithSortedKeys() {
        let text = String(decoding: PlanFile.encode(Self.samplePlan()), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"digest\" : \"sha256:"))
        #expect(text.contains("\"format_version\" : \"1.0\""))
        #expect(text.contains("\"wait_for_children\" : true"))
        #expect(text.contains("\"template\" : \"{{ steps.build.outputs.version }}\""))
    }

    @Test func refusesAnotherMajorVersionNamingBoth() throws {
        var text = String(decoding: PlanFile.encode(Self.samplePlan()), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"format_version\" : \"1.0\"", with: "\"format_version\" : \"2.1\"")
        #expect(throws: PlanFormatError.unsupportedVersion(found: "2.1", supported: "1.0")) {
            try PlanFile.decode(Data(text.utf8))
        }
    }

    @Test func refusesAnEditedPlan() throws {
        let text = String(decoding: PlanFile.encode(Self.samplePlan()), as: UTF8.self)
            .replacingOccurrences(of: "echo 1.2.0", with: "rm -rf /")
        #expect {
            try PlanFile.decode(Data(text.utf8))
        } throws: { error in
            "\(error)".contains("does not match its content")
        }
    }

    /// docs/decisions/0006: a run's condition is in the file only when there is one, and a
    /// reader that does not know the field cannot run the plan without it.
    @Test func aRunConditionIsWrittenOnlyWhenThereIsOneAndIsCoveredByTheDigest() throws {
        let plain = Self.samplePlan()
        #expect(!String(decoding: PlanFile.encode(plain), as: UTF8.self).contains("\"condition\""))
        var conditional = plain
        conditional.runs[1].condition = "event.payload.version.startsWith('2.')"
        conditional = PlanFile.seal(conditional)
        let text = String(decoding: PlanFile.encode(conditional), as: UTF8.self)
        #expect(text.contains("\"condition\" : \"event.payload.version.startsWith('2.')\""))
        #expect(text.contains("\"format_version\" : \"1.0\""))
        #expect(try PlanFile.decode(Data(text.utf8)).runs[1].condition == "event.payload.version.startsWith('2.')")
        // An older reader decodes the run without the field and checks the digest over what it
        // decoded: the plan without its condition, whose digest is not the one recorded.
        var asAnOlderReaderSeesIt = conditional
        asAnOlderReaderSeesIt.runs[1].condition = nil
        #expect(PlanFile.digest(of: asAnOlderReaderSeesIt) != conditional.digest)
    }

    @Test func refusesSomethingElse() {
        #expect(throws: PlanFormatError.self) { try PlanFile.decode(Data("[1,2]".utf8)) }
        #expect(throws: PlanFormatError.self) { try PlanFile.decode(Data("{\"hello\": 1}".utf8)) }
    }
}
