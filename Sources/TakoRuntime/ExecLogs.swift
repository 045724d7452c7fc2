import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tako logs`: the step logs of an exec, found through its checkpoint (the journal says
/// which steps started, in order; each step's log is `CHECKPOINT.logs/RUN/STEP.log`).
/// Works after the exec ended and while it runs; `follow` prints lines as they are written
/// until the exec ends.
public struct ExecLogs: Sendable {
    public let checkpoint: String
    /// `RUN` or `RUN/STEP`; nil: every step.
    public let selector: String?

    public init(checkpoint: String, selector: String?) {
        self.checkpoint = checkpoint
        self.selector = selector
    }

    public var folder: String { LogSettings.folder(ofCheckpoint: checkpoint) }

    struct Journal {
        /// Steps in the order they first started.
        var steps: [StepKey] = []
        var seen: Set<StepKey> = []
        /// The last exec recorded its end.
        var ended = false
        var sawHeader = false
        var offset = 0
        var rest = Data()
    }

    /// Reads the journal's new complete lines from `journal.offset` on.
    func update(_ journal: inout Journal) throws(ExecError) {
        guard let handle = FileHandle(forReadingAtPath: checkpoint) else {
            throw ExecError(
                .usage,
                "there is no checkpoint at '\(checkpoint)': no tako exec used it yet "
                    + "(pass the plan tako exec ran, or its --checkpoint)")
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        if size < journal.offset {
            // Started over by a new exec.
            journal = Journal()
        }
        try? handle.seek(toOffset: UInt64(journal.offset))
        let data = journal.rest + ((try? handle.readToEnd()) ?? Data())
        journal.offset = size
        var start = data.startIndex
        while let newline = data[start...].firstIndex(of: 0x0A) {
            let record = JournalRecord.parse(line: data[start..<newline])
            if journal.offset == size && start == data.startIndex && journal.rest.isEmpty && !journal.sawHeader {
                guard record?.kind == .header else {
                    throw ExecError(.usage, "'\(checkpoint)' is not a tako checkpoint (its first line is not a journal header)")
                }
                journal.sawHeader = true
            }
            if let record {
                switch record.kind {
                case .execStarted:
                    journal.ended = false
                case .execFinished:
                    journal.ended = true
                case .stepStarted:
                    if let run = record.run, let step = record.step {
                        let key = StepKey(run: run, step: step)
                        if journal.seen.insert(key).inserted { journal.steps.append(key) }
                    }
                case .payload:
                    // A fan-out (its payload is journaled before its start): no process, no log.
                    if let run = record.run, let step = record.step { journal.seen.insert(StepKey(run: run, step: step)) }
                default:
                    break
                }
            }
            start = newline + 1
        }
        journal.rest = Data(data[start...])
    }

    func selected(_ key: StepKey) -> Bool {
        guard let selector else { return true }
        let name = key.description
        return selector == key.run || selector == name || name.hasPrefix(selector + "/on_failure/")
    }

    func path(of key: StepKey) -> String { folder + "/" + LogSettings.relativePath(run: key.run, step: key.step) }

    /// The logs as they are now, step after step; `write` gets whole lines. A selector that
    /// matches no started step is an error that lists the steps there are.
    public func print(write: (String) -> Void) throws(ExecError) {
        var journal = Journal()
        try update(&journal)
        let keys = try matching(journal)
        let single = keys.count == 1
        let width = keys.map(\.description.count).max() ?? 0
        for key in keys {
            guard let bytes = CommandStep.contents(of: path(of: key)) else {
                write(prefix(key, width, single) + "(no log: \(path(of: key)) is missing; was the exec run with --no-logs?)\n")
                continue
            }
            var text = String(decoding: bytes, as: UTF8.self)
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            if single { write(text); continue }
            let p = prefix(key, width, single)
            write(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { p + $0 + "\n" }.joined())
        }
    }

    private func matching(_ journal: Journal) throws(ExecError) -> [StepKey] {
        let keys = journal.steps.filter(selected)
        if keys.isEmpty, let selector {
            let known = journal.steps.prefix(8).map(\.description).joined(separator: ", ")
            throw ExecError(
                .usage,
                "no step '\(selector)' started in the exec of '\(checkpoint)'"
                    + (known.isEmpty ? " (no step started yet)" : "; steps that started: \(known)\(journal.steps.count > 8 ? ", …" : "")"))
        }
        return keys
    }

    private func prefix(_ key: StepKey, _ width: Int, _ single: Bool) -> String {
        if single { return "" }
        let name = key.description
        return name + String(repeating: " ", count: max(0, width - name.count)) + " │ "
    }

    /// Prints what is there, then every line as it is written, until the exec ended (its
    /// journal says so, or no tako exec holds the checkpoint any more) and every log was
    /// read to its end. Lines of different steps are interleaved as they come, each prefixed
    /// with its step unless one step is selected.
    public func follow(every interval: Duration = .milliseconds(200), write: (String) -> Void) async throws(ExecError) {
        var journal = Journal()
        try update(&journal)
        if journal.ended { _ = try matching(journal) }
        var offsets: [StepKey: Int] = [:]
        var partial: [StepKey: Data] = [:]
        let single = selector.map { $0.contains("/") } ?? false
        var lastLive = true
        while true {
            let keys = journal.steps.filter(selected)
            let width = keys.map(\.description.count).max() ?? 0
            for key in keys {
                let old = offsets[key] ?? 0
                guard let (data, size) = Self.read(path(of: key), from: old) else { continue }
                if size < old {
                    offsets[key] = 0  // started over by a fresh exec
                    partial[key] = nil
                    continue
                }
                offsets[key] = old + data.count
                var buffer = (partial[key] ?? Data()) + data
                guard let lastNewline = buffer.lastIndex(of: 0x0A) else { partial[key] = buffer; continue }
                let whole = buffer[buffer.startIndex...lastNewline]
                buffer = Data(buffer[(lastNewline + 1)...])
                partial[key] = buffer
                let text = String(decoding: whole, as: UTF8.self)
                if single {
                    write(text)
                } else {
                    let p = prefix(key, width, false)
                    write(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { p + $0 + "\n" }.joined())
                }
            }
            if journal.ended || !lastLive { break }
            do { try await Task.sleep(for: interval) } catch { break }
            lastLive = Self.isLocked(checkpoint)
            try update(&journal)
        }
        for (key, rest) in partial where !rest.isEmpty {
            write((single ? "" : prefix(key, 0, false)) + String(decoding: rest, as: UTF8.self) + "\n")
        }
        // A step that never started by the end is the same error as without -f.
        _ = try matching(journal)
    }

    /// The bytes of `path` from `offset` on, and the file's size; nil when it is missing.
    static func read(_ path: String, from offset: Int) -> (Data, Int)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        guard size > offset else { return (Data(), size) }
        try? handle.seek(toOffset: UInt64(offset))
        return ((try? handle.read(upToCount: size - offset)) ?? Data(), size)
    }

    /// Whether a process holds the checkpoint's `flock` (a tako exec running on it), read
    /// from /proc/locks without taking the lock (taking it, even for an instant, could make
    /// an exec starting at that moment fail as "in use"). Where /proc/locks is missing,
    /// true: `follow` then ends on the journal's `exec_finished` alone.
    static func isLocked(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        guard let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return true }
        let inode = String(info.st_ino)
        for line in table.split(separator: "\n") where line.contains("FLOCK") {
            let fields = line.split(separator: " ")
            // `1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF`: MAJOR:MINOR:INODE.
            guard fields.count >= 6 else { continue }
            if fields[5].split(separator: ":").last.map(String.init) == inode { return true }
        }
        return false
    }
}
