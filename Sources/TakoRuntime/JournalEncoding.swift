import Foundation

/// The journal's JSON written by hand: compact, keys sorted, slashes not escaped — the
/// same bytes JSONEncoder gives with `.sortedKeys, .withoutEscapingSlashes`, at a fraction
/// of its cost (a record is written for every start and end of every step). Reading uses
/// JSONDecoder.
enum JournalEncoding {
    static func json(_ r: JournalRecord) -> String {
        var fields: [(String, String)] = []
        if let at = r.at { fields.append(("at", number(at))) }
        if let attempt = r.attempt { fields.append(("attempt", String(attempt))) }
        if let exitCode = r.exitCode { fields.append(("exit_code", String(exitCode))) }
        if let version = r.journalVersion { fields.append(("journal_version", String(version))) }
        if let outputs = r.outputs { fields.append(("outputs", object(outputs))) }
        if let payload = r.payload { fields.append(("payload", object(payload))) }
        if let digest = r.planDigest { fields.append(("plan_digest", string(digest))) }
        if let run = r.run { fields.append(("run", string(run))) }
        if let seconds = r.seconds { fields.append(("seconds", number(seconds))) }
        if let status = r.status { fields.append(("status", string(status))) }
        if let step = r.step { fields.append(("step", string(step))) }
        fields.append(("type", string(r.kind.rawValue)))
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func object(_ map: [String: String]) -> String {
        "{" + map.sorted { $0.key < $1.key }.map { string($0.key) + ":" + string($0.value) }.joined(separator: ",") + "}"
    }

    /// Whole numbers without a fraction, others in Swift's shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.isFinite ? "\(value)" : "0"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                out += "\\u00" + hex(UInt8(scalar.value))
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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
