import Foundation
import TakoBasics
import TakoDriver
import TakoIR
import TakoLowering
import TakoPlanFormat
import TakoResolve
import Testing

@testable import TakoPlanner

/// `takoc migrate` over the whole Go-dialect corpus: every file rewritten, then checked and
/// planned again. A migrated file has no dialect diagnostic, the same errors as before (the
/// Go tool's reserved built-ins stay refused), and the case plans the same runs.
@Suite struct MigrationRoundTripTests {
    static let dialectIDs: Set<DiagnosticID> = [.goDialect, .goIgnoredKey]

    @Test(arguments: GoCompatibilityTests.cases) func aMigratedCaseChecksCleanAndPlansTheSame(_ name: String) throws {
        let original = try GoCompatibilityTests.files(of: name)
        var migrated: [(repo: String, text: String)] = []
        for (repo, text) in original {
            let m = Migration.migrate(path: "\(repo)/tako.yml", bytes: Array(text.utf8))
            let before = Lowering.lower(path: "\(repo)/tako.yml", bytes: Array(text.utf8))
            let after = Lowering.lower(path: "\(repo)/tako.yml", bytes: Array(m.migrated.utf8))
            #expect(after.dialect == .native || text.contains("version: \"\""), "\(name)/\(repo) is still read in the Go dialect")
            #expect(after.diagnostics.allSatisfy { !Self.dialectIDs.contains($0.id) }, "\(name)/\(repo): \(after.diagnostics.map(\.id))")
            #expect(
                Set(after.diagnostics.filter { $0.severity == .error }.map(\.id))
                    == Set(before.diagnostics.filter { $0.severity == .error }.map(\.id)),
                "\(name)/\(repo): errors changed")
            // Nothing is left to change, and every comment of the original is still there.
            #expect(!Migration.migrate(path: "\(repo)/tako.yml", bytes: Array(m.migrated.utf8)).changed, "\(name)/\(repo) migrates twice")
            for line in text.split(separator: "\n") where line.contains("#") {
                let comment = line[line.firstIndex(of: "#")!...]
                #expect(m.migrated.contains(comment), "\(name)/\(repo) lost '\(comment)'")
            }
            migrated.append((repo, m.migrated))
        }
        let planBefore = try GoCompatibilityTests.plan(name, files: original)
        let planAfter = try GoCompatibilityTests.plan(name, files: migrated)
        #expect(planBefore == planAfter, "\(name) plans differently once migrated")
    }

    @Test func theDiffShowsEveryChangeWithContext() throws {
        let text = """
            version: v1 # kept
            workflows:
              build:
                steps:
                  - run: make {{ .Inputs.target }}
                    timeout: 5m
                inputs:
                  target: { type: string }
            """
        let m = Migration.migrate(path: "tako.yml", bytes: Array(text.utf8))
        #expect(
            m.unifiedDiff() == """
                --- a/tako.yml
                +++ b/tako.yml
                @@ -1,8 +1,9 @@
                -version: v1 # kept
                +version: "1" # kept
                 workflows:
                   build:
                     steps:
                -      - run: make {{ .Inputs.target }}
                -        timeout: 5m
                +      - run: make {{ inputs.target }}
                +        # takoc migrate: 'timeout' had no effect under the Go tool
                +        # timeout: 5m
                     inputs:
                       target: { type: string }
                \\ No newline at end of file

                """)
    }

    @Test func aNativeFileHasNothingToChange() {
        let m = Migration.migrate(path: "tako.yml", bytes: Array("version: \"1\"\nworkflows:\n  b:\n    steps: [make]\n".utf8))
        #expect(!m.changed)
        #expect(m.unifiedDiff().isEmpty)
    }

    @Test func quotesInsideAQuotedScalarAreEscapedForItsStyle() {
        let text = """
            version: 0.1.0
            workflows:
              b:
                inputs:
                  version-bump: { type: string }
                steps:
                  - run: 'echo {{ .inputs.version-bump | default("x") }}'
                  - run: "echo {{ .inputs.version-bump | default(\\"y\\") }}"

            """
        let m = Migration.migrate(path: "tako.yml", bytes: Array(text.utf8))
        #expect(m.migrated.contains("- run: 'echo {{ inputs[''version-bump''] | default(\"x\") }}'"))
        #expect(m.migrated.contains("- run: \"echo {{ inputs['version-bump'] | default(\\\"y\\\") }}\""))
        let after = Lowering.lower(path: "tako.yml", bytes: Array(m.migrated.utf8))
        #expect(after.diagnostics.isEmpty, "\(after.diagnostics)")
    }
}

/// `takoc init`'s starter file is clean under `takoc check` and plans.
@Suite struct StarterFileTests {
    @Test func theStarterFileChecksCleanAndPlans() throws {
        let lowered = Lowering.lower(path: "tako.yml", bytes: Array(StarterFile.text.utf8))
        #expect(lowered.diagnostics.isEmpty, "\(lowered.diagnostics.map(\.message))")
        let manifest = try #require(lowered.manifest)
        let request = PlanRequest(rootRepo: "acme/app", workflow: "release", inputs: ["version": "1.0.0"])
        let outcome = Planner.plan(
            request, linked: Linker.link(Workspace(manifests: ["acme/app": manifest]), from: [request.root]),
            repositories: [
                "acme/app": PlannedRepository(name: "acme/app", source: .cache, path: "", branch: "main", commit: nil, files: [])
            ])
        #expect(outcome.plan?.runs.count == 1)
        #expect(StarterFile.text.split(separator: "\n").filter { $0.contains("#") }.count >= 10, "the starter file explains itself")
    }
}
