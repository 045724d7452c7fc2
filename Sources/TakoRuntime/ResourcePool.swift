import Foundation
import TakoPlanFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--cpus` and `--memory`: steps that declare `resources` are started only while the
/// declared totals of the running steps, with theirs, fit. Waiters are served strictly in
/// rank order (the same `ScheduleRank` as the slots): a step that does not fit yet holds
/// back those behind it, so a large step is never starved by a stream of small ones.
actor ResourcePool: RankedGate {
    let cpuMillis: Int
    let memoryBytes: Int
    private var usedCPU = 0
    private var usedMemory = 0
    var queue = RankedWaiters<PlannedResources>()

    init(cpuMillis: Int, memoryBytes: Int) {
        self.cpuMillis = cpuMillis
        self.memoryBytes = memoryBytes
    }

    private func fits(_ need: PlannedResources) -> Bool {
        usedCPU + (need.cpuMillis ?? 0) <= cpuMillis && usedMemory + (need.memoryBytes ?? 0) <= memoryBytes
    }

    /// What is taken now, for `--debug`.
    var used: (cpuMillis: Int, memoryBytes: Int) { (usedCPU, usedMemory) }

    /// Takes `need`; true when it had to wait. A request larger than the pool is refused by
    /// the preflight, never here.
    @discardableResult
    func acquire(_ need: PlannedResources, rank: ScheduleRank) async throws -> Bool {
        if queue.isEmpty && fits(need) {
            take(need)
            return false
        }
        try await waitInLine(rank: rank, need: need)
        return true
    }

    private func take(_ need: PlannedResources) {
        usedCPU += need.cpuMillis ?? 0
        usedMemory += need.memoryBytes ?? 0
    }

    func release(_ need: PlannedResources) {
        usedCPU -= need.cpuMillis ?? 0
        usedMemory -= need.memoryBytes ?? 0
        admit()
    }

    /// Starts the best waiters while they fit.
    private func admit() {
        while let best = queue.best, fits(best) {
            take(best)
            queue.serveBest()
        }
    }

    /// A waiter that leaves may have held back smaller ones behind it.
    func waiterLeft() { admit() }

    /// The machine's cores and memory, the defaults of `--cpus` and `--memory`.
    static var machineCPUMillis: Int { ProcessInfo.processInfo.activeProcessorCount * 1000 }
    static var machineMemoryBytes: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory) }

    /// The one-minute load average, or nil when the system does not say.
    static func loadAverage() -> Double? {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) >= 1 ? loads[0] : nil
    }

    /// `2`, `0.5`, in cores.
    static func cores(_ millis: Int) -> String {
        millis % 1000 == 0 ? "\(millis / 1000)" : String(format: "%g", Double(millis) / 1000)
    }

    /// `4Gi`, `512Mi`, or bytes.
    static func memory(_ bytes: Int) -> String {
        for (suffix, shift) in [("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10)] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(suffix)"
        }
        return "\(bytes)"
    }
}
