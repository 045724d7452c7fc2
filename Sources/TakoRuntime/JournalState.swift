/// A run's step, the key of everything the journal remembers.
public struct StepKey: Hashable, Sendable, CustomStringConvertible {
    public var run: String
    public var step: String

    public init(run: String, step: String) {
        self.run = run
        self.step = step
    }

    public var description: String { "\(run)/\(step)" }
}

/// What an earlier exec left in the journal, replayed record by record.
public struct JournalState: Sendable {
    public struct Finished: Sendable, Hashable {
        public var status: StepStatus
        public var exitCode: Int32?
        public var outputs: [String: String]
        public var seconds: Double?
        public var attempt: Int
    }

    /// The last end recorded for each step.
    public private(set) var finished: [StepKey: Finished] = [:]
    /// How many times each step was started, over every exec.
    public private(set) var starts: [StepKey: Int] = [:]
    /// Steps started whose end was never recorded (the exec died or was interrupted).
    public private(set) var unfinished: Set<StepKey> = []
    public private(set) var payloads: [StepKey: [String: String]] = [:]
    /// The process groups of steps that started and have no recorded end: what a killed
    /// exec may have left running.
    public private(set) var groups: [StepKey: [ProcessGroupID]] = [:]
    /// How each step's condition was decided.
    public private(set) var decisions: [StepKey: Bool] = [:]
    /// How each child run's condition was decided, by run ID (a `condition` record with a
    /// run and no step, so it cannot be taken for a step's).
    public private(set) var runDecisions: [String: Bool] = [:]
    /// Status of the last exec when it recorded its end; nil when it never did.
    public private(set) var lastExecStatus: String?
    public private(set) var execs = 0

    public init() {}

    public init(replaying records: [JournalRecord]) {
        for record in records { apply(record) }
    }

    public mutating func apply(_ record: JournalRecord) {
        let key = record.run.flatMap { run in record.step.map { StepKey(run: run, step: $0) } }
        switch record.kind {
        case .header:
            break
        case .execStarted:
            execs += 1
            lastExecStatus = nil
        case .execFinished:
            lastExecStatus = record.status
        case .stepStarted:
            guard let key else { return }
            starts[key, default: 0] += 1
            unfinished.insert(key)
        case .stepFinished:
            guard let key, let status = record.status.flatMap(StepStatus.init(rawValue:)) else { return }
            unfinished.remove(key)
            groups[key] = nil
            finished[key] = Finished(
                status: status, exitCode: record.exitCode, outputs: record.outputs ?? [:],
                seconds: record.seconds, attempt: record.attempt ?? starts[key] ?? 1)
        case .processGroup:
            guard let key, let group = record.group, group > 1 else { return }
            groups[key, default: []].append(ProcessGroupID(group: group, leaderStart: record.groupStart))
        case .payload:
            guard let key else { return }
            payloads[key] = record.payload ?? [:]
        case .condition:
            guard let run = record.run, let status = record.status else { return }
            if let key {
                decisions[key] = status == "true"
            } else {
                runDecisions[run] = status == "true"
            }
        }
    }

    /// The step's recorded end when `--resume` keeps it: it succeeded, or its condition
    /// skipped it. Every other step runs again.
    public func kept(_ key: StepKey) -> Finished? {
        guard let f = finished[key], f.status == .succeeded || f.status == .skipped else { return nil }
        return f
    }

    /// Steps that finished successfully, for tests and reports.
    public var succeeded: Set<StepKey> {
        Set(finished.filter { $0.value.status == .succeeded }.keys)
    }
}
