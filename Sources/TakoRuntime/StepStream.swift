import TakoBasics
import TakoPlanFormat

/// `tako exec --stream`: every step's lines as they come, each prefixed with its run and
/// step (`r2/bump │ …`) as `docker compose up` prefixes its services' lines. A batch of
/// lines is written with one call of `write`, which the caller serialises with everything
/// else it writes to the same output, so lines of parallel steps never tear or mix.
public struct StepStream: StepLineSink {
    private let write: @Sendable (String) -> Void
    private let width: Int
    private let escape: Bool

    /// `width`: the prefixes are padded to it (the longest `RUN/STEP` of the plan, at most
    /// 32), so the lines of different steps start in one column. `escape`: control
    /// characters are shown escaped (a terminal).
    public init(width: Int, escape: Bool, write: @escaping @Sendable (String) -> Void) {
        self.width = min(width, 32)
        self.escape = escape
        self.write = write
    }

    public func lines(run: String, step: String, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        var name = run + "/" + step
        if escape { name = TerminalText.escape(name) }
        if name.count < width { name += String(repeating: " ", count: width - name.count) }
        var text = ""
        for line in lines {
            text += name + " │ " + (escape ? TerminalText.escape(line) : line) + "\n"
        }
        write(text)
    }

    /// The longest `RUN/STEP` name of a plan's command steps.
    public static func width(of plan: Plan) -> Int {
        var width = 0
        for run in plan.runs {
            for step in run.steps {
                width = max(width, run.id.count + 1 + step.id.count)
                for handler in step.onFailure {
                    width = max(width, run.id.count + 1 + step.id.count + "/on_failure/".count + handler.id.count)
                }
            }
        }
        return width
    }
}
