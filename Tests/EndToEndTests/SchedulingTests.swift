import Foundation
import TakoTestSupport
import Testing

/// The critical-path order of `tako exec`, the durations it learns and `takoc plan
/// --estimate`, with the real binaries over a real cache. Times come from the steps' own
/// timestamps (`date +%s%N` at their start and end), compared within one test.
@Suite struct SchedulingTests {
    /// A step that writes `NANOS + RUN` and `NANOS - RUN` around a sleep to `$TIMES`.
    static func timed(_ id: String, _ seconds: String) -> String {
        """
              - id: \(id)
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
        try write("acme/root", """
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
        try write("acme/zchain", subscriber(steps: timed("prepare", "0.05") + timed("long", "1.5")))
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
        let made = try await Binaries.runAsync("takoc", ["plan", "--repo", "acme/root", "--workflow", "release", "--cache-dir", cache, "-o", plan])
        #expect(made.status == 0, "\(made.stderr)")

        func exec(_ times: String, _ extra: [String]) async throws {
            let r = try await Binaries.runAsync("tako", ["exec", plan, "--workspace", work.appendingPathComponent("ws").path,
                                                         "--max-parallel", "2", "--durations", durations] + extra,
                                                environment: ["TIMES": work.appendingPathComponent(times).path, "TAKO_PASS_ENV": "TIMES"])
            #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        }
        // The first exec records the durations the others are scheduled with.
        try await exec("times0", ["--schedule", "fifo"])
        let history = try String(contentsOfFile: durations, encoding: .utf8)
        #expect(history.contains("\"repo\":\"acme/zchain\",\"workflow\":\"work\",\"step\":\"long\""), "\(history)")
        try await exec("times-fifo", ["--schedule", "fifo"])
        try await exec("times-cp", [])
        let lines = { (name: String) in
            ((try? String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        let fifo = Self.makespan(lines("times-fifo"))
        let critical = Self.makespan(lines("times-cp"))
        #expect(lines("times-fifo").count == 28 && lines("times-cp").count == 28)
        // fifo: the long step waits behind most short runs (about 1.5 s of them on two
        // slots); critical path first: it starts right after the chain's first step.
        #expect(critical < fifo * 0.9, "critical path first \(critical)s, fifo \(fifo)s")
        if let early = Self.chainStart(lines("times-cp")), let late = Self.chainStart(lines("times-fifo")) {
            #expect(early < late, "the long step started at \(early)s (critical path) and \(late)s (fifo)")
        }

        let estimate = try await Binaries.runAsync("takoc", ["plan", "--repo", "acme/root", "--workflow", "release", "--cache-dir", cache,
                                                             "--estimate", "--max-parallel", "2", "--durations", durations])
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
        let made = try await Binaries.runAsync("takoc", ["plan", "--repo", "acme/root", "--workflow", "release", "--cache-dir", cache, "-o", plan])
        #expect(made.status == 0, "\(made.stderr)")
        let json = try String(contentsOfFile: plan, encoding: .utf8)
        #expect(json.components(separatedBy: "\"priority\" : 5").count - 1 == 12)
        let r = try await Binaries.runAsync("tako", ["exec", plan, "--workspace", work.appendingPathComponent("ws").path, "--max-parallel", "2",
                                                     "--durations", work.appendingPathComponent("durations.json").path, "--debug"],
                                            environment: ["TIMES": work.appendingPathComponent("times").path, "TAKO_PASS_ENV": "TIMES"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = ((try? String(contentsOf: work.appendingPathComponent("times"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        // Every short run started before the chain's long step.
        let longStart = lines.filter { $0.hasSuffix("+ r14") }.compactMap { Int($0.split(separator: " ")[0]) }.max() ?? 0
        let shortStarts = lines.filter { $0.contains(" + ") && !$0.hasSuffix("r14") }.compactMap { Int($0.split(separator: " ")[0]) }
        #expect(shortStarts.count == 12 && shortStarts.allSatisfy { $0 < longStart }, "\(lines)")
        // --debug says why a step waits.
        #expect(r.stderr.contains("waits: 2 of --max-parallel 2 slots taken"), "\(r.stderr)")
        #expect(r.stderr.contains("tako: debug: step 'r14/long' starts"), "\(r.stderr)")
    }
}
