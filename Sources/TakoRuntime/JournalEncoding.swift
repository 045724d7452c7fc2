import Foundation
import TakoBasics

/// The journal's JSON written by hand: compact, keys sorted, slashes not escaped — the
/// same bytes JSONEncoder gives with `.sortedKeys, .withoutEscapingSlashes`, at a fraction
/// of its cost (a record is written for every start and end of every step). Reading uses
/// JSONDecoder.
enum JournalEncoding {
    static func json(_ r: JournalRecord) -> String {
        var fields: [(String, String)] = []
        if let at = r.at { fields.append(("at", JSONText.number(at))) }
        if let attempt = r.attempt { fields.append(("attempt", String(attempt))) }
        if let exitCode = r.exitCode { fields.append(("exit_code", String(exitCode))) }
        if let group = r.group { fields.append(("group", String(group))) }
        if let start = r.groupStart { fields.append(("group_start", String(start))) }
        if let version = r.journalVersion { fields.append(("journal_version", String(version))) }
        if let outputs = r.outputs { fields.append(("outputs", object(outputs))) }
        if let payload = r.payload { fields.append(("payload", object(payload))) }
        if let digest = r.planDigest { fields.append(("plan_digest", JSONText.string(digest))) }
        if let run = r.run { fields.append(("run", JSONText.string(run))) }
        if let seconds = r.seconds { fields.append(("seconds", JSONText.number(seconds))) }
        if let status = r.status { fields.append(("status", JSONText.string(status))) }
        if let step = r.step { fields.append(("step", JSONText.string(step))) }
        if let trace = r.traceID { fields.append(("trace_id", JSONText.string(trace))) }
        fields.append(("type", JSONText.string(r.kind.rawValue)))
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func object(_ map: [String: String]) -> String {
        "{" + map.sorted { $0.key < $1.key }.map { JSONText.string($0.key) + ":" + JSONText.string($0.value) }.joined(separator: ",") + "}"
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Two lowercase hex digits per byte.
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> String { hex([byte]) }
}
