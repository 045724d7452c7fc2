/// The order in which `tako exec` starts steps that wait for a slot, and what
/// `takoc plan --estimate` predicts from it. Shared by both, so that the estimate simulates
/// exactly the order the exec uses.
///
/// A step's **remaining path** is the longest chain of work that cannot start before it
/// ends, itself included: the rest of its run and, through its fan-outs, every run they
/// start. A fan-out that waits for its children adds its longest child's path before the
/// steps after it; one that does not wait runs beside them (the longer of the two counts).
/// A step costs its recorded duration when the history has one; a step without one costs
/// the mean of the recorded ones in the plan, or one second when none is recorded (then
/// the paths are step counts). Fan-out steps and `on_failure` handlers cost nothing.
public struct PlanSchedule: Sendable {
    /// Per run: the remaining path from each step (`steps.count + 1` entries, the last 0).
    public let tails: [String: [Double]]
    /// Per run: its priority (its subscription's, else its parent run's, else 0).
    public let priorities: [String: Int]
    /// Per run and step: what the step is expected to take, in seconds (0 for fan-outs).
    public let costs: [String: [Double]]
    /// Command steps with a recorded duration, and without one.
    public let known: Int
    public let unknown: Int

    /// `expected(run, step)`: the recorded duration of a command step, if any.
    public init(plan: Plan, expected: (PlannedRun, PlannedStep) -> Double? = { _, _ in nil }) {
        var recorded: [String: [Double?]] = [:]
        var sum = 0.0
        var known = 0
        var unknown = 0
        for run in plan.runs {
            recorded[run.id] = run.steps.map { step in
                guard step.fanOut == nil else { return 0 }
                let seconds = expected(run, step).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
                if let seconds {
                    sum += seconds
                    known += 1
                } else {
                    unknown += 1
                }
                return seconds
            }
        }
        let fallback = known > 0 ? sum / Double(known) : 1
        var costs: [String: [Double]] = [:]
        for (id, list) in recorded { costs[id] = list.map { $0 ?? fallback } }
        var priorities: [String: Int] = [:]
        // Runs come in plan order, a parent before its children.
        for run in plan.runs {
            let parentRun = run.parent.map { String($0.prefix { $0 != "/" }) }
            priorities[run.id] = run.priority ?? parentRun.flatMap { priorities[$0] } ?? 0
        }
        var tails: [String: [Double]] = [:]
        // Children after their parents: computed from the last run back.
        let byID = Dictionary(plan.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for run in plan.runs.reversed() {
            let cost = costs[run.id] ?? []
            var tail = [Double](repeating: 0, count: run.steps.count + 1)
            for index in stride(from: run.steps.count - 1, through: 0, by: -1) {
                let step = run.steps[index]
                let after = tail[index + 1]
                if let fanOut = step.fanOut {
                    let children = fanOut.children.compactMap { byID[$0] == nil ? nil : tails[$0]?.first }.max() ?? 0
                    tail[index] = fanOut.waitForChildren ? children + after : max(children, after)
                } else {
                    tail[index] = cost[index] + after
                }
            }
            tails[run.id] = tail
        }
        self.tails = tails
        self.priorities = priorities
        self.costs = costs
        self.known = known
        self.unknown = unknown
    }

    /// How a step (or the checkout before a run's first step) ranks among those waiting
    /// for a slot: higher first.
    public func rank(run: String, step index: Int) -> ScheduleRank {
        ScheduleRank(priority: priorities[run] ?? 0, path: tails[run].map { $0[min(max(index, 0), $0.count - 1)] } ?? 0)
    }

    /// The runs on the critical path from the root run, in plan order: at each fan-out on
    /// the path, the child with the longest path (the first of equals).
    public func criticalRuns(of plan: Plan) -> [String] {
        guard let root = plan.runs.first(where: { $0.parent == nil }) else { return [] }
        let byID = Dictionary(plan.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var on: [String] = []
        var queue = [root]
        while let run = queue.popLast() {
            on.append(run.id)
            let tail = tails[run.id] ?? []
            for (index, step) in run.steps.enumerated() {
                guard let fanOut = step.fanOut else { continue }
                var best: (String, Double)?
                for child in fanOut.children {
                    guard let path = tails[child]?.first, byID[child] != nil else { continue }
                    if best == nil || path > best!.1 { best = (child, path) }
                }
                guard let (child, path) = best else { continue }
                if fanOut.waitForChildren || path >= tail[index + 1] {
                    queue.append(byID[child]!)
                    // A fan-out that does not wait: the path leaves this run for the child.
                    if !fanOut.waitForChildren { break }
                }
            }
        }
        let order = Dictionary(plan.runs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        return on.sorted { order[$0]! < order[$1]! }
    }
}

/// Higher priority first; among equal priorities, the longer remaining path first.
public struct ScheduleRank: Sendable, Comparable {
    public var priority: Int
    public var path: Double

    public init(priority: Int, path: Double) {
        self.priority = priority
        self.path = path
    }

    /// The rank of `--schedule fifo`: all equal, so waiters start in the order they came.
    public static let fifo = ScheduleRank(priority: 0, path: 0)

    public static func < (a: ScheduleRank, b: ScheduleRank) -> Bool {
        a.priority != b.priority ? a.priority < b.priority : a.path < b.path
    }
}

extension PlanSchedule {
    /// What the plan is expected to take at `maxParallel` slots, in seconds: the exec
    /// simulated with each step's cost, in this schedule's order (`fifo`: in the order steps
    /// become ready). Every run is assumed to start (a run condition is taken as true, a
    /// step's `if` as true) and every step to succeed; checkouts and tako's own work between
    /// steps take no time.
    public func simulate(_ plan: Plan, maxParallel: Int, fifo: Bool = false) -> Double {
        var sim = Simulation(plan: plan, schedule: self, slots: max(1, maxParallel), fifo: fifo)
        return sim.run()
    }
}

/// The event-driven simulation behind `simulate`: slots, steps waiting for them in rank
/// order, fan-outs starting their children within `concurrency_limit`.
private struct Simulation {
    struct Waiter: Comparable {
        var rank: ScheduleRank
        var seq: Int
        var run: Int
        var step: Int
        /// Best first: the higher rank, then the earlier.
        static func < (a: Waiter, b: Waiter) -> Bool { a.rank != b.rank ? a.rank > b.rank : a.seq < b.seq }
    }

    struct Ending: Comparable {
        var at: Double
        var seq: Int
        var run: Int
        var step: Int
        static func < (a: Ending, b: Ending) -> Bool { a.at != b.at ? a.at < b.at : a.seq < b.seq }
    }

    /// One fan-out step being run: children not yet started, running, and who waits.
    struct FanOut {
        var pending: [Int]
        var running = 0
        var limit: Int
        var run: Int
        var step: Int
        var waits: Bool
    }

    let runs: [PlannedRun]
    let index: [String: Int]
    let schedule: PlanSchedule
    let fifo: Bool
    var free: Int
    var now = 0.0
    var seq = 0
    var waiting = Heap<Waiter>()
    var endings = Heap<Ending>()
    var fanOuts: [FanOut] = []
    /// Per run: the fan-out that started it, and what must end before the run has ended
    /// (its steps, plus children of fan-outs that do not wait).
    var startedBy: [Int?]
    var open: [Int]

    init(plan: Plan, schedule: PlanSchedule, slots: Int, fifo: Bool) {
        runs = plan.runs
        index = Dictionary(plan.runs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.schedule = schedule
        self.fifo = fifo
        free = slots
        startedBy = Array(repeating: nil, count: plan.runs.count)
        open = Array(repeating: 0, count: plan.runs.count)
    }

    mutating func run() -> Double {
        for (i, run) in runs.enumerated() where run.parent == nil { start(i) }
        while true {
            while free > 0, let next = waiting.pop() {
                free -= 1
                let cost = schedule.costs[runs[next.run].id]?[next.step] ?? 0
                seq += 1
                endings.push(Ending(at: now + cost, seq: seq, run: next.run, step: next.step))
            }
            guard let ended = endings.pop() else { break }
            now = ended.at
            free += 1
            advance(ended.run, to: ended.step + 1)
        }
        return now
    }

    mutating func start(_ run: Int) {
        open[run] = 1
        advance(run, to: 0)
    }

    /// The run goes on at step `step`: a command waits for a slot, a fan-out starts its
    /// children, past the last step the run's own steps are done.
    mutating func advance(_ run: Int, to step: Int) {
        var step = step
        let planned = runs[run]
        while step < planned.steps.count {
            guard let fan = planned.steps[step].fanOut else {
                seq += 1
                waiting.push(Waiter(rank: fifo ? .fifo : schedule.rank(run: planned.id, step: step), seq: seq, run: run, step: step))
                return
            }
            let children = fan.children.compactMap { index[$0] }
            if children.isEmpty {
                step += 1
                continue
            }
            // Children in rank order, as the fan-out's limiter would let them go.
            let ordered =
                fifo
                ? children
                : children.enumerated().sorted {
                    let a = schedule.rank(run: runs[$0.element].id, step: 0), b = schedule.rank(run: runs[$1.element].id, step: 0)
                    return a != b ? a > b : $0.offset < $1.offset
                }.map(\.element)
            let id = fanOuts.count
            fanOuts.append(
                FanOut(
                    pending: ordered.reversed(), limit: fan.concurrencyLimit ?? children.count, run: run, step: step,
                    waits: fan.waitForChildren))
            if !fan.waitForChildren { open[run] += 1 }
            for child in children { startedBy[child] = id }
            startChildren(id)
            if fan.waitForChildren { return }
            step += 1
        }
        runEnded(run)
    }

    mutating func startChildren(_ id: Int) {
        while fanOuts[id].running < fanOuts[id].limit, let child = fanOuts[id].pending.popLast() {
            fanOuts[id].running += 1
            start(child)
        }
    }

    /// One of the run's open parts ended; when none is left, the fan-out that started it
    /// hears of it.
    mutating func runEnded(_ run: Int) {
        open[run] -= 1
        guard open[run] == 0, let id = startedBy[run] else { return }
        fanOuts[id].running -= 1
        startChildren(id)
        guard fanOuts[id].running == 0 && fanOuts[id].pending.isEmpty else { return }
        let parent = fanOuts[id].run
        if fanOuts[id].waits {
            advance(parent, to: fanOuts[id].step + 1)
        } else {
            runEnded(parent)
        }
    }
}

/// A binary min-heap.
struct Heap<Element: Comparable> {
    private var items: [Element] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ item: Element) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < items.count && items[left] < items[best] { best = left }
            if right < items.count && items[right] < items[best] { best = right }
            if best == parent { break }
            items.swapAt(parent, best)
            parent = best
        }
        return top
    }
}
