import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// The critical-path order of `tako exec`, the durations it learns and `takoc plan
/// --estimate`, with the real binaries over a real cache. Times come from the steps' own
/// timestamps (`date +%s%N` at their start and end), compared within one test.
@Suite struct SchedulingTests {
    /// A step that writes `NANOS + RUN` and `NANOS - RUN` around a sleep to `$TIMES`.
    static func timed(_ id: String, _ seconds: String, resources: String? = nil) -> String {
        """
              - id: \(id)
        \(resources.map { "        resources: \($0)\n" } ?? "")
                run: |
                  echo "$(date +%s%N) + $TAKO_RUN_ID" >> "$TIMES"; sleep \(seconds); echo "$(date +%s%N) - $TAKO_RUN_ID" >> "$TIMES"

        """
    }

    static func subscriber(steps: String, priority: Int? = nil) -> String {
        """
        version: "1"
        workflows:
          work:
            steps:
        \(steps)
        subscriptions:
          - artifact: acme/root:default
            events: [go]
            workflow: work
        \(priority.map { "    priority: \($0)\n" } ?? "")
        """
    }

    /// acme/root fans out to twelve short runs (one step of 0.25 s) and, last in plan order,
    /// a chain: a short step, then one of 1.5 s. With two slots, fifo starts the chain's long
    /// step behind the short runs; critical-path first starts it as soon as it is ready.
    static func skewedOrganisation(in work: URL, priority: Int? = nil) throws -> String {
        let org = work.appendingPathComponent("org").path
        func write(_ repo: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: "\(org)/\(repo)", withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(org)/\(repo)/tako.yml"))
        }
        try write(
            "acme/root",
            """
            version: "1"
            workflows:
              release:
                steps:
                  - id: announce
                    uses: tako/fan-out@v1
                    with:
                      event_type: go
                      payload: {}

            """)
        for n in 1...12 {
            try write(String(format: "acme/short%02d", n), subscriber(steps: timed("quick", "0.25"), priority: priority))
        }
        try write(
            "acme/zchain", subscriber(steps: timed("prepare", "0.05") + timed("long", "1.5", resources: "{ cpu: 500m, memory: 256Mi }")))
        return org
    }

    /// The span from the first step's start to the last step's end, in seconds.
    static func makespan(_ lines: [String]) -> Double {
        let stamps = lines.compactMap { Int($0.split(separator: " ").first ?? "") }
        guard let first = stamps.min(), let last = stamps.max() else { return 0 }
        return Double(last - first) / 1e9
    }

    /// When the chain's long step started, after the first step of the exec started.
    static func chainStart(_ lines: [String]) -> Double? {
        let stamps = lines.compactMap { Int($0.split(separator: " ").first ?? "") }
        let chain = lines.filter { $0.hasSuffix("+ r14") }.compactMap { Int($0.split(separator: " ").first ?? "") }
        guard chain.count == 2, let first = stamps.min() else { return nil }
        return Double(chain.max()! - first) / 1e9
    }

    @Test func criticalPathFirstFinishesSoonerThanFifoAndTheEstimateIsClose() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: try Self.skewedOrganisation(in: work), in: work)
        let cache = work.appendingPathComponent("cache").path
        let plan = work.appendingPathComponent("plan.json").path
        let durations = work.appendingPathComponent("durations.json").path
        let made = try await Binaries.runAsync(
            "takoc", ["plan", "--repo", "acme/root", "--workflow", "release", "--cache-dir", cache, "-o", plan])
        #expect(made.status == 0, "\(made.stderr)")
        // The step's resources travel in the plan, in millicores and bytes.
        let json = try String(contentsOfFile: plan, encoding: .utf8)
        #expect(
            json.contains("\"resources\" : {\n            \"cpu_millis\" : 500,\n            \"memory_bytes\" : 268435456\n"), "\(json)")

        func exec(_ times: String, _ extra: [String]) async throws {
            let r = try await Binaries.runAsync(
                "tako",
                [
                    "exec", plan, "--workspace", work.appendingPathComponent("ws").path,
                    "--max-parallel", "2", "--durations", durations,
                ] + extra,
                environment: ["TIMES": work.appendingPathComponent(times).path, "TAKO_PASS_ENV": "TIMES"])
            #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        }
        // The first exec records the durations the others are scheduled with.
        try await exec("times0", ["--schedule", "fifo"])
        let history = try String(contentsOfFile: durations, encoding: .utf8)
        #expect(history.contains("\"repo\":\"acme/zchain\",\"workflow\":\"work\",\"step\":\"long\""), "\(history)")
        // Two execs of each order, alternating; each order's shortest makespan counts. The
        // suite shares two cores with every other suite, and a busy moment only ever makes
        // an exec slower, so the minimum is the figure least touched by the noise.
        for round in 0..<2 {
            try await exec("times-fifo\(round)", ["--schedule", "fifo"])
            try await exec("times-cp\(round)", [])
        }
        let lines = { (name: String) in
            ((try? String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        let fifo = min(Self.makespan(lines("times-fifo0")), Self.makespan(lines("times-fifo1")))
        let critical = min(Self.makespan(lines("times-cp0")), Self.makespan(lines("times-cp1")))
        for round in 0..<2 {
            #expect(lines("times-fifo\(round)").count == 28 && lines("times-cp\(round)").count == 28)
        }
        // fifo: the long step waits behind most short runs (about 1.5 s of them on two
        // slots); critical path first: it starts right after the chain's first step.
        #expect(critical < fifo * 0.9, "critical path first \(critical)s, fifo \(fifo)s")
        if let early = Self.chainStart(lines("times-cp0")), let late = Self.chainStart(lines("times-fifo0")) {
            #expect(early < late, "the long step started at \(early)s (critical path) and \(late)s (fifo)")
        }

        let estimate = try await Binaries.runAsync(
            "takoc",
            [
                "plan", "--repo", "acme/root", "--workflow", "release", "--cache-dir", cache,
                "--estimate", "--max-parallel", "2", "--durations", durations,
            ])
        #expect(estimate.status == 0, "\(estimate.stderr)")
        let text = estimate.stdout
        let predicted = text.firstMatch(of: /expected wall time: ([0-9.]+)s at --max-parallel 2/).flatMap { Double($0.1) }
        #expect(predicted != nil, "\(text)")
        if let predicted {
            #expect(abs(predicted - critical) <= critical * 0.2, "estimated \(predicted)s, the exec took \(critical)s\n\(text)")
        }
        // The path: the root, then the chain (r14, the last child).
        #expect(text.contains("critical path:") && text.contains("through 2 runs"), "\(text)")
        #expect(text.contains("  r14  acme/zchain work"), "\(text)")
        #expect(text.contains("durations: all 14 command steps recorded in \(durations)"), "\(text)")
    }

    /// A subscription's priority goes before the critical path: the short runs, with
    /// priority 5, start before the chain's long step though its path is longer.
    @Test func aPriorityOverridesTheCriticalPath() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: try Self.skewedOrganisation(in: work, priority: 5), in: work)
        let cache = work.appendingPathComponent("cache").path
        let plan = work.appendingPathComponent("plan.json").path
        let made = try await Binaries.runAsync(
            "takoc", ["plan", "--repo", "acme/root", "--workflow", "release", "--cache-dir", cache, "-o", plan])
        #expect(made.status == 0, "\(made.stderr)")
        let json = try String(contentsOfFile: plan, encoding: .utf8)
        #expect(json.components(separatedBy: "\"priority\" : 5").count - 1 == 12)
        let r = try await Binaries.runAsync(
            "tako",
            [
                "exec", plan, "--workspace", work.appendingPathComponent("ws").path, "--max-parallel", "2",
                "--durations", work.appendingPathComponent("durations.json").path, "--debug",
            ],
            environment: ["TIMES": work.appendingPathComponent("times").path, "TAKO_PASS_ENV": "TIMES"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = ((try? String(contentsOf: work.appendingPathComponent("times"), encoding: .utf8)) ?? "").split(separator: "\n").map(
            String.init)
        // Every short run started before the chain's long step.
        let longStart = lines.filter { $0.hasSuffix("+ r14") }.compactMap { Int($0.split(separator: " ")[0]) }.max() ?? 0
        let shortStarts = lines.filter { $0.contains(" + ") && !$0.hasSuffix("r14") }.compactMap { Int($0.split(separator: " ")[0]) }
        #expect(shortStarts.count == 12 && shortStarts.allSatisfy { $0 < longStart }, "\(lines)")
        // --debug says why a step waits.
        #expect(r.stderr.contains("waits: 2 of --max-parallel 2 slots taken"), "\(r.stderr)")
        #expect(r.stderr.contains("tako: debug: step 'r14/long' starts"), "\(r.stderr)")
        #expect(
            r.stderr.contains("tako: debug: step 'r14/long' waits for step 'r14/prepare' before it (a dependency: its run's order)"),
            "\(r.stderr)")
    }

    /// A child run whose one step declares `resources` and writes its timestamps.
    static func resourceRun(_ id: String, cpu: Int?, memory: Int?, times: String) -> PlannedRun {
        var step = Plans.step(
            "work", "echo \"$(date +%s%N) + $TAKO_RUN_ID\" >> \(times); sleep 0.3; echo \"$(date +%s%N) - $TAKO_RUN_ID\" >> \(times)")
        step.resources = PlannedResources(cpuMillis: cpu, memoryBytes: memory)
        return Plans.run(id, parent: "root/fan", steps: [step])
    }

    /// The largest total of `declared` over the steps running at once, from `NANOS +|- RUN`.
    static func peak(_ lines: [String], _ declared: [String: Int]) -> Int {
        let events = lines.compactMap { line -> (Int, Int)? in
            let parts = line.split(separator: " ")
            guard parts.count == 3, let t = Int(parts[0]) else { return nil }
            return (t, (parts[1] == "+" ? 1 : -1) * (declared[String(parts[2])] ?? 0))
        }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var running = 0
        var peak = 0
        for (_, delta) in events {
            running += delta
            peak = max(peak, running)
        }
        return peak
    }

    @Test func declaredResourcesAreNeverOversubscribed() throws {
        let dir = TempDir()
        let times = dir.file("times")
        let gi = 1 << 30
        let cpus = ["big1": 2000, "big2": 2000, "big3": 2000, "small1": 1000, "small2": 1000, "mem1": 500, "mem2": 500]
        let memory = ["mem1": 3 * gi, "mem2": 3 * gi, "small1": gi]
        let ids = cpus.keys.sorted()
        let plan = Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [Plans.run("root", steps: [Plans.fanOut("fan", children: ids)])]
                    + ids.map { Self.resourceRun($0, cpu: cpus[$0], memory: memory[$0], times: times) }), in: dir)
        let r = try Binaries.run(
            "tako",
            [
                "exec", plan, "--workspace", dir.file("ws"), "--max-parallel", "8", "--cpus", "3",
                "--memory", "4Gi", "--durations", dir.file("d.json"), "--debug",
            ], cwd: dir.url)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = dir.lines("times")
        #expect(lines.count == 2 * ids.count)
        #expect(Self.peak(lines, cpus) <= 3000, "\(lines)")
        #expect(Self.peak(lines, memory) <= 4 * gi, "\(lines)")
        // Not one at a time either: a small step fits beside a big one.
        #expect(Self.peak(lines, Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) })) >= 2, "\(lines)")
        #expect(r.stderr.contains("waits for resources: it declares cpu 2; "), "\(r.stderr)")
    }

    @Test func aStepThatCanNeverFitIsRefusedBeforeAnythingRuns() throws {
        let dir = TempDir()
        let times = dir.file("times")
        let plan = Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run("root", steps: [Plans.step("first", "touch \(times)"), Plans.fanOut("fan", children: ["huge"])]),
                    Self.resourceRun("huge", cpu: 16000, memory: 64 << 30, times: times),
                ]), in: dir)
        let r = try Binaries.run(
            "tako",
            [
                "exec", plan, "--workspace", dir.file("ws"), "--cpus", "4", "--memory", "8Gi",
                "--durations", dir.file("d.json"),
            ], cwd: dir.url)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "tako: error: step 'work' of run 'huge' (acme/app/tako.yml:1:1) declares cpu 16, more than --cpus 4 "
                    + "and memory 64Gi, more than --memory 8Gi; it could never start"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: times))
        let bad = try Binaries.run("tako", ["exec", plan, "--cpus", "lots"], cwd: dir.url)
        #expect(
            bad.status == 2 && bad.stderr.contains("--cpus takes a number of cores, such as 8, 0.5 or 3500m, not 'lots'"), "\(bad.stderr)")
    }
}
