import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// The remaining paths, priorities and simulation behind `--schedule critical-path` and
/// `takoc plan --estimate`, and the duration history's file.
@Suite struct PlanScheduleTests {
    /// root: fan-out (waits) to a chain of 3 steps and a run of 1, then a last step.
    static func plan() -> Plan {
        var runs = [
            Plans.run("root", steps: [Plans.fanOut("fan", children: ["chain", "short"]), Plans.step("last", "true")]),
            Plans.run("chain", parent: "root/fan", steps: [Plans.step("a", "true"), Plans.step("b", "true"), Plans.step("c", "true")]),
            Plans.run("short", parent: "root/fan", steps: [Plans.step("x", "true")]),
        ]
        runs[2].priority = 7
        return Plans.plan(root: "/tmp", runs: runs)
    }

    @Test func withoutAHistoryThePathCountsSteps() {
        let schedule = PlanSchedule(plan: Self.plan())
        #expect(schedule.tails["chain"] == [3, 2, 1, 0])
        #expect(schedule.tails["short"] == [1, 0])
        // The fan-out waits: its longest child, then the step after it.
        #expect(schedule.tails["root"] == [4, 1, 0])
        #expect(schedule.known == 0 && schedule.unknown == 5)
        #expect(schedule.criticalRuns(of: Self.plan()) == ["root", "chain"])
    }

    @Test func recordedDurationsAndPrioritiesRankTheSteps() {
        let seconds = ["a": 0.1, "b": 0.1, "c": 0.1, "x": 5.0]
        let schedule = PlanSchedule(plan: Self.plan()) { _, step in seconds[step.id] }
        #expect(abs((schedule.tails["chain"]?.first ?? 0) - 0.3) < 1e-9)
        // "last" has no duration: it costs the mean of the recorded ones (5.3 / 4).
        #expect(abs((schedule.tails["root"]?.first ?? 0) - (5 + 5.3 / 4)) < 1e-9)
        #expect(schedule.criticalRuns(of: Self.plan()) == ["root", "short"])
        #expect(schedule.rank(run: "short", step: 0) > schedule.rank(run: "chain", step: 0))
        // A priority goes before any path; a child without one takes its parent's.
        let flat = PlanSchedule(plan: Self.plan())
        #expect(flat.rank(run: "short", step: 0) > flat.rank(run: "chain", step: 0))
        #expect(flat.priorities == ["root": 0, "chain": 0, "short": 7])
    }

    @Test func theSimulationFillsTheSlotsInRankOrder() {
        // Four independent children: one of 4 s, three of 1 s, on two slots.
        let runs =
            [Plans.run("root", steps: [Plans.fanOut("fan", children: ["s1", "s2", "s3", "long"])])]
            + ["s1", "s2", "s3"].map { Plans.run($0, parent: "root/fan", steps: [Plans.step("q", "true")]) }
            + [Plans.run("long", parent: "root/fan", steps: [Plans.step("l", "true")])]
        let plan = Plans.plan(root: "/tmp", runs: runs)
        let schedule = PlanSchedule(plan: plan) { run, _ in run.id == "long" ? 4 : 1 }
        // Long first: 4 s on one slot, the three short ones on the other.
        #expect(schedule.simulate(plan, maxParallel: 2) == 4)
        // In plan order: two short, then the third short beside the long one: 1 + 4.
        #expect(schedule.simulate(plan, maxParallel: 2, fifo: true) == 5)
        #expect(schedule.simulate(plan, maxParallel: 8) == 4)
        #expect(schedule.simulate(plan, maxParallel: 1) == 7)
    }

    @Test func aConcurrencyLimitHoldsChildrenBackInTheSimulation() {
        let runs =
            [Plans.run("root", steps: [Plans.fanOut("fan", children: ["a", "b", "c"], limit: 1)])]
            + ["a", "b", "c"].map { Plans.run($0, parent: "root/fan", steps: [Plans.step("q", "true")]) }
        let plan = Plans.plan(root: "/tmp", runs: runs)
        #expect(PlanSchedule(plan: plan) { _, _ in 2 }.simulate(plan, maxParallel: 4) == 6)
    }

    @Test func theHistoryKeepsTheLastSamplesAndWritesAtomically() throws {
        let dir = TempDir()
        let path = dir.file("d.json")
        let key = DurationHistory.Key(repo: "acme/a", workflow: "w", step: "s")
        for n in 1...7 { try DurationHistory.add([(key, Double(n))], to: path, at: Double(n)) }
        let history = try DurationHistory.load(path: path)
        #expect(history.entries[key]?.seconds == [3, 4, 5, 6, 7])
        #expect(history.expected(key) == 5)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
        // Deterministic bytes: sorted keys, one step a line.
        #expect(
            dir.read("d.json") == "{\"format_version\":\"1\",\"steps\":[\n{\"repo\":\"acme/a\",\"workflow\":\"w\",\"step\":\"s\","
                + "\"seconds\":[3,4,5,6,7],\"at\":7}\n]}\n")
    }

    @Test func aDamagedOrHostileHistoryIsRefusedWithAReason() throws {
        let dir = TempDir()
        #expect(try DurationHistory.load(path: dir.file("missing.json")).entries.isEmpty)
        for text in [
            "not json", "{\"format_version\":\"9\",\"steps\":[]}", "{\"format_version\":\"1\",\"steps\":[{\"repo\":1}]}",
            "{\"format_version\":\"1\",\"steps\":[{\"repo\":\"a\",\"workflow\":\"w\",\"step\":\"s\",\"seconds\":[-1],\"at\":1}]}",
            "[" + String(repeating: "[", count: 100_000),
        ] {
            try dir.write(text, to: "bad.json")
            #expect(throws: DurationHistory.Unreadable.self) { try DurationHistory.load(path: dir.file("bad.json")) }
        }
        try FileManager.default.createDirectory(atPath: dir.file("folder.json"), withIntermediateDirectories: true)
        #expect(throws: DurationHistory.Unreadable.self) { try DurationHistory.load(path: dir.file("folder.json")) }
        try Data(count: DurationHistory.maxFileBytes + 1).write(to: URL(fileURLWithPath: dir.file("big.json")))
        #expect(throws: DurationHistory.Unreadable.self) { try DurationHistory.load(path: dir.file("big.json")) }
        // A damaged file is replaced by the next exec's samples.
        try DurationHistory.add([(DurationHistory.Key(repo: "r", workflow: "w", step: "s"), 1)], to: dir.file("bad.json"), at: 1)
        #expect(try DurationHistory.load(path: dir.file("bad.json")).entries.count == 1)
    }
}
