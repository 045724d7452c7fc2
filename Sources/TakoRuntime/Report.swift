import Foundation
import TakoBasics

/// `--report FILE`: the summary as JSON (sorted keys), every value already masked.
public enum Report {
    public static func encode(_ outcome: ExecOutcome) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(ReportFile(formatVersion: "1.0", outcome: outcome))
            data.append(0x0A)
            return data
        } catch {
            preconditionFailure("a report of strings and numbers failed to encode: \(error)")
        }
    }

    /// Whether an existing file is a report `--report` may replace: a JSON object with the
    /// keys every report has.
    public static func isReport(_ bytes: Data) -> Bool {
        OwnedFile.jsonKeys(bytes).map { $0.isSuperset(of: ["format_version", "plan_digest", "runs", "exit_code", "status"]) } ?? false
    }

    public static func write(_ outcome: ExecOutcome, to path: String) throws(ExecError) {
        do {
            try encode(outcome).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ExecError(.usage, SystemErrorText.cannot("write the report", path, error))
        }
    }
}

struct ReportFile: Encodable {
    var formatVersion: String
    var outcome: ExecOutcome

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", exitCode = "exit_code" }

    func encode(to encoder: any Encoder) throws {
        try outcome.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(outcome.exitCode, forKey: .exitCode)
    }
}
