import TakoPlanFormat

/// The summary tree printed at the end: each run under the fan-out step that started it,
/// ✓ ✗ ⊘ with durations, and the tail of each failed step's output.
public enum Summary {
    public static func render(_ outcome: ExecOutcome) -> String {
        var lines: [String] = []
        let byID = Dictionary(outcome.runs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var children: [String: [RunResult]] = [:]
        for run in outcome.runs { if let parent = run.parent { children[parent, default: []].append(run) } }
        func emit(_ run: RunResult, indent: String) {
            lines.append(
                indent + "\(run.status.symbol) \(run.id)  \(run.repo) · \(run.workflow)"
                    + (run.seconds.map { "  \(duration($0))" } ?? "") + (run.reason.map { "  (\($0))" } ?? ""))
            for step in run.steps {
                lines.append(indent + "    \(step.status.symbol) \(step.id)" + detail(of: step))
                for line in step.tail { lines.append(indent + "        │ " + line) }
                if step.status.isFailure, let log = step.log { lines.append(indent + "        full log: " + log) }
                for handler in step.onFailure {
                    lines.append(indent + "        \(handler.status.symbol) \(handler.id)" + detail(of: handler))
                }
                for child in children["\(run.id)/\(step.id)"] ?? [] { emit(child, indent: indent + "      ") }
            }
        }
        for run in outcome.runs where run.parent.map({ byID[PlannedRun.runID(ofParent: $0)] == nil }) ?? true {
            emit(run, indent: "")
        }
        let count = { (status: StepStatus) in outcome.runs.flatMap(\.steps).filter { $0.status == status }.count }
        lines.append("")
        lines.append(
            "\(outcome.status.rawValue) in \(duration(outcome.seconds)): \(count(.succeeded)) succeeded, "
                + "\(count(.failed) + count(.timedOut)) failed, \(count(.skipped)) skipped"
                + (count(.cancelled) + count(.interrupted) > 0 ? ", \(count(.cancelled) + count(.interrupted)) stopped" : ""))
        return lines.joined(separator: "\n")
    }

    /// ` (1.2s)`, ` (from checkpoint)`, ` exit code 1 (0.3s)`, ` skipped: why`.
    static func detail(of step: StepResult) -> String {
        var parts: [String] = []
        if step.fromCheckpoint { parts.append("from checkpoint") } else if let s = step.seconds { parts.append(duration(s)) }
        if step.wasInterrupted && !step.fromCheckpoint { parts.append("interrupted earlier, run again") }
        if step.attempt > 1 && !step.fromCheckpoint { parts.append("attempt \(step.attempt)") }
        var text = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        switch step.status {
        case .succeeded: text += step.reason.map { ": \($0)" } ?? ""
        case .timedOut: text += ": " + (step.reason ?? "timed out")
        case .failed: text += ": " + (step.reason ?? (step.exitCode.map { "exit code \($0)" } ?? "failed"))
        case .skipped, .cancelled, .interrupted: text += step.reason.map { ": \($0)" } ?? ": \(step.status.rawValue)"
        }
        return text
    }

    /// `1 run`, `2 runs`, `1 repository`, `3 repositories`.
    public static func count(_ n: Int, _ noun: String) -> String {
        if n == 1 { return "1 \(noun)" }
        if noun.hasSuffix("y") && !noun.hasSuffix("ay") && !noun.hasSuffix("ey") { return "\(n) \(noun.dropLast())ies" }
        return "\(n) \(noun)s"
    }

    /// `12.3`: one decimal, rounded, without `String(format:)` (called for every event).
    static func tenths(_ seconds: Double) -> String {
        let tenths = Int((max(0, seconds) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return tenths(seconds) + "s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h\(String(format: "%02d", total / 60 % 60))m"
    }
}
