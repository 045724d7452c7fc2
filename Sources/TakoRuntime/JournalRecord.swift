import Crypto
import Foundation

/// One line of the checkpoint journal: `CHECKSUM JSON\n`, where CHECKSUM is the first 16
/// hex digits of the SHA-256 of the JSON bytes. The JSON has sorted keys and no newline.
public struct JournalRecord: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// The first record: the journal format and the plan's digest.
        case header
        /// An exec began (fresh or resumed).
        case execStarted = "exec_started"
        /// Written, made durable, and only then the step's process is launched.
        case stepStarted = "step_started"
        /// The step's process started: its process group (`group`, the ID of its leader,
        /// `sh`) and the leader's start time (`group_start`, clock ticks since boot), so a
        /// resumed exec can stop what a killed one left running, and only that.
        case processGroup = "process_group"
        /// The step's end: status, exit code, outputs (masked).
        case stepFinished = "step_finished"
        /// A fan-out's rendered event payload (masked), written before its children start.
        case payload
        /// A step's condition as it was decided (`status` is `true` or `false`), so a resumed
        /// exec decides it the same way whatever changed in the meantime. Without `step`, the
        /// condition of the run itself (its subscription's filters left for run time).
        case condition
        /// The exec ended with `status` (succeeded, failed, interrupted).
        case execFinished = "exec_finished"
    }

    public static let formatVersion = 1

    public var kind: Kind
    public var journalVersion: Int?
    public var planDigest: String?
    public var run: String?
    public var step: String?
    public var attempt: Int?
    public var status: String?
    public var exitCode: Int32?
    public var outputs: [String: String]?
    public var payload: [String: String]?
    public var seconds: Double?
    public var group: Int32?
    public var groupStart: UInt64?
    /// Seconds since 1970, for people reading the file.
    public var at: Double?
    /// `exec_started`: the OpenTelemetry trace id of the exec (32 hex digits), kept so that
    /// a resumed exec continues the same trace.
    public var traceID: String?

    public init(
        kind: Kind, journalVersion: Int? = nil, planDigest: String? = nil, run: String? = nil, step: String? = nil,
        attempt: Int? = nil, status: String? = nil, exitCode: Int32? = nil, outputs: [String: String]? = nil,
        payload: [String: String]? = nil, seconds: Double? = nil, group: Int32? = nil, groupStart: UInt64? = nil,
        at: Double? = nil
    ) {
        self.kind = kind
        self.journalVersion = journalVersion
        self.planDigest = planDigest
        self.run = run
        self.step = step
        self.attempt = attempt
        self.status = status
        self.exitCode = exitCode
        self.outputs = outputs
        self.payload = payload
        self.seconds = seconds
        self.group = group
        self.groupStart = groupStart
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case kind = "type", journalVersion = "journal_version", planDigest = "plan_digest", run, step, attempt, status
        case exitCode = "exit_code", outputs, payload, seconds, group, groupStart = "group_start", at
        case traceID = "trace_id"
    }

    public static func header(planDigest: String) -> JournalRecord {
        JournalRecord(kind: .header, journalVersion: formatVersion, planDigest: planDigest)
    }

    /// The record as one journal line, newline included.
    public func line() -> Data {
        let json = Data(JournalEncoding.json(self).utf8)
        var out = Data(Self.checksum(json).utf8)
        out.append(0x20)
        out.append(json)
        out.append(0x0A)
        return out
    }

    static func checksum(_ bytes: Data) -> String {
        JournalEncoding.hex(SHA256.hash(data: bytes).prefix(8))
    }

    /// Parses one line without its newline; nil when the checksum does not match or the
    /// JSON is not a record.
    /// Why a complete line is not a record, for the message that refuses the journal.
    enum LineProblem: Equatable {
        /// Not `CHECKSUM JSON` at all: not a line tako wrote.
        case notAJournalLine
        /// The checksum does not match the bytes: the line was changed or damaged.
        case checksumMismatch
        /// A well-formed record, checksum right, of a type this tako does not know.
        case unknownType(String)
        /// Checksum right, but the JSON is not a record this tako can read.
        case unreadable
    }

    static func problem(line: Data) -> LineProblem {
        let hex = line.prefix(16)
        guard line.count > 17, hex.count == 16, hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
            line[line.startIndex + 16] == 0x20, line[line.startIndex + 17] == UInt8(ascii: "{")
        else { return .notAJournalLine }
        let json = Data(line.dropFirst(17))
        guard checksum(json) == String(decoding: hex, as: UTF8.self) else { return .checksumMismatch }
        if let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any], let type = object["type"] as? String,
            Kind(rawValue: type) == nil
        {
            return .unknownType(type)
        }
        return .unreadable
    }

    /// Whether bytes left after the last newline could be the start of a record cut short
    /// by a crash (16 hex digits, a space, `{`, as far as they go), not some other file.
    static func couldBeTorn(_ bytes: Data) -> Bool {
        let pattern = Array(repeating: UInt8?.none, count: 16) + [0x20, UInt8(ascii: "{")]
        for (index, byte) in bytes.prefix(18).enumerated() {
            if let expected = pattern[index] {
                if byte != expected { return false }
            } else if !((0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)) {
                return false
            }
        }
        return true
    }

    static func parse(line: Data) -> JournalRecord? {
        guard line.count > 17, line[line.startIndex + 16] == 0x20 else { return nil }
        let sum = String(decoding: line.prefix(16), as: UTF8.self)
        let json = line.dropFirst(17)
        guard checksum(Data(json)) == sum else { return nil }
        return try? JSONDecoder().decode(JournalRecord.self, from: json)
    }
}
