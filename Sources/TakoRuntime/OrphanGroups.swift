import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A step's process group as the journal recorded it.
public struct ProcessGroupID: Sendable, Hashable {
    /// The group's ID: the process ID of its leader, the step's `sh`.
    public var group: Int32
    /// The leader's start time (clock ticks since boot, /proc/PID/stat), which tells the
    /// step's `sh` from a later process that got the same ID; nil where it cannot be read.
    public var leaderStart: UInt64?

    public init(group: Int32, leaderStart: UInt64?) {
        self.group = group
        self.leaderStart = leaderStart
    }
}

/// What a killed exec left running: on `--resume`, the process groups of the steps it had
/// started and not finished are stopped (SIGTERM, then SIGKILL after the grace period) and
/// waited for before any step starts again, so an attempt never overlaps the one before it
/// in the same checkout.
///
/// A group is only signalled while it is still the step's: a group whose leader is alive
/// with another start time is another program's (the ID was reused), and a group with no
/// living member is gone. A group's ID cannot be reused while any member lives.
enum OrphanGroups {
    /// The start time of process `pid` (field 22 of /proc/PID/stat), nil when unknown.
    static func startTime(of pid: Int32) -> UInt64? {
        stat(of: pid).map(\.start)
    }

    struct Stat {
        var state: UInt8
        var group: Int32
        var start: UInt64
    }

    /// State, process group and start time of `pid` from /proc/PID/stat.
    static func stat(of pid: Int32) -> Stat? {
        guard let bytes = CommandStep.contents(of: "/proc/\(pid)/stat"),
            let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // After `COMM)`: state ppid pgrp session tty tpgid flags minflt cminflt majflt
        // cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime.
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 19, let state = fields[0].first,
            let group = Int32(String(decoding: fields[2], as: UTF8.self)),
            let start = UInt64(String(decoding: fields[19], as: UTF8.self))
        else { return nil }
        return Stat(state: state, group: group, start: start)
    }

    /// The living (not zombie) members of each of `groups`, by group.
    static func members(of groups: Set<Int32>) -> [Int32: [Int32]] {
        var out: [Int32: [Int32]] = [:]
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
            // No /proc: ask the kernel whether anything of each group is left.
            for group in groups where kill(-group, 0) == 0 { out[group] = [group] }
            return out
        }
        for entry in entries {
            guard let pid = Int32(entry), let info = stat(of: pid), groups.contains(info.group),
                info.state != UInt8(ascii: "Z"), info.state != UInt8(ascii: "X")
            else { continue }
            out[info.group, default: []].append(pid)
        }
        return out
    }

    /// The process groups of processes whose environment holds one of `entries`
    /// (`TAKO_OUTPUTS=PATH`, which names one attempt of one step of one workspace): the
    /// steps a killed exec had started but whose group it had not journaled yet (it is
    /// journaled just after the process starts).
    static func groups(withEnvironment entries: Set<String>) -> [ProcessGroupID] {
        guard !entries.isEmpty, let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let own = getpgrp()
        var out: Set<Int32> = []
        for entry in pids {
            guard let pid = Int32(entry), let environ = CommandStep.contents(of: "/proc/\(pid)/environ") else { continue }
            let found = environ.split(separator: 0).contains { entries.contains(String(decoding: $0, as: UTF8.self)) }
            guard found, let info = stat(of: pid), info.group > 1, info.group != own else { continue }
            out.insert(info.group)
        }
        return out.sorted().map { ProcessGroupID(group: $0, leaderStart: nil) }
    }

    /// The groups of `recorded` that are still the steps' own and have living members.
    static func living(_ recorded: [ProcessGroupID]) -> Set<Int32> {
        let members = members(of: Set(recorded.map(\.group)))
        var out: Set<Int32> = []
        for id in recorded {
            guard let alive = members[id.group], !alive.isEmpty else { continue }
            if alive.contains(id.group), let recordedStart = id.leaderStart, let start = startTime(of: id.group),
                start != recordedStart
            {
                continue  // the leader's ID now belongs to another program
            }
            out.insert(id.group)
        }
        return out
    }

    /// Stops every group of `recorded` still running and returns once none is left (or,
    /// for a process that even SIGKILL does not end at once, a short while after): SIGTERM,
    /// then SIGKILL after `grace`. Returns how many groups had to be stopped.
    static func stop(_ recorded: [ProcessGroupID], grace: Duration) async -> Int {
        let groups = living(recorded)
        guard !groups.isEmpty else { return 0 }
        for group in groups { _ = kill(-group, SIGTERM) }
        let clock = ContinuousClock()
        let killAt = clock.now + grace
        var left = groups
        var killed = false
        while !left.isEmpty {
            try? await Task.sleep(for: .milliseconds(20))
            left = left.intersection(Set(members(of: left).keys))
            if !killed, !left.isEmpty, clock.now >= killAt {
                for group in left { _ = kill(-group, SIGKILL) }
                killed = true
            }
            // SIGKILL ends a process as soon as the kernel gets to it; one stuck in the
            // kernel (a dead file system) is left after another grace period.
            if killed, clock.now >= killAt + grace { break }
        }
        return groups.count
    }
}
