import Foundation
import TakoBasics
import TakoPlanFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tako exec --trace FILE`: the exec as OpenTelemetry spans, written as OTLP/JSON (one
/// `TracesData` object: `resourceSpans` → `scopeSpans` → `spans`) when the exec ends. One
/// span for the exec, one per run (under the fan-out step that started it, the root run
/// under the exec) and one per step attempt (under its run). Ids are hex, as OTLP/JSON
/// writes them; times are UNIX nanoseconds. Every value is already masked.
public final class TraceRecorder: ExecObserver, @unchecked Sendable {
    struct Span {
        var id: String
        var parent: String?
        var name: String
        var start: UInt64
        var end: UInt64?
        var attributes: [(String, Attribute)] = []
        /// 0 unset, 1 ok, 2 error.
        var status = 0
        var message: String?
    }

    enum Attribute {
        case string(String)
        case int(Int)
        case bool(Bool)
    }

    public let traceID: String
    private let plan: Plan
    private let lock = NSLock()
    private var spans: [Span] = []
    /// Open spans: the exec (""), runs ("RUN"), steps ("RUN/STEP").
    private var open: [String: Int] = [:]
    private let runs: [String: PlannedRun]

    public init(plan: Plan, traceID: String) {
        self.plan = plan
        self.traceID = traceID
        runs = Dictionary(plan.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// 16 random bytes in hex, never all zero.
    public static func newTraceID() -> String { randomHex(16) }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let hex = (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            if hex.contains(where: { $0 != "0" }) { return hex }
        }
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    private func begin(_ key: String, name: String, parent: String?, attributes: [(String, Attribute)]) {
        let parentID = parent.flatMap { open[$0] }.map { spans[$0].id } ?? open[""].map { spans[$0].id }
        spans.append(Span(id: Self.randomHex(8), parent: parentID, name: name, start: Self.now(), attributes: attributes))
        open[key] = spans.count - 1
    }

    public func observe(_ event: ExecEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .execStarted(let digest, _, _, let resumed):
            spans.append(
                Span(
                    id: Self.randomHex(8), parent: nil, name: "tako exec", start: Self.now(),
                    attributes: [("tako.plan.digest", .string(digest)), ("tako.resumed", .bool(resumed))]))
            open[""] = spans.count - 1
        case .runStarted(let id):
            guard let run = runs[id] else { return }
            var attributes: [(String, Attribute)] = [
                ("tako.run", .string(id)), ("tako.repository", .string(run.repo)),
                ("tako.workflow", .string(run.workflow)),
            ]
            if let commit = plan.repository(named: run.repo)?.commit { attributes.append(("tako.commit", .string(commit))) }
            if let condition = run.condition { attributes.append(("tako.condition", .string(condition))) }
            begin(id, name: "run \(run.repo) \(run.workflow)", parent: run.parent, attributes: attributes)
        case .stepStarted(let run, let step, let attempt, _), .fanOutStarted(let run, let step, _, let attempt):
            begin(
                run + "/" + step, name: "step \(step)", parent: run,
                attributes: [("tako.run", .string(run)), ("tako.step", .string(step)), ("tako.attempt", .int(attempt))])
        case .stepFinished(let run, let result):
            guard !result.fromCheckpoint else { return }
            let key = run + "/" + result.id
            if open[key] == nil {
                // Ended before it started a process: its condition, its templates, a stop.
                begin(
                    key, name: "step \(result.id)", parent: run,
                    attributes: [("tako.run", .string(run)), ("tako.step", .string(result.id)), ("tako.attempt", .int(result.attempt))])
            }
            guard let index = open.removeValue(forKey: key) else { return }
            var span = spans[index]
            span.end = Self.now()
            span.attributes.append(("tako.status", .string(result.status.rawValue)))
            if let code = result.exitCode { span.attributes.append(("process.exit.code", .int(Int(code)))) }
            if result.reason == "its condition was false" { span.attributes.append(("tako.condition.outcome", .bool(false))) }
            if let reason = result.reason { span.attributes.append(("tako.reason", .string(reason))) }
            Self.setStatus(&span, failed: result.status.isFailure, ok: result.status == .succeeded, reason: result.reason)
            spans[index] = span
        case .runFinished(let result):
            guard let index = open.removeValue(forKey: result.id) else { return }
            var span = spans[index]
            span.end = Self.now()
            span.attributes.append(("tako.status", .string(result.status.rawValue)))
            if runs[result.id]?.condition != nil {
                if result.status == .skipped && result.conditionValues != nil {
                    span.attributes.append(("tako.condition.outcome", .bool(false)))
                } else if result.steps.contains(where: { $0.reason != "its run did not start" }) {
                    span.attributes.append(("tako.condition.outcome", .bool(true)))
                }
            }
            for (name, value) in (result.conditionValues ?? [:]).sorted(by: { $0.key < $1.key }) {
                span.attributes.append(("tako.condition.value." + name, .string(value)))
            }
            if let reason = result.reason { span.attributes.append(("tako.reason", .string(reason))) }
            Self.setStatus(&span, failed: result.status == .failed, ok: result.status == .succeeded, reason: result.reason)
            spans[index] = span
        case .execFinished(let outcome):
            guard let index = open.removeValue(forKey: "") else { return }
            spans[index].end = Self.now()
            spans[index].attributes.append(("tako.status", .string(outcome.status.rawValue)))
            spans[index].attributes.append(("tako.exit_code", .int(Int(outcome.exitCode))))
            Self.setStatus(&spans[index], failed: outcome.exitCode != 0, ok: outcome.exitCode == 0, reason: nil)
        }
    }

    private static func setStatus(_ span: inout Span, failed: Bool, ok: Bool, reason: String?) {
        span.status = failed ? 2 : ok ? 1 : 0
        if failed { span.message = reason }
    }

    /// The spans as OTLP/JSON (`TracesData`); a span still open ends now.
    public func json() -> String {
        lock.lock()
        let all = spans
        lock.unlock()
        let end = Self.now()
        func s(_ text: String) -> String { JSONText.string(text) }
        func value(_ a: Attribute) -> String {
            switch a {
            case .string(let v): return "{\"stringValue\":" + s(v) + "}"
            case .int(let v): return "{\"intValue\":\"\(v)\"}"
            case .bool(let v): return "{\"boolValue\":\(v)}"
            }
        }
        let rendered = all.map { span -> String in
            var out = "{\"traceId\":\"\(traceID)\",\"spanId\":\"\(span.id)\""
            if let parent = span.parent { out += ",\"parentSpanId\":\"\(parent)\"" }
            out += ",\"name\":" + s(span.name) + ",\"kind\":1"
            out += ",\"startTimeUnixNano\":\"\(span.start)\",\"endTimeUnixNano\":\"\(max(span.end ?? end, span.start))\""
            out +=
                ",\"attributes\":["
                + span.attributes.map { "{\"key\":" + s($0.0) + ",\"value\":" + value($0.1) + "}" }.joined(separator: ",") + "]"
            out += ",\"status\":{" + (span.message.map { "\"message\":" + s($0) + "," } ?? "") + "\"code\":\(span.status)}}"
            return out
        }
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"tako\"}}]},"
            + "\"scopeSpans\":[{\"scope\":{\"name\":\"tako\"},\"spans\":[\n" + rendered.joined(separator: ",\n") + "\n]}]}]}\n"
    }

    /// Writes `spans` (from `json()`) to `path`.
    public func write(_ spans: String, to path: String) throws(ExecError) {
        do {
            try Data(spans.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ExecError(.usage, SystemErrorText.cannot("write the trace to", path, error))
        }
    }
}
