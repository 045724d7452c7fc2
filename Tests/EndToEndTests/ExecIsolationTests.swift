import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The real `tako` binary keeps execs apart: a step's environment holds only what its own
/// workflow declares, secrets are masked line by line, workspaces and files are not shared
/// or overwritten.
@Suite struct ExecIsolationTests {
    /// Every file under `dir`, by path relative to it.
    static func files(under dir: TempDir) -> [String] {
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: dir.path)
        while let name = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.file(name), isDirectory: &isFolder), !isFolder.boolValue { files.append(name) }
        }
        return files
    }

    /// Repository A's workflow declares a secret; repository B's step, started by A's
    /// fan-out, sees neither it nor anything else of tako's environment that is not passed
    /// through by name.
    @Test func aSecretDeclaredByOneRepositoryIsAbsentFromAnothersStep() throws {
        let dir = TempDir()
        let other = PlannedRepository(name: "acme/b", source: .root, path: dir.path, branch: nil, commit: nil, files: [])
        let dump =
            "env | cut -d= -f1 | sort > \"env-$TAKO_REPO_FILE\"; printf '%s' \"${TAKO_TEST_SECRET_A-absent}\" > \"secret-$TAKO_REPO_FILE\""
        let plan = Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run(
                        "a", env: ["TAKO_REPO_FILE": .value("a")], secrets: ["TAKO_TEST_SECRET_A"],
                        steps: [
                            Plans.step("dump", dump), Plans.fanOut("fan", children: ["b"]),
                        ]),
                    Plans.run(
                        "b", parent: "a/fan", env: ["TAKO_REPO_FILE": .value("b")], repo: "acme/b", steps: [Plans.step("dump", dump)]),
                ], extraRepositories: [other]), in: dir)
        let secret = "a-only-\(UUID().uuidString)"
        let environment: [String: String?] = [
            "TAKO_TEST_SECRET_A": secret, "TAKO_TEST_UNPASSED": "x", "TAKO_TEST_PASSED": "y",
            "TAKO_TEST_LISTED": "z", "TAKO_PASS_ENV": " TAKO_TEST_LISTED ,,", "LC_TAKO_TEST": "c",
        ]
        let result = try Binaries.tako(
            ["exec", plan, "--workspace", dir.file("ws"), "--pass-env", "TAKO_TEST_PASSED"], in: dir,
            environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(dir.read("secret-a") == secret)
        #expect(dir.read("secret-b") == "absent")
        for run in ["a", "b"] {
            let names = Set(dir.lines("env-\(run)"))
            #expect(!names.contains("TAKO_TEST_UNPASSED"), "run \(run) got a variable not passed through: \(names.sorted())")
            #expect(!names.contains("TAKO_PASS_ENV"))
            #expect(
                names.isSuperset(of: ["PATH", "TAKO_TEST_PASSED", "TAKO_TEST_LISTED", "LC_TAKO_TEST", "TAKO_RUN_ID", "TAKO_REPO_FILE"]),
                "run \(run): \(names.sorted())")
            // Nothing but the base, the passed names, the run's env and secrets, and TAKO_*.
            let allowed: Set<String> = [
                "PATH", "HOME", "LANG", "TZ", "TERM", "USER", "TMPDIR", "TAKO_TEST_PASSED", "TAKO_TEST_LISTED",
                "TAKO_TEST_SECRET_A", "PWD", "SHLVL", "OLDPWD", "_",
            ]
            let unexpected = names.filter { !allowed.contains($0) && !$0.hasPrefix("LC_") && !$0.hasPrefix("TAKO_") }
            #expect(unexpected.isEmpty, "run \(run) got \(unexpected.sorted())")
        }
        #expect(Set(dir.lines("env-a")).contains("TAKO_TEST_SECRET_A"))
        #expect(!Set(dir.lines("env-b")).contains("TAKO_TEST_SECRET_A"))
    }

    @Test func aPassedNameMustBeAVariableName() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(in: dir, steps: [Plans.step("s", "touch ran")])
        let option = try Binaries.tako(["exec", plan, "--pass-env", "A=B"], in: dir)
        #expect(option.status == 2)
        #expect(
            option.stderr.contains("tako: error: --pass-env takes the name of a variable (letters, digits and '_'), not 'A=B'"),
            "\(option.stderr)")
        let variable = try Binaries.tako(["exec", plan], in: dir, environment: ["TAKO_PASS_ENV": "GOOD,1BAD"])
        #expect(variable.status == 2)
        #expect(variable.stderr.contains("'1BAD' is not one"), "\(variable.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("ran")))
    }

    /// A multi-line secret printed line by line (to stdout, stderr, an output and the
    /// failure tail) appears in no file and not on the terminal, with every way of output on.
    @Test func everyLineOfAMultiLineSecretIsMaskedEverywhere() throws {
        let dir = TempDir()
        let lines = ["-----BEGIN KEY-----", "line-two-\(UUID().uuidString.prefix(8))", "  indented-three  ", "-----END KEY-----"]
        let secret = lines.joined(separator: "\n") + "\n"
        let each = "printf '%s\\n' \"$TAKO_TEST_KEY\" | while IFS= read -r line; do echo \"$line\"; echo \"err $line\" >&2; done"
        let plan = Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run(
                        "root", secrets: ["TAKO_TEST_KEY"],
                        steps: [
                            Plans.step("print", each),
                            Plans.step(
                                "second", "printf '%s\\n' \"$TAKO_TEST_KEY\" | sed -n 2p",
                                outputs: [PlannedOutput(name: "line", source: .stdout)]),
                            Plans.step(
                                "file", "printf '%s\\n' \"$TAKO_TEST_KEY\" | sed -n 3p | sed 's/^/third=/' >> \"$TAKO_OUTPUTS\"",
                                outputs: [PlannedOutput(name: "third", source: .outputsFile)]),
                            Plans.step("fail", each + "; exit 1"),
                        ])
                ]), in: dir)
        let environment: [String: String?] = ["TAKO_TEST_KEY": secret]
        let streamed = try Binaries.tako(
            [
                "exec", plan, "--workspace", dir.file("ws"), "--stream", "--report", dir.file("report.json"),
                "--events", dir.file("events.jsonl"),
            ], in: dir, environment: environment)
        #expect(streamed.status == 1, "\(streamed.stdout)\(streamed.stderr)")
        let plain = try Binaries.tako(
            [
                "exec", plan, "--workspace", dir.file("ws"), "--checkpoint", dir.file("second.checkpoint"),
                "--report", dir.file("report2.json"),
            ], in: dir, environment: environment)
        #expect(plain.status == 1, "\(plain.stdout)\(plain.stderr)")
        #expect(streamed.stdout.contains("root/print") && streamed.stdout.contains("│ ***"), "\(streamed.stdout)")
        #expect(plain.stdout.contains("│ err ***"), "\(plain.stdout)")
        #expect(
            dir.read("report.json").contains("\"line\" : \"***\"") || dir.read("report.json").contains("\"line\":\"***\""),
            "\(dir.read("report.json"))")
        let masked = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        let files = Self.files(under: dir)
        #expect(
            files.contains("report.json") && files.contains("events.jsonl") && files.contains("plan.json.checkpoint")
                && files.contains("second.checkpoint") && files.contains { $0.hasSuffix("fail.log") }, "\(files)")
        for line in masked {
            for (name, text) in [
                ("stdout", streamed.stdout), ("stderr", streamed.stderr), ("stdout", plain.stdout), ("stderr", plain.stderr),
            ] {
                #expect(!text.contains(line), "'\(line)' is on \(name)")
            }
            for file in files {
                #expect(!dir.read(file).contains(line), "'\(line)' is in \(file)")
            }
        }
    }
}

/// `--report`, `--checkpoint` and `takoc plan -o` never overwrite the plan, the checkpoint or
/// a file that is not theirs; a journal record of an unknown type is named as such.
@Suite struct OwnFilesTests {
    @Test func reportAndCheckpointRefuseFilesThatAreNotTheirs() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(in: dir, steps: [Plans.step("s", "echo ran >> ran")])
        let planBytes = dir.read("plan.json")
        try dir.write("my notes\nkeep me\n", to: "notes.txt")
        try dir.write("no newline at all", to: "flat.txt")
        let cases: [([String], String)] = [
            (["--report", plan], "--report '\(plan)' is the plan; give the report a file of its own"),
            (
                ["--report", "./plan.json.checkpoint"],
                "--report './plan.json.checkpoint' is the checkpoint; give the report a file of its own"
            ),
            (["--report", "notes.txt"], "--report 'notes.txt' is an existing file that is not a tako report; it was not overwritten"),
            (["--checkpoint", "plan.json"], "--checkpoint 'plan.json' is the plan; give the checkpoint a file of its own"),
            (
                ["--checkpoint", "notes.txt"],
                "'notes.txt' is not a tako checkpoint (its first line is not a journal record); "
                    + "tako exec does not overwrite a file that is not its own"
            ),
            (["--checkpoint", "flat.txt"], "'flat.txt' is not a tako checkpoint"),
        ]
        for (arguments, message) in cases {
            let r = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws")] + arguments, in: dir)
            #expect(r.status == 2, "\(arguments): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("tako: error: " + message), "\(r.stderr)")
        }
        #expect(dir.read("plan.json") == planBytes)
        #expect(dir.read("notes.txt") == "my notes\nkeep me\n")
        #expect(dir.read("flat.txt") == "no newline at all")
        #expect(dir.read("ran").isEmpty, "a step ran")
        // A report replaces an earlier report.
        for _ in 0..<2 {
            let r = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--report", "report.json"], in: dir)
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        }
        #expect(dir.lines("ran") == ["ran", "ran"])
    }

    @Test func aRecordOfAnUnknownTypeIsNamedAsSuch() throws {
        let dir = TempDir()
        let plan = Plans.plan(root: dir.path, runs: [Plans.run("root", steps: [Plans.step("s", "echo ran >> ran")])])
        let path = Plans.write(plan, in: dir)
        let json = Data("{\"at\":1.0,\"type\":\"teleport\"}".utf8)
        var journal = JournalRecord.header(planDigest: plan.digest).line()
        journal.append(Data((JournalRecord.checksum(json) + " ").utf8) + json + Data([0x0A]))
        try journal.write(to: URL(fileURLWithPath: dir.file("plan.json.checkpoint")))
        let r = try Binaries.tako(["exec", path, "--resume", "--workspace", dir.file("ws")], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("has a record of an unknown type 'teleport' at line 2"), "\(r.stderr)")
        #expect(!r.stderr.contains("checksum"), "\(r.stderr)")
        #expect(dir.read("ran").isEmpty)
    }

    @Test func takocPlanRefusesToOverwriteAFileThatIsNotAPlan() async throws {
        let dir = TempDir()
        let yml = """
            version: "1"
            workflows:
              hold:
                on: exec
                steps:
                  - id: s
                    run: "true"

            """
        try dir.write(yml, to: "tako.yml")
        try dir.write("notes\n", to: "notes.txt")
        for target in ["tako.yml", "notes.txt"] {
            let r = try await Binaries.runAsync("takoc", ["plan", "--workflow", "hold", "-o", target], cwd: dir.url)
            #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
            #expect(
                r.stderr.contains("takoc: error: -o '\(target)' is an existing file that is not a tako plan; it was not overwritten"),
                "\(r.stderr)")
        }
        #expect(dir.read("tako.yml") == yml)
        #expect(dir.read("notes.txt") == "notes\n")
        for _ in 0..<2 {
            let r = try await Binaries.runAsync("takoc", ["plan", "--workflow", "hold", "-o", "plan.json"], cwd: dir.url)
            #expect(r.status == 0, "\(r.stderr)")
        }
    }
}

/// What reaches a terminal: control characters from a plan or a step are shown escaped.
/// Runs the binaries under `script` for a terminal (skipped with a message without it).
@Suite struct TerminalSafetyTests {
    static let script = "/usr/bin/script"

    /// `COMMAND` run with a terminal as its standard output and error; what the terminal got.
    static func onTerminal(_ command: String, in dir: TempDir) async throws -> ProcessResult? {
        guard FileManager.default.isExecutableFile(atPath: script) else {
            print("skipped: a terminal needs \(script) (util-linux)")
            return nil
        }
        return try await Binaries.runAsync(script, ["-qefc", command, "/dev/null"], cwd: dir.url)
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test func anEscapeSequenceInAStepNameIsShownEscaped() async throws {
        let dir = TempDir()
        let plan = Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run("root", steps: [Plans.step("red\u{1B}[31mstep", "printf 'bad\\033[2Jline\\rback\\n'; exit 1")])
                ]), in: dir)
        for extra in [[], ["--stream"]] {
            guard
                let r = try await Self.onTerminal(
                    ([Binaries.path("tako"), "exec", plan, "--workspace", dir.file("ws")] + extra)
                        .map(Self.quoted).joined(separator: " "), in: dir)
            else { return }
            let shown = r.stdout + r.stderr
            #expect(!shown.contains("\u{1B}[31m"), "\(extra): \(shown.debugDescription)")
            #expect(!shown.contains("\u{1B}[2J"), "\(extra): \(shown.debugDescription)")
            #expect(shown.contains("red\\e[31mstep"), "\(extra): \(shown.debugDescription)")
        }
        // Files keep the bytes.
        let log = dir.read("plan.json.checkpoint.logs/root/red\u{1B}[31mstep.log")
        if !log.isEmpty { #expect(log.contains("bad\u{1B}[2Jline")) }
    }

    @Test func takocDiagnosticsOnATerminalShowControlCharactersEscaped() async throws {
        let dir = TempDir()
        try dir.write(
            """
            version: "1"
            workflows:
              hold:
                on: exec
                steps:
                  - id: "x\u{1B}[31my"
                    run: "true"

            """, to: "tako.yml")
        guard let r = try await Self.onTerminal("\(Self.quoted(Binaries.path("takoc"))) check tako.yml", in: dir) else { return }
        #expect(r.status != 0, "\(r.stdout)")
        #expect(!r.stdout.contains("\u{1B}[31m"), "\(r.stdout.debugDescription)")
        #expect(r.stdout.contains("x\\e[31my"), "\(r.stdout.debugDescription)")
    }
}
