import Foundation
import TakoTestSupport
import Testing

/// `takoc check --fix`: the safe fixes diagnostics carry, applied in place by the real
/// binary. The file is fixed byte for byte as expected (comments, quoting and layout kept),
/// checks clean afterwards, and a second `--fix` changes nothing.
@Suite struct CheckFixTests {
    static let broken = """
        version: "1"
        # Deploys the library. This comment stays.
        workflows:
          build:
            inputs:
              version: { required: true }
              publish: { type: boolean, default: false }
            steps:
              - run: ./publish.sh ${{ inputs.version | shell_quote }}  # GitHub habit
                if: ${{ inputs.publish }}
              # tako:ignore ignored-key nothing here to ignore
              - run: make test  # tako:ignore ignored-key stale
              - run: echo finished

        """

    static let fixed = """
        version: "1"
        # Deploys the library. This comment stays.
        workflows:
          build:
            inputs:
              version: { required: true }
              publish: { type: boolean, default: false }
            steps:
              - run: ./publish.sh {{ inputs.version | shell_quote }}  # GitHub habit
                if: inputs.publish
              - run: make test
              - run: echo finished

        """

    @Test func fixRoundTrips() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("tako.yml")
        try Data(Self.broken.utf8).write(to: file)

        // Without --fix the file is left alone and the problems are reported.
        let before = try await Binaries.runAsync("takoc", ["check", "tako.yml"], cwd: work)
        #expect(before.status == 1, "\(before.stderr)")
        #expect(before.stderr.contains("[github-expression]") && before.stderr.contains("[unused-suppression]"))
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.broken)

        let r = try await Binaries.runAsync("takoc", ["check", "--fix", "tako.yml"], cwd: work)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "tako.yml: fixed 4 problems\n1 file checked: 0 errors, 0 warnings\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.fixed)

        let again = try await Binaries.runAsync("takoc", ["check", "tako.yml"], cwd: work)
        #expect(again.status == 0)
        #expect(again.stderr == "1 file checked: 0 errors, 0 warnings\n")
        let idempotent = try await Binaries.runAsync("takoc", ["check", "--fix", "tako.yml"], cwd: work)
        #expect(idempotent.status == 0)
        #expect(idempotent.stderr == "1 file checked: 0 errors, 0 warnings\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.fixed)
    }

    /// JSON's `fix` and SARIF's `fixes` carry the same replacements --fix applies.
    @Test func jsonAndSarifCarryTheFixes() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data(Self.broken.utf8).write(to: work.appendingPathComponent("tako.yml"))

        let json = try await Binaries.runAsync("takoc", ["check", "--format", "json", "tako.yml"], cwd: work)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let items = try #require(doc["diagnostics"] as? [[String: Any]])
        let dollar = try #require(items.first { ($0["id"] as? String) == "github-expression" && ($0["line"] as? Int) == 9 })
        let fix = try #require(dollar["fix"] as? [String: Any])
        #expect(fix["description"] as? String == "remove the '$' before '{{'")
        let replacement = try #require((fix["replacements"] as? [[String: Any]])?.first)
        #expect(replacement["line"] as? Int == 9 && replacement["column"] as? Int == 27 && replacement["text"] as? String == "")
        #expect((replacement["end"] as? [String: Int]) == ["line": 9, "column": 28])
        // A line removed: from its first column to the next line's.
        let stale = try #require(items.first { ($0["id"] as? String) == "unused-suppression" && ($0["line"] as? Int) == 11 })
        let removal = try #require(((stale["fix"] as? [String: Any])?["replacements"] as? [[String: Any]])?.first)
        #expect(
            removal["line"] as? Int == 11 && removal["column"] as? Int == 1
                && (removal["end"] as? [String: Int]) == ["line": 12, "column": 1])

        let sarif = try await Binaries.runAsync("takoc", ["check", "--format", "sarif", "tako.yml"], cwd: work)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let withFixes = results.filter { $0["fixes"] != nil }
        #expect(withFixes.count == 4)
        let first = try #require((withFixes.first?["fixes"] as? [[String: Any]])?.first)
        let change = try #require((first["artifactChanges"] as? [[String: Any]])?.first)
        #expect((change["artifactLocation"] as? [String: String])?["uri"] == "tako.yml")
        let r = try #require((change["replacements"] as? [[String: Any]])?.first)
        #expect(r["deletedRegion"] != nil && (r["insertedContent"] as? [String: String]) != nil)
        // A diagnostic without a safe fix carries none.
        #expect(results.filter { ($0["ruleId"] as? String) == "unused-suppression" }.allSatisfy { $0["fixes"] != nil })
    }
}
