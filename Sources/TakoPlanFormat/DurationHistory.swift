import Foundation
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long steps took: a small file beside the cache that every `tako exec` adds to and
/// `tako exec` (critical-path order) and `takoc plan --estimate` read. Keyed by repository,
/// workflow and step id; each key keeps its last `samplesPerStep` durations of steps that
/// succeeded, and the file its `maxSteps` most recently recorded keys.
///
/// The file is JSON, `{"format_version": "1", "steps": [{"repo", "workflow", "step",
/// "seconds": [..], "at": UNIX-SECONDS}]}`, keys in sorted order. It is a cache of
/// measurements, never an input anything depends on: a missing file is an empty history, and
/// one that cannot be read, is too big or is not of this shape is ignored with a warning
/// (and replaced by the next exec). Writes go to a temporary file that is renamed over it.
public struct DurationHistory: Sendable, Equatable {
    public static let formatVersion = "1"
    public static let samplesPerStep = 5
    public static let maxSteps = 20_000
    /// Larger files are not read (20,000 keys of five samples take about 3 MB).
    public static let maxFileBytes = 8 << 20

    public struct Key: Hashable, Sendable, Comparable {
        public var repo: String
        public var workflow: String
        public var step: String

        public init(repo: String, workflow: String, step: String) {
            self.repo = repo
            self.workflow = workflow
            self.step = step
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.repo, a.workflow, a.step) < (b.repo, b.workflow, b.step)
        }
    }

    public struct Entry: Sendable, Equatable {
        /// Oldest first.
        public var seconds: [Double]
        /// When the last sample was recorded (UNIX seconds).
        public var at: Double
    }

    public private(set) var entries: [Key: Entry] = [:]

    public init() {}

    /// `CACHE.durations.json`: beside the cache folder (`tako exec` never writes inside the
    /// cache), one history per cache.
    public static func defaultPath(cacheRoot: String) -> String {
        let root = cacheRoot.count > 1 && cacheRoot.hasSuffix("/") ? String(cacheRoot.dropLast()) : cacheRoot
        return root + ".durations.json"
    }

    /// What a step is expected to take: the median of its recorded durations.
    public func expected(_ key: Key) -> Double? {
        guard let samples = entries[key]?.seconds, !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The expectation of a planned command step.
    public func expected(run: PlannedRun, step: PlannedStep) -> Double? {
        expected(Key(repo: run.repo, workflow: run.workflow, step: step.id))
    }

    public mutating func record(_ key: Key, seconds: Double, at: Double) {
        guard seconds.isFinite, seconds >= 0 else { return }
        var entry = entries[key] ?? Entry(seconds: [], at: at)
        entry.seconds.append((seconds * 1000).rounded() / 1000)
        if entry.seconds.count > Self.samplesPerStep { entry.seconds.removeFirst(entry.seconds.count - Self.samplesPerStep) }
        entry.at = max(entry.at, at)
        entries[key] = entry
        if entries.count > Self.maxSteps { trim() }
    }

    /// Keeps the `maxSteps` most recently recorded keys.
    private mutating func trim() {
        let keep = entries.sorted { $0.value.at != $1.value.at ? $0.value.at > $1.value.at : $0.key < $1.key }.prefix(Self.maxSteps)
        entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }

    // MARK: the file

    /// Why a file was ignored; the caller shows it as a warning.
    public struct Unreadable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the history at `path`; a missing file is an empty history.
    public static func load(path: String) throws(Unreadable) -> DurationHistory {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return DurationHistory() }
            throw Unreadable(description: "cannot read it (\(SystemErrorText.words(errno: errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Unreadable(description: "it is not a regular file") }
        guard Int(info.st_size) <= maxFileBytes else {
            throw Unreadable(description: "it is larger than \(maxFileBytes >> 20) MiB, which a history of \(maxSteps) steps never is")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unreadable(description: "cannot read it")
        }
        return try parse(data)
    }

    static func parse(_ data: Data) throws(Unreadable) -> DurationHistory {
        let shape = Unreadable(description: "it is not a duration history of format \(formatVersion)")
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["format_version"] as? String == formatVersion, let steps = object["steps"] as? [Any]
        else { throw shape }
        var history = DurationHistory()
        for item in steps.prefix(maxSteps) {
            guard let fields = item as? [String: Any], let repo = fields["repo"] as? String, let workflow = fields["workflow"] as? String,
                let step = fields["step"] as? String, let samples = fields["seconds"] as? [Any],
                let at = (fields["at"] as? NSNumber)?.doubleValue, at.isFinite
            else { throw shape }
            var seconds: [Double] = []
            for sample in samples.suffix(samplesPerStep) {
                guard let number = sample as? NSNumber,
                    number.doubleValue.isFinite, number.doubleValue >= 0
                else { throw shape }
                seconds.append(number.doubleValue)
            }
            history.entries[Key(repo: repo, workflow: workflow, step: step)] = Entry(seconds: seconds, at: at)
        }
        return history
    }

    /// The file's bytes: keys sorted, one step a line.
    public func encoded() -> Data {
        var text = "{\"format_version\":\"\(Self.formatVersion)\",\"steps\":["
        for (n, key) in entries.keys.sorted().enumerated() {
            let entry = entries[key]!
            text +=
                (n == 0 ? "\n" : ",\n") + "{\"repo\":" + Self.quote(key.repo) + ",\"workflow\":" + Self.quote(key.workflow)
                + ",\"step\":" + Self.quote(key.step) + ",\"seconds\":[" + entry.seconds.map { Self.number($0) }.joined(separator: ",")
                + "],\"at\":" + Self.number(entry.at.rounded()) + "}"
        }
        text += "\n]}\n"
        return Data(text.utf8)
    }

    /// Writes the history to `path` atomically: a temporary file beside it, fsynced, renamed.
    public func save(path: String) throws(Unreadable) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Unreadable(description: "cannot write '\(temporary)' (\(SystemErrorText.words(errno: errno)))") }
        let bytes = encoded()
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw Unreadable(description: "cannot write '\(path)' (\(SystemErrorText.words(errno: failure)))")
        }
    }

    /// Adds `samples` to the file at `path` as it is now (another exec may have written it
    /// since this one read it), then writes it back. A file that cannot be read is replaced.
    public static func add(_ samples: [(Key, Double)], to path: String, at: Double) throws(Unreadable) {
        guard !samples.isEmpty else { return }
        var history = (try? load(path: path)) ?? DurationHistory()
        for (key, seconds) in samples { history.record(key, seconds: seconds, at: at) }
        try history.save(path: path)
    }

    static func quote(_ text: String) -> String { JSONText.string(text) }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
