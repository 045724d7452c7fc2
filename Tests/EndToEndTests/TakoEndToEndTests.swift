import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// The release train compiled by `takoc` and run by `tako`, as `make demo` does.
/// Each test works in its own scratch folder (cache, plan, checkpoint, --workspace), so they
/// run in parallel.
@Suite struct TakoEndToEndTests {
    /// A scratch folder holding the cache of an example and the plan `takoc plan` made from it.
    struct Planned {
        let work: URL
        let plan: String
        /// What `takoc plan` printed.
        let takoc: ProcessResult

        var report: String { work.appendingPathComponent("report.json").path }

        /// `tako exec` of the plan, two steps at once, with a report.
        var exec: [String] {
            ["exec", plan, "--workspace", work.appendingPathComponent("ws").path, "--max-parallel", "2", "--report", report]
        }
    }

    /// Makes the cache of `example` in a new scratch folder (the caller removes `work`) and
    /// runs `takoc plan` with `arguments` over it into `plan.json`.
    static func plan(example: String, _ arguments: [String]) async throws -> Planned {
        let work = try Binaries.scratch()
        do {
            try await Binaries.makeCache(example: example, in: work)
            let plan = work.appendingPathComponent("plan.json").path
            let p = try await Binaries.runAsync(
                "takoc", ["plan"] + arguments + ["--cache-dir", work.appendingPathComponent("cache").path, "-o", plan])
            #expect(p.status == 0, "\(p.stderr)")
            return Planned(work: work, plan: plan, takoc: p)
        } catch {
            try? FileManager.default.removeItem(at: work)
            throw error
        }
    }

    @Test func theReleaseTrainRunsAndPassesValuesAlong() async throws {
        let planned = try await Self.plan(
            example: "release-train", ["--repo", "acme/core-lib", "--workflow", "release", "--input", "version=2.0.1"])
        defer { try? FileManager.default.removeItem(at: planned.work) }
        let r = try await Binaries.runAsync("tako", planned.exec)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("10 succeeded, 0 failed, 0 skipped"))
        let text = try String(contentsOfFile: planned.report, encoding: .utf8)
        // The library's build output travelled through the event payload into billing's input.
        #expect(text.contains("billing tests passed against core-lib 2.0.1 (core-lib-2.0.1-c0ffee)"))
        #expect(text.contains("\"release\" : \"checkout-2.0.1-staging\""))
        // The cache was only read: its clones are still clean, with no files from the steps.
        let clone = planned.work.appendingPathComponent("cache/repos/acme/billing/main/CORE_LIB_VERSION").path
        #expect(!FileManager.default.fileExists(atPath: clone))
    }

    @Test func aFailingStepFailsTheRunWithExitOne() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        // An input that the build script turns into a failure is not possible with the example, so
        // plan with an invalid input first: that is a compile error (exit 1) and no plan.
        let bad = try await Binaries.runAsync(
            "takoc",
            [
                "plan", "--repo", "acme/core-lib", "--workflow", "release", "--input", "version=banana",
                "--cache-dir", work.appendingPathComponent("cache").path, "-o", work.appendingPathComponent("p.json").path,
            ])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: input 'version' is not valid: 'banana' does not match the pattern"))
        #expect(try await Binaries.runAsync("tako", ["exec", work.appendingPathComponent("missing.json").path]).status == 2)
    }

    /// Examples/rollout: the platform's version comes from its build step, so the apps'
    /// filters on it are left in the plan as run conditions. tako exec starts web (2.x) and
    /// skips mobile (1.x only) with the store listing mobile would have started.
    @Test func aFilterOnAStepOutputDecidesItsRunAtRunTime() async throws {
        let planned = try await Self.plan(example: "rollout", ["--repo", "acme/platform", "--workflow", "release", "--explain"])
        defer { try? FileManager.default.removeItem(at: planned.work) }
        let p = planned.takoc
        #expect(p.stdout.contains("[if semver.major(event.payload.version) == 1]"), "\(p.stdout)")
        #expect(
            p.stderr.contains(
                "acme/mobile 'rebuild' (r2) is left for run time: the filter 'semver.major(event.payload.version) == 1' reads "
                    + "event.payload.version, which exists only when r1/announce runs"), "\(p.stderr)")

        let dry = try await Binaries.runAsync("tako", ["exec", planned.plan, "--dry-run"])
        #expect(
            dry.stdout.contains(
                "if semver.major(event.payload.version) == 1  (decided when the run would start, from event.payload.version"),
            "\(dry.stdout)")

        let r = try await Binaries.runAsync("tako", planned.exec)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(
            r.stdout.contains(
                "⊘ r2  acme/mobile · rebuild  (its condition was false: semver.major(event.payload.version) == 1 (event.payload.version = \"2.3.0\"))"
            ), "\(r.stdout)")
        #expect(r.stdout.contains("⊘ r3  acme/store · publish  (not started: run r2 did not start)"), "\(r.stdout)")
        #expect(r.stdout.contains("✓ r4  acme/web · upgrade"), "\(r.stdout)")
        #expect(r.stdout.contains("✓ r5  acme/store · publish"), "\(r.stdout)")
        #expect(r.stdout.contains("succeeded in "), "\(r.stdout)")
        #expect(r.stdout.contains(": 5 succeeded, 0 failed, 3 skipped"), "\(r.stdout)")
        let outcome = try ExecReport(at: planned.report)
        #expect(
            outcome.runs.map { "\($0["id"] ?? "")=\($0["status"] ?? "")" } == [
                "r1=succeeded", "r2=skipped", "r3=skipped", "r4=succeeded", "r5=succeeded",
            ])
        #expect(outcome.json["exit_code"] as? Int == 0)
        let journal = try String(contentsOfFile: planned.plan + ".checkpoint", encoding: .utf8)
        #expect(journal.contains("\"run\":\"r2\",\"status\":\"false\",\"type\":\"condition\"}"), "\(journal)")
        #expect(journal.contains("\"run\":\"r4\",\"status\":\"true\",\"type\":\"condition\"}"), "\(journal)")

        // Resumed, every run is decided as the first exec decided it: from the journal.
        let again = try await Binaries.runAsync("tako", planned.exec + ["--resume"])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(
            again.stdout.contains(
                "⊘ r2  acme/mobile · rebuild  (its condition was false (decided by an earlier exec): "
                    + "semver.major(event.payload.version) == 1)"), "\(again.stdout)")
        #expect(again.stdout.contains("✓ deploy (from checkpoint)"), "\(again.stdout)")
    }

    /// `--events`: every line of the release train's event stream validates against
    /// Grammar/tako-events.schema.json (python3's jsonschema; skipped with a message where it
    /// is missing), and its step events say what the report says.
    @Test func theEventStreamValidatesAgainstItsSchemaAndMatchesTheReport() async throws {
        let planned = try await Self.plan(
            example: "release-train", ["--repo", "acme/core-lib", "--workflow", "release", "--input", "version=1.4.0"])
        defer { try? FileManager.default.removeItem(at: planned.work) }
        let r = try await Binaries.runAsync("tako", planned.exec + ["--events", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        // With `--events -`, standard output holds the events alone; the summary went to stderr.
        #expect(r.stderr.contains("10 succeeded, 0 failed, 0 skipped"), "\(r.stderr)")
        let events = r.stdout.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
        #expect(events.first?["type"] as? String == "exec_started")
        #expect(events.last?["type"] as? String == "exec_finished")
        #expect(events.allSatisfy { $0["format_version"] as? String == "1.0" })

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = root.appendingPathComponent("Grammar/tako-events.schema.json").path
        let eventsFile = planned.work.appendingPathComponent("events.jsonl").path
        try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: eventsFile))
        let check = try await Binaries.runAsync(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import json, sys
                try:
                    import jsonschema
                except ImportError:
                    print("SKIP"); sys.exit(0)
                schema = json.load(open(sys.argv[1]))
                jsonschema.Draft202012Validator.check_schema(schema)
                v = jsonschema.Draft202012Validator(schema)
                bad = [f"line {n}: {e.message}" for n, l in enumerate(open(sys.argv[2]), 1) for e in v.iter_errors(json.loads(l))]
                print("\\n".join(bad)); sys.exit(1 if bad else 0)
                """, schema, eventsFile,
            ])
        if check.stdout.hasPrefix("SKIP") {
            print("skipped: the schema check needs python3 with jsonschema (make deps installs it)")
        } else {
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        }

        // Every step_finished event is the report's step: status, attempt, exit code, log, output names.
        var fromReport: [String: String] = [:]
        for run in try ExecReport(at: planned.report).runs {
            for step in run["steps"] as? [[String: Any]] ?? [] {
                let outputs = ((step["outputs"] as? [String: String]) ?? [:]).keys.sorted()
                fromReport["\(run["id"]!)/\(step["id"]!)"] =
                    "\(step["status"]!) \(step["attempt"]!) \(step["exit_code"] ?? "-") "
                    + "\(step["log"] ?? "-") \(outputs)"
            }
        }
        var fromEvents: [String: String] = [:]
        for event in events where event["type"] as? String == "step_finished" {
            fromEvents["\(event["run"]!)/\(event["step"]!)"] =
                "\(event["status"]!) \(event["attempt"]!) \(event["exit_code"] ?? "-") "
                + "\(event["log"] ?? "-") \((event["outputs"] as? [String]) ?? [])"
        }
        #expect(fromEvents.count == 10)
        #expect(fromEvents == fromReport)
        let started = events.filter { $0["type"] as? String == "step_started" && $0["children"] == nil }
        #expect(started.count == 7)
        for event in started {
            let log = event["log"] as? String ?? ""
            #expect(FileManager.default.fileExists(atPath: log), "\(log)")
        }
    }
}
