import Foundation
import SystemPackage
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the steps' logs go: `CHECKPOINT.logs/RUN/STEP.log`, next to the checkpoint (the
/// exec's own folder, not the checkout, which `tako clean` or a fresh exec may remove).
public struct LogSettings: Sendable {
    /// The exec's log folder; nil when logs are off (`--no-logs`).
    public var folder: String?
    /// Bytes of one attempt's lines a log keeps (`--max-log`); what is over is dropped from
    /// the middle, with a marker line that says how much.
    public var maxBytes: Int

    public static let defaultMaxBytes = 16 << 20

    public init(folder: String?, maxBytes: Int = LogSettings.defaultMaxBytes) {
        self.folder = folder
        self.maxBytes = maxBytes
    }

    /// `CHECKPOINT.logs`.
    public static func folder(ofCheckpoint checkpoint: String) -> String { checkpoint + ".logs" }

    /// `RUN/STEP.log`, and `RUN/STEP/on_failure/ID.log` for an `on_failure` step. Each
    /// segment is made safe for a path as a checkout folder's name is.
    public static func relativePath(run: String, step: String) -> String {
        RunCheckouts.safeName(run) + "/"
            + step.split(separator: "/", omittingEmptySubsequences: false)
            .map { RunCheckouts.safeName(String($0)) }.joined(separator: "/") + ".log"
    }

    func path(run: String, step: String) -> String? {
        folder.map { $0 + "/" + Self.relativePath(run: run, step: step) }
    }

    /// `1048576`, `512K`, `16M`, `1G` (powers of 1024); nil when it is not one of these.
    public static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text)
        var unit = 1
        switch text.last?.uppercased() {
        case "K": unit = 1 << 10
        case "M": unit = 1 << 20
        case "G": unit = 1 << 30
        default: break
        }
        if unit > 1 { digits = digits.dropLast() }
        if digits.last?.uppercased() == "I" { return nil }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int(digits), n > 0 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: unit)
        return overflow ? nil : bytes
    }
}

/// Receives the lines of running steps as they come (`--stream`); called from the threads
/// that read the steps' output, so it must be safe to call from many at once and must write
/// each batch whole.
public protocol StepLineSink: Sendable {
    func lines(run: String, step: String, _ lines: [String])
}

/// The clock of log lines: `2026-12-05T07:43:14.123Z`.
enum LogClock {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: spec.tv_sec, millis: Int(spec.tv_nsec / 1_000_000))
    }

    static func format(seconds: Int, millis: Int) -> String {
        var t = seconds
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}

/// The output of one step attempt, read as the step writes it: stdout and stderr share one
/// pipe (so their lines keep the order the step wrote them in, as on a terminal), unless an
/// output of the step reads one of them, then each has its own pipe and lines are kept in
/// the order they reach tako (decision 0033). Each line is masked, time-stamped and
/// appended to the step's log, handed to the `--stream` sink, and the last lines are kept
/// for the failure tail. When the attempt ends, the log is closed, and written to disk with
/// the others at the exec's end (`LogSyncer`, decision 0034).
final class StepCapture: @unchecked Sendable {
    struct Captured: Sendable {
        /// Raw (unmasked) standard output and error, only when an output reads them, each
        /// up to the capture limit.
        var stdout: [UInt8]
        var stderr: [UInt8]
        /// Which of them went over the capture limit (and was cut there).
        var over: (stdout: Bool, stderr: Bool)
        /// The last lines of the combined output, masked.
        var tail: [String]
        /// A log write failed: why (the step itself is not failed for it).
        var logProblem: String?
        /// A log was written (and closed): the caller tells the `LogSyncer`.
        var logged: Bool
    }

    /// The write ends the step's process gets as its stdout and stderr (the same descriptor
    /// when they share a pipe). tako closes them once the process has ended.
    let stdoutFD: Int32
    let stderrFD: Int32
    private let readFDs: [Int32]
    private let wake: (read: Int32, write: Int32)
    private let keep: [Bool]
    private let masker: SecretMasker
    private let sink: (any StepLineSink)?
    private let run: String
    private let step: String
    private let tailCount: Int
    private let tailLineBytes: Int
    /// Bytes of standard output or error kept for an output (`--max-output`); one more
    /// marks that the step wrote more.
    private let captureLimit: Int

    private var logFD: Int32 = -1
    private var logged = false
    private let logPath: String?
    private let attempt: Int
    /// How the process ended, for the log's last line (set by `finish`).
    private var trailer = ""
    private let cap: Int
    private var written = 0
    /// Lines past three quarters of the cap: the last ones (up to a quarter of it) are
    /// written when the attempt ends, after a marker saying what was dropped before them.
    private var over = 0
    private var overLines = 0
    private var late: [(entry: String, raw: Int)] = []
    private var lateStart = 0
    private var lateBytes = 0
    private var partial: [[UInt8]]
    private var captured: [[UInt8]]
    private var tail: [String] = []
    private var logProblem: String?

    private let lock = NSLock()
    private var done = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Longest line kept whole; a longer one is cut into pieces of this size.
    static let maxLine = 64 << 10

    /// Opens the pipes and the log (appending, after a header naming the attempt; the first
    /// attempt of a fresh exec starts the file over).
    init(
        run: String, step: String, attempt: Int, logPath: String?, maxBytes: Int, separate: Bool, captureLimit: Int = .max,
        masker: SecretMasker, sink: (any StepLineSink)?, tailCount: Int, tailLineBytes: Int = .max
    ) throws(ExecError) {
        self.run = run
        self.step = step
        self.masker = masker
        self.sink = sink
        self.tailCount = tailCount
        self.tailLineBytes = tailLineBytes
        self.captureLimit = captureLimit
        self.cap = maxBytes
        func pipePair() throws(ExecError) -> (Int32, Int32) {
            // pipe2 with O_CLOEXEC: a step started at the same moment on another thread must
            // not inherit this step's write end.
            do {
                let (r, w) = try FileDescriptor.pipe(options: .closeOnExec)
                return (r.rawValue, w.rawValue)
            } catch {
                throw ExecError(.workspace, "cannot make a pipe for the step's output: \(SystemErrorText.words(for: error))")
            }
        }
        var opened: [Int32] = []
        func closeAll() { for fd in opened { close(fd) } }
        do {
            let out = try pipePair()
            opened += [out.0, out.1]
            var reads = [out.0]
            var errWrite = out.1
            if separate {
                let err = try pipePair()
                opened += [err.0, err.1]
                reads.append(err.0)
                errWrite = err.1
            }
            let w = try pipePair()
            opened += [w.0, w.1]
            for fd in reads + [w.0] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            self.readFDs = reads
            self.stdoutFD = out.1
            self.stderrFD = errWrite
            self.wake = w
        } catch {
            closeAll()
            throw error
        }
        self.keep = separate ? [true, true] : [false]
        self.partial = Array(repeating: [], count: readFDs.count)
        self.captured = Array(repeating: [], count: readFDs.count)
        self.logPath = logPath
        self.attempt = attempt
    }

    /// Opens the log and writes the attempt's header, on the reader's thread: file system
    /// calls may block (a busy disk throttles writers), and a task's thread must not.
    private func openLog() {
        guard let logPath else { return }
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_APPEND | (attempt == 1 ? O_TRUNC : 0)
        logFD = open(logPath, flags, 0o644)
        if logFD < 0 && errno == ENOENT {
            // The run's folder is made by its first step's log (a mkdir for every step cost
            // a measurable share of a step `true`).
            let folder = (logPath as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            logFD = open(logPath, flags, 0o644)
        }
        if logFD < 0 {
            logProblem = "cannot open '\(logPath)': \(SystemErrorText.words(errno: errno))"
            return
        }
        writeLog(LogClock.now() + " ── attempt \(attempt) of \(run)/\(step) ──\n")
    }

    /// The marker of dropped lines, the last lines, and the trailer, on the reader's thread.
    private func closeLog() {
        let kept = late[lateStart...]
        if overLines > kept.count {
            writeLog(
                LogClock.now() + " ── \(over - kept.reduce(0) { $0 + $1.raw }) bytes in \(overLines - kept.count) lines "
                    + "dropped here: a log keeps \(Self.size(cap)) of each attempt (--max-log) ──\n")
        }
        writeLog(kept.map(\.entry).joined())
        lock.lock()
        let trailer = self.trailer
        lock.unlock()
        writeLog(LogClock.now() + " ── \(trailer) ──\n")
        // Closed here, not on a task's thread: on ext4 the close of a file that was
        // truncated starts writing it back (auto_da_alloc).
        guard logFD >= 0 else { return }
        close(logFD)
        logged = true
        logFD = -1
    }

    /// Starts reading on a thread of its own for the attempt (reads block in poll, never a
    /// task's thread), one of the threads kept for that.
    func start() {
        ReusableThreads.shared.run { [self] in self.readLoop() }
    }

    /// The process has ended: tako's copies of the write ends are closed, and the reader
    /// takes what is left in the pipes and stops, even when a background process the step
    /// left behind still holds them. Returns what was captured; the log is closed.
    func finish(trailer: String) async -> Captured {
        lock.withLock { self.trailer = trailer }
        close(stdoutFD)
        if stderrFD != stdoutFD { close(stderrFD) }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if done {
                lock.unlock()
                continuation.resume()
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
        close(wake.read)
        close(wake.write)
        let stdout = captured[0], stderr = captured.count > 1 ? captured[1] : []
        return Captured(
            stdout: Array(stdout.prefix(captureLimit)), stderr: Array(stderr.prefix(captureLimit)),
            over: (stdout.count > captureLimit, stderr.count > captureLimit), tail: tail, logProblem: logProblem,
            logged: logged)
    }

    static func size(_ bytes: Int) -> String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    private func readLoop() {
        openLog()
        var open = readFDs.map { _ in true }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var ending = false
        while open.contains(true) {
            var fds = readFDs.enumerated().map { pollfd(fd: open[$0.offset] ? $0.element : -1, events: Int16(POLLIN), revents: 0) }
            fds.append(pollfd(fd: ending ? -1 : wake.read, events: Int16(POLLIN), revents: 0))
            let ready = poll(&fds, nfds_t(fds.count), ending ? 0 : -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { break }  // ending, and nothing more is waiting
            if fds.last!.revents != 0 { ending = true }
            for index in readFDs.indices where open[index] && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(readFDs[index], $0.baseAddress, $0.count) }
                if count > 0 {
                    take(buffer[0..<count], from: index)
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[index] = false
                }
            }
        }
        for index in readFDs.indices {
            if !partial[index].isEmpty { emit(lines: [partial[index]]); partial[index] = [] }
            close(readFDs[index])
        }
        closeLog()
        lock.lock()
        done = true
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume()
    }

    private func take(_ chunk: ArraySlice<UInt8>, from index: Int) {
        if keep[index], captured[index].count <= captureLimit {
            captured[index].append(contentsOf: chunk.prefix(captureLimit + 1 - captured[index].count))
        }
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: 0x0A) {
            partial[index].append(contentsOf: chunk[start..<newline])
            lines.append(partial[index])
            partial[index] = []
            start = newline + 1
        }
        partial[index].append(contentsOf: chunk[start...])
        while partial[index].count >= Self.maxLine {
            lines.append(Array(partial[index].prefix(Self.maxLine)))
            partial[index].removeFirst(Self.maxLine)
        }
        if !lines.isEmpty { emit(lines: lines) }
    }

    private func emit(lines raw: [[UInt8]]) {
        let stamp = LogClock.now()
        var text = ""
        var shown: [String] = []
        shown.reserveCapacity(raw.count)
        for bytes in raw {
            var line = String(decoding: bytes, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            line = masker.mask(line)
            shown.append(line)
            guard logFD >= 0 else { continue }
            let entry = stamp + " " + line + "\n"
            if overLines == 0 && written + entry.utf8.count <= cap - cap / 4 {
                text += entry
                written += entry.utf8.count
            } else {
                over += bytes.count + 1
                overLines += 1
                late.append((entry, bytes.count + 1))
                lateBytes += entry.utf8.count
                while lateBytes > cap / 4, lateStart < late.count {
                    lateBytes -= late[lateStart].entry.utf8.count
                    lateStart += 1
                }
                if lateStart > 1024 && lateStart * 2 > late.count {
                    late.removeFirst(lateStart)
                    lateStart = 0
                }
            }
        }
        if !text.isEmpty { writeLog(text) }
        tail.append(contentsOf: shown.suffix(tailCount).map(tailLine))
        if tail.count > tailCount { tail.removeFirst(tail.count - tailCount) }
        sink?.lines(run: run, step: step, shown)
    }

    /// A line of the failure tail: a long one is cut (whole characters), saying so.
    private func tailLine(_ line: String) -> String {
        guard line.utf8.count > tailLineBytes else { return line }
        var cut = line.utf8.prefix(tailLineBytes)
        while let last = cut.last, last & 0xC0 == 0x80 { cut = cut.dropLast() }
        if let last = cut.last, last >= 0xC0 { cut = cut.dropLast() }
        return String(decoding: cut, as: UTF8.self) + " … (\(line.utf8.count - cut.count) more bytes)"
    }

    private func writeLog(_ text: String) {
        guard logFD >= 0, logProblem == nil else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(logFD, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                logProblem = "cannot write the log: \(SystemErrorText.words(errno: errno))"
                return
            }
            bytes = bytes.dropFirst(n)
        }
    }
}
