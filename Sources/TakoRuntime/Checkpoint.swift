import Dispatch
import Foundation
import TakoBasics

/// The checkpoint journal of one exec: owns the locked file, appends records and makes each
/// durable before returning, so a step's start is on disk before its process exists and
/// its end before anything that depends on it starts.
public actor Checkpoint {
    private let file: JournalFile
    /// Lines waiting for the next write, and the appenders waiting for them to be durable.
    private var pending = Data()
    private var waiting: [CheckedContinuation<Void, any Error>] = []
    private var writing = false
    private var failure: ExecError?
    /// Writes and fsyncs happen here, off the actor, so appends that arrive meanwhile
    /// join the next write (group commit: one fsync for all of them).
    private static let io = DispatchQueue(label: "tako.checkpoint.io")
    public nonisolated let path: String
    /// What earlier execs recorded (empty for a fresh start).
    public nonisolated let previous: JournalState

    private init(file: JournalFile, previous: JournalState) {
        self.file = file
        self.path = file.path
        self.previous = previous
    }

    /// Opens and locks the checkpoint for an exec of the plan with `planDigest`.
    ///
    /// - A missing or empty file starts a new journal.
    /// - Another plan's journal, or a damaged one, is refused.
    /// - With `resume`, the journal is continued (a torn last line is dropped first).
    /// - Without it, a journal whose exec finished is started over; one whose exec was
    ///   interrupted or died is refused, so nothing is lost by forgetting `--resume`.
    public static func open(path: String, planDigest: String, resume: Bool) throws(ExecError) -> Checkpoint {
        let file = try JournalFile.openLocked(path)
        let contents = try file.read()
        if contents.records.isEmpty {
            try file.truncate(to: 0)
            try file.append(JournalRecord.header(planDigest: planDigest).line())
            return Checkpoint(file: file, previous: JournalState())
        }
        let header = contents.records[0]
        guard header.kind == .header, header.journalVersion == JournalRecord.formatVersion, let digest = header.planDigest else {
            throw ExecError(
                .checkpointForeign,
                "'\(path)' is not a tako checkpoint of this version; "
                    + "delete it or pass another --checkpoint")
        }
        guard digest == planDigest else {
            throw ExecError(
                .checkpointForeign,
                "the checkpoint '\(path)' belongs to another plan (\(digest), "
                    + "this plan is \(planDigest)); delete it to start this plan from the beginning, or pass another --checkpoint")
        }
        let state = JournalState(replaying: contents.records)
        if !resume {
            guard let last = state.lastExecStatus, last != ExecOutcome.Status.interrupted.rawValue else {
                throw ExecError(
                    .checkpointUnfinished,
                    "the checkpoint '\(path)' holds an exec of this plan that did not finish; "
                        + "pass --resume to continue it, or delete the checkpoint to start over")
            }
            try file.truncate(to: 0)
            try file.append(JournalRecord.header(planDigest: planDigest).line())
            return Checkpoint(file: file, previous: JournalState())
        }
        if contents.tornBytes > 0 { try file.truncate(to: contents.goodLength) }
        return Checkpoint(file: file, previous: state)
    }

    /// Every record of a checkpoint, for tests and tools; a torn last line is left out.
    /// Reads without taking the lock.
    public static func records(at path: String) throws -> [JournalRecord] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var out: [JournalRecord] = []
        var start = data.startIndex
        while let newline = data[start...].firstIndex(of: 0x0A) {
            if let record = JournalRecord.parse(line: data[start..<newline]) { out.append(record) }
            start = newline + 1
        }
        return out
    }

    /// Ends this exec's use of the checkpoint: the lock is released.
    public func close() {
        file.close()
    }

    /// Appends a record and returns once it is on disk (written and fsynced). Records
    /// appended together share one write and one fsync, in the order they were appended.
    /// With `waitForDisk: false` it returns at once: the record joins the next write (and a
    /// failure to write it is thrown by the next append that waits).
    public func append(_ record: JournalRecord, waitForDisk: Bool = true) async throws(ExecError) {
        if let failure { throw failure }
        var stamped = record
        stamped.at = (Date().timeIntervalSince1970 * 1000).rounded() / 1000
        pending.append(stamped.line())
        guard waitForDisk else {
            startWriting()
            return
        }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiting.append(continuation)
                startWriting()
            }
        } catch let error as ExecError {
            throw error
        } catch {
            throw ExecError(.checkpointIO, "cannot write the checkpoint: \(SystemErrorText.words(for: error))")
        }
    }

    /// Starts the writer unless it is running (it takes what is pending when it gets there).
    private func startWriting() {
        guard !writing else { return }
        writing = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            let waiters = waiting
            pending = Data()
            waiting = []
            let file = self.file
            let result: Result<Void, ExecError> = await withCheckedContinuation { continuation in
                Self.io.async {
                    continuation.resume(returning: Result { () throws(ExecError) in try file.append(batch) })
                }
            }
            switch result {
            case .success:
                for waiter in waiters { waiter.resume() }
            case .failure(let error):
                failure = error
                for waiter in waiters { waiter.resume(throwing: error) }
            }
        }
        writing = false
    }
}
