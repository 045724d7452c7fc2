import Crypto
import Foundation

/// Reading and writing plan.json: the canonical encoding, the digest, the version check.
public enum PlanFile {
    /// Sorted keys, two-space indentation, unescaped slashes, a final newline: the same
    /// plan always gives the same bytes. Written directly (`PlanWriter`), byte for byte
    /// what `JSONEncoder` gives (`encodeWithJSONEncoder`, kept for the tests that say so).
    public static func encode(_ plan: Plan) -> Data {
        PlanWriter.encode(plan)
    }

    static func encodeWithJSONEncoder(_ plan: Plan) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(plan)
            data.append(0x0A)
            return data
        } catch {
            preconditionFailure("a plan of strings and numbers failed to encode: \(error)")
        }
    }

    /// `sha256:<hex>` of the canonical encoding with the digest field empty.
    public static func digest(of plan: Plan) -> String {
        var unsealed = plan
        unsealed.digest = ""
        let hash = SHA256.hash(data: encode(unsealed))
        return "sha256:" + hash.map { String(format: "%02x", $0) }.joined()
    }

    /// The plan with its digest filled in.
    public static func seal(_ plan: Plan) -> Plan {
        var sealed = plan
        sealed.digest = digest(of: plan)
        return sealed
    }

    /// `seal(plan)` and its encoding, with one encoding of the plan instead of two (for a
    /// plan of 5,000 runs each takes a noticeable time), and no second copy of it. The
    /// digest is the first member of the plan's object and has a fixed length: the plan is
    /// encoded with a placeholder there, hashed without it (which is the encoding with the
    /// digest empty), and the digest written over it.
    public static func sealAndEncode(_ plan: Plan) -> (plan: Plan, encoded: Data) {
        var sealed = plan
        sealed.digest = Placeholder.digest
        var bytes = encode(sealed)
        guard let at = Placeholder.range(in: bytes) else {
            sealed = seal(plan)
            return (sealed, encode(sealed))
        }
        sealed.digest = Placeholder.digest(of: bytes, without: at, then: [])
        bytes.replaceSubrange(at, with: Data(sealed.digest.utf8))
        return (sealed, bytes)
    }

    /// `sealAndEncode(plan)` in pieces that, written one after the other, are its bytes:
    /// the plan without its runs, then the runs, which `encodeRuns` writes wherever the
    /// caller chooses (takoc: on every core) — it gets them as `RunPiece`s and returns each
    /// one's `encoded()`, in order —, then the end of the plan. No piece is copied into
    /// another: at 5,000 runs the runs are 25 MB.
    public static func sealAndEncodeInPieces(
        _ plan: Plan, encodeRuns: ([RunPiece]) -> [Data]
    ) -> (plan: Plan, pieces: [Data]) {
        var sealed = plan
        sealed.digest = Placeholder.digest
        // The plan with no runs ends in its empty `runs` array, its last member: cut there,
        // it is what comes before the runs, which then need only the array's end.
        var outline = sealed
        outline.runs = []
        var head = encode(outline)
        let emptyRuns = Data("[\n\n  ]\n}\n".utf8)
        guard !plan.runs.isEmpty, head.suffix(emptyRuns.count) == emptyRuns, let at = Placeholder.range(in: head) else {
            let whole = sealAndEncode(plan)
            return (whole.plan, [whole.encoded])
        }
        head.removeLast(emptyRuns.count - 2)
        let runs = encodeRuns(RunPiece.pieces(of: sealed))
        let tail = Data("\n  ]\n}\n".utf8)
        sealed.digest = Placeholder.digest(of: head, without: at, then: runs + [tail])
        head.replaceSubrange(at, with: Data(sealed.digest.utf8))
        return (sealed, [head] + runs + [tail])
    }

    /// The digest written first, as long as a real one, and hashed around.
    private enum Placeholder {
        static let digest = "sha256:" + String(repeating: "0", count: 64)
        static let opening = Data("{\n  \"digest\" : \"".utf8)

        /// Where the placeholder stands in an encoding that starts with it.
        static func range(in bytes: Data) -> Range<Int>? {
            guard bytes.starts(with: opening + Data(digest.utf8) + Data("\"".utf8)) else { return nil }
            let start = bytes.startIndex + opening.count
            return start..<(start + digest.utf8.count)
        }

        /// `sha256:<hex>` of `bytes` without the placeholder, then of `more`: the digest of
        /// the encoding with the digest empty.
        static func digest(of bytes: Data, without placeholder: Range<Int>, then more: [Data]) -> String {
            var hasher = SHA256()
            hasher.update(data: bytes[..<placeholder.lowerBound])
            hasher.update(data: bytes[placeholder.upperBound...])
            for piece in more { hasher.update(data: piece) }
            return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Decodes a plan, refusing an unknown major version (naming both) and a digest that
    /// does not match the content (a hand-edited or damaged file).
    public static func decode(_ data: Data) throws -> Plan {
        struct Header: Decodable {
            var format_version: String?
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            if let syntax = JSONSyntax.firstError(in: [UInt8](data)) {
                throw PlanFormatError.notJSON(line: syntax.line, column: syntax.column, problem: syntax.message)
            }
            throw PlanFormatError.notAPlan(describe(error))
        }
        guard let version = header.format_version else {
            throw PlanFormatError.notAPlan("the file has no 'format_version'; is it a plan made by takoc?")
        }
        let supportedMajor = Plan.currentFormatVersion.split(separator: ".").first.map(String.init) ?? ""
        guard version.split(separator: ".").first.map(String.init) == supportedMajor else {
            throw PlanFormatError.unsupportedVersion(found: version, supported: Plan.currentFormatVersion)
        }
        let plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw PlanFormatError.notAPlan(describe(error))
        }
        let expected = digest(of: plan)
        guard plan.digest == expected else {
            throw PlanFormatError.digestMismatch(recorded: plan.digest, computed: expected)
        }
        return plan
    }

    /// A decoding failure in plain words: what was expected where (never Foundation's own
    /// sentences, which name Swift types).
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(let type, let context):
            return "expected \(kind(type)) at \(path(context.codingPath))"
        case DecodingError.valueNotFound(let type, let context):
            return "expected \(kind(type)) at \(path(context.codingPath)), found null"
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the file is not JSON"
        case DecodingError.dataCorrupted(let context):
            // The plan's own types explain themselves; Foundation's sentence for an unknown
            // enumeration value names a Swift type, and is left out.
            let why = context.debugDescription
            if why.hasPrefix("Cannot initialize") || why.hasPrefix("The given data") {
                return "an invalid value at \(path(context.codingPath))"
            }
            return "an invalid value at \(path(context.codingPath)): \(why.prefix(1).lowercased() + why.dropFirst())"
        default:
            return "\(error)"
        }
    }

    /// What a JSON value of `type` is called in a message.
    private static func kind(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        if type == Int.self || type == Double.self || type == Int64.self || type == UInt64.self { return "a number" }
        let name = "\(type)"
        if name.hasPrefix("Array") || name.hasPrefix("[") && !name.contains(":") { return "an array" }
        return "an object"
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        let parts = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
        return parts.isEmpty ? "the top level" : parts.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}

public enum PlanFormatError: Error, Equatable, CustomStringConvertible {
    case notAPlan(String)
    /// The bytes are not JSON: where they stop being JSON (see `position`) and what was expected there.
    case notJSON(line: Int, column: Int, problem: String)
    case unsupportedVersion(found: String, supported: String)
    case digestMismatch(recorded: String, computed: String)

    public var description: String {
        switch self {
        case .notAPlan(let why):
            return "not a valid plan: \(why)"
        case .notJSON(_, _, let problem):
            return "not a valid plan: the file is not JSON: \(problem)"
        case .unsupportedVersion(let found, let supported):
            return
                "plan format version \(found) is not supported by this tako (it reads \(supported)); make the plan again with a matching takoc"
        case .digestMismatch(let recorded, let computed):
            return
                "the plan's digest \(recorded) does not match its content (\(computed)); the file was edited or damaged, make the plan again"
        }
    }

    /// The line and column of the problem, when it has one: shown as `PATH:LINE:COLUMN:`.
    public var position: (line: Int, column: Int)? {
        if case .notJSON(let line, let column, _) = self { return (line, column) }
        return nil
    }
}

/// Consecutive runs of a plan, encoded apart from the rest of it: a piece of the plan's
/// bytes (`PlanFile.sealAndEncodeInPieces`).
public struct RunPiece: Sendable {
    let plan: Plan
    let runs: Range<Int>

    /// The piece's bytes, as they stand inside the plan's encoding.
    public func encoded() -> Data {
        PlanWriter.encode(plan.runs[runs])
    }

    /// Runs per piece: enough that a piece is worth a thread's turn, few enough that the
    /// pieces keep every core busy to the end.
    static let runsPerPiece = 256

    /// The plan's runs cut in pieces, in order; none for a plan without runs.
    static func pieces(of plan: Plan) -> [RunPiece] {
        stride(from: 0, to: plan.runs.count, by: runsPerPiece).map {
            RunPiece(plan: plan, runs: $0..<min($0 + runsPerPiece, plan.runs.count))
        }
    }
}
