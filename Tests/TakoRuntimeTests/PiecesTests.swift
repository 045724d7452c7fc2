import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

/// The small pieces on their own: names, parsing, masking, rendering, output.
@Suite struct PiecesTests {
    @Test(arguments: [
        ("version", "TAKO_INPUT_VERSION"), ("version-bump", "TAKO_INPUT_VERSION_BUMP"),
        ("target.os", "TAKO_INPUT_TARGET_OS"), ("already_snake", "TAKO_INPUT_ALREADY_SNAKE"),
    ])
    func inputVariableNames(_ name: String, _ variable: String) {
        #expect(StepEnvironment.inputVariable(name) == variable)
    }

    @Test func outputsFileLines() {
        let parsed = CommandStep.parseOutputsFile("a=1\nnoise\nb=x=y\r\na=2\n=nameless\n")
        #expect(parsed == ["a": "2", "b": "x=y"])
    }

    @Test func maskingReplacesEverySecretLongestFirst() {
        let masker = SecretMasker(values: ["abc", "abcdef", ""])
        #expect(masker.mask("x abcdef y abc z") == "x *** y *** z")
        #expect(masker.mask(["k": "abc"]) == ["k": "***"])
    }

    @Test func templatesRenderKnownHolesAndNameWhatIsMissing() throws {
        var scope = TemplateScope(
            inputs: ["v": "1.2"], env: ["E": "e"], outputs: ["build": ["tag": "t"]],
            unavailableSteps: ["broken": .failed], eventType: "built", payload: ["k": "p"])
        #expect(
            try scope.render(.template("{{ inputs.v }}-{{ env.E }}-{{ steps.build.outputs.tag }}-{{ event.payload.k }}-{{ event.type }}"))
                == "1.2-e-t-p-built")
        #expect(try scope.render(.value("{{ not a hole }}")) == "{{ not a hole }}")
        #expect(throws: RenderFailure.self) { try scope.render(.template("{{ inputs.missing }}")) }
        do {
            _ = try scope.render(.template("{{ steps.broken.outputs.x }}"))
        } catch {
            guard case .dependsOn(let step, _) = error else { Issue.record("\(error)"); return }
            #expect(step == "broken")
        }
        scope.processEnvironment = ["HOME": "/h"]
        #expect(try scope.render(.template("{{ env.HOME }}")) == "/h")
    }

    @Test func holesWithExpressionsAndPipesRenderAtRunTime() throws {
        var scope = TemplateScope(
            inputs: ["n": "3", "name": "o'brien"], outputs: ["build": ["tag": " V1 "]],
            unavailableSteps: ["broken": .skipped], eventType: "built", payload: ["ids": "a,b"])
        scope.inputTypes = ["n": "number"]
        #expect(try scope.render(.template("{{ inputs.n * 2.0 }} {{ inputs.name | shell_quote }}")) == "6 'o'\\''brien'")
        #expect(try scope.render(.template("{{ steps.build.outputs.tag | trim | lower }}")) == "v1")
        // A path keeps its text through text pipes; json gives a number input as a number.
        scope.inputs["price"] = "3.50"
        scope.inputTypes["price"] = "number"
        #expect(
            try scope.render(.template("{{ inputs.price | trim }} {{ inputs.price | json }} {{ inputs.name | json }}"))
                == "3.50 3.5 \"o'brien\"")
        #expect(try scope.render(.template("{{ event.payload.ids.split(',') | json }}")) == "[\"a\",\"b\"]")
        #expect(try scope.render(.template("{{ event.payload.missing | default(\"none\") }}")) == "none")
        #expect(try scope.render(.template("{{ event.payload['missing'] | default(\"none\") }}")) == "none")
        // A failing expression names the hole and the template; reading a skipped step skips the reader.
        do {
            _ = try scope.render(.template("x {{ int(event.payload.ids) }}"))
            Issue.record("should have failed")
        } catch {
            guard case .missing(let why) = error else { Issue.record("\(error)"); return }
            #expect(why.contains("'{{ int(event.payload.ids) }}' in 'x {{ int(event.payload.ids) }}'"))
        }
        do {
            _ = try scope.render(.template("{{ steps.broken.outputs.x.upperAscii() }}"))
            Issue.record("should have failed")
        } catch {
            guard case .dependsOn(let step, _) = error else { Issue.record("\(error)"); return }
            #expect(step == "broken")
        }
        #expect(try scope.render(.template("{{ steps.broken.outputs.x | default(\"n/a\") }}")) == "n/a")
    }

    @Test func journalLinesRoundTripAndRejectABadChecksum() throws {
        let record = JournalRecord(
            kind: .stepFinished, run: "r", step: "s", attempt: 2, status: "succeeded",
            exitCode: 0, outputs: ["v": "1"])
        let line = record.line()
        #expect(line.last == 0x0A)
        #expect(JournalRecord.parse(line: line.dropLast()) == record)
        var bad = line.dropLast()
        bad[bad.startIndex + 20] ^= 0x01
        #expect(JournalRecord.parse(line: bad) == nil)
    }

    @Test func replayCountsAttemptsAndKeepsOnlySucceededOrConditionSkippedSteps() {
        let key = StepKey(run: "r", step: "s")
        var state = JournalState()
        state.apply(JournalRecord(kind: .stepStarted, run: "r", step: "s", attempt: 1))
        state.apply(JournalRecord(kind: .stepFinished, run: "r", step: "s", attempt: 1, status: "failed"))
        state.apply(JournalRecord(kind: .stepStarted, run: "r", step: "s", attempt: 2))
        #expect(state.starts[key] == 2)
        #expect(state.unfinished.contains(key))
        #expect(state.kept(key) == nil)
        state.apply(JournalRecord(kind: .stepFinished, run: "r", step: "s", attempt: 2, status: "succeeded", outputs: ["o": "x"]))
        #expect(state.kept(key)?.outputs == ["o": "x"])
        #expect(!state.unfinished.contains(key))
    }

    @Test func theReportIsJSONWithTheExitCode() throws {
        let outcome = ExecOutcome(
            planDigest: "sha256:ab", status: .failed, seconds: 1.5,
            runs: [
                RunResult(
                    id: "root", repo: "acme/app", workflow: "wf", parent: nil, status: .failed,
                    steps: [StepResult(id: "a", status: .failed, exitCode: 3, tail: ["boom"])])
            ])
        let json = try #require(try JSONSerialization.jsonObject(with: Report.encode(outcome)) as? [String: Any])
        #expect(json["exit_code"] as? Int == 1)
        #expect(json["format_version"] as? String == "1.0")
        #expect(json["plan_digest"] as? String == "sha256:ab")
        let decoded = try JSONDecoder().decode(ExecOutcome.self, from: Report.encode(outcome))
        #expect(decoded == outcome)
    }

    @Test func liveProgressRedrawsOneStatusLineInPlace() {
        let written = Lines()
        let live = LiveProgress(write: { written.append($0) })
        live.observe(.runStarted(run: "root"))
        live.observe(.stepStarted(run: "root", step: "a", attempt: 1))
        live.observe(.stepFinished(run: "root", result: StepResult(id: "a", status: .succeeded, seconds: 0.1)))
        live.finish()
        let text = written.all.joined()
        #expect(text.contains("\r\u{1B}[2K"))
        #expect(text.contains("✓ root/a"))
        #expect(text.contains("1 done"))
    }
}

final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

@Suite struct JournalEncodingTests {
    @Test func handWrittenJSONIsWhatJSONEncoderWrites() throws {
        let records = [
            JournalRecord.header(planDigest: "sha256:ab/cd"),
            JournalRecord(
                kind: .stepFinished, run: "r/1", step: "s \"q\"", attempt: 3, status: "succeeded", exitCode: -2,
                outputs: ["b": "line\nnext\ttab\\ é \u{01}", "a": ""], seconds: 0.313, at: 1795706821.743),
            JournalRecord(kind: .payload, run: "r", step: "s", payload: [:], seconds: 2),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for record in records {
            let ours = JournalEncoding.json(record)
            #expect(try JSONDecoder().decode(JournalRecord.self, from: Data(ours.utf8)) == record)
            #expect(ours == String(decoding: try encoder.encode(record), as: UTF8.self))
        }
        #expect(Summary.tenths(0.04) == "0.0")
        #expect(Summary.tenths(12.36) == "12.4")
        #expect(Summary.padded("1.5s", to: 7) == "   1.5s")
    }
}

/// `--dry-run` keeps a multi-line command under its step.
@Suite struct DryRunTextTests {
    @Test func everyLineOfAMultiLineCommandIsIndented() {
        let plan = Plans.plan(
            root: "/tmp",
            runs: [
                Plans.run("root", steps: [Plans.step("build", "set -e\nmake\nmake install\n"), Plans.step("one", "true")])
            ])
        let text = DryRun.render(plan)
        #expect(text.hasPrefix("plan \(plan.digest): 1 run\n"), "\(text)")
        #expect(text.contains("\n  build: set -e\n    │ make\n    │ make install\n  one: true"), "\(text)")
    }
}
