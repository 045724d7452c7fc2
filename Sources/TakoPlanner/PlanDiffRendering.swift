import TakoBasics

/// The three ways `takoc diff` prints a `PlanDiff`: text for a terminal, JSON for a program,
/// GitHub-flavoured Markdown for a pull request comment or `$GITHUB_STEP_SUMMARY`. Values
/// are shown whole (a diff must not hide the part that changed), with line breaks as ` ⏎ `.
extension PlanDiff {
    /// `runs: 1 added, 2 changed; edges: 3 added, 1 removed`, or `no differences`.
    public var summaryLine: String {
        if isEmpty { return "no differences" }
        func counts(_ pairs: [(Int, String)]) -> String { pairs.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
        var parts: [String] = []
        if !planChanges.isEmpty { parts.append("plan: \(planChanges.count) changed") }
        if !(addedRuns.isEmpty && removedRuns.isEmpty && changedRuns.isEmpty) {
            parts.append("runs: " + counts([(addedRuns.count, "added"), (removedRuns.count, "removed"), (changedRuns.count, "changed")]))
        }
        if !(addedEdges.isEmpty && removedEdges.isEmpty) {
            parts.append("edges: " + counts([(addedEdges.count, "added"), (removedEdges.count, "removed")]))
        }
        return parts.joined(separator: "; ")
    }

    /// The text form. `oldName` and `newName` are the files as given on the command line.
    public func text(oldName: String, newName: String) -> String {
        var out = "--- \(oldName) (\(oldRoot), \(runs(oldRunCount)))\n+++ \(newName) (\(newRoot), \(runs(newRunCount)))\n"
        if !planChanges.isEmpty {
            out += "plan:\n"
            for c in planChanges { out += "  " + line(c) + "\n" }
        }
        out += runSections(
            RunStyle(
                title: { "\($0):\n" },
                entry: entryLines,
                changedRun: { "  ~ \($0.key)  (\(ids($0)))\n" },
                change: { String(repeating: " ", count: 2 + 4 * $1) + line($0) + "\n" },
                step: { s in
                    switch s.kind {
                    case .added: "      + step \(s.step): \(Self.flat(s.summary ?? ""))\n"
                    case .removed: "      - step \(s.step): \(Self.flat(s.summary ?? ""))\n"
                    case .changed: "      ~ step \(s.step)\n"
                    }
                }))
        if !addedEdges.isEmpty || !removedEdges.isEmpty {
            out += "edges:\n"
            for e in addedEdges { out += "  + \(e.from) ⇒ \(e.to) (\(e.kind))\n" }
            for e in removedEdges { out += "  - \(e.from) ⇒ \(e.to) (\(e.kind))\n" }
        }
        return out + summaryLine + "\n"
    }

    /// GitHub-flavoured Markdown: a heading, the summary, a section per kind of change; the
    /// edges as a `diff` block, which GitHub colours.
    public func markdown(oldName: String, newName: String) -> String {
        var out = "### takoc diff: \(Self.code(newRoot))\n\n"
        out += "**\(summaryLine)** (\(runs(oldRunCount)) in \(Self.code(oldName)), \(runs(newRunCount)) in \(Self.code(newName)))\n"
        if !planChanges.isEmpty {
            out += "\n#### The plan\n\n"
            for c in planChanges { out += "- " + markdownLine(c) + "\n" }
        }
        out += runSections(
            RunStyle(
                title: { "\n#### \($0.prefix(1).uppercased() + $0.dropFirst())\n\n" },
                entry: { r, _ in markdownEntry(r) },
                changedRun: { "- \(Self.code($0.key)) (\(ids($0)))\n" },
                change: { String(repeating: "  ", count: $1) + "- " + markdownLine($0) + "\n" },
                step: { s in
                    switch s.kind {
                    case .added: "  - step \(Self.code(s.step)) added: \(Self.code(s.summary ?? ""))\n"
                    case .removed: "  - step \(Self.code(s.step)) removed: \(Self.code(s.summary ?? ""))\n"
                    case .changed: "  - step \(Self.code(s.step)) changed:\n"
                    }
                }))
        if !addedEdges.isEmpty || !removedEdges.isEmpty {
            let lines =
                addedEdges.map { "+ \($0.from) ⇒ \($0.to) (\($0.kind))" } + removedEdges.map { "- \($0.from) ⇒ \($0.to) (\($0.kind))" }
            let fence = Self.fence(for: lines.joined(separator: "\n"))
            out += "\n#### Edges\n\n\(fence)diff\n" + lines.joined(separator: "\n") + "\n\(fence)\n"
        }
        return out
    }

    /// The JSON form: one document, keys sorted; a change's absent side is `null`.
    public func json(oldName: String, newName: String) -> String {
        CanonicalJSON.string(JSONForm(self, oldName: oldName, newName: newName)) + "\n"
    }

    // MARK: - Pieces

    /// How one form words the runs: a section's title, a run added or removed (with its
    /// mark), a changed run's first line, a change at a depth (1: of the run, 2: of a step),
    /// a step's first line.
    private struct RunStyle {
        var title: (String) -> String
        var entry: (RunEntry, String) -> String
        var changedRun: (ChangedRun) -> String
        var change: (Change, Int) -> String
        var step: (StepChange) -> String
    }

    /// The runs added, removed and changed, in the words of `style`.
    private func runSections(_ style: RunStyle) -> String {
        var out = ""
        for (runs, what, mark) in [(addedRuns, "added", "+"), (removedRuns, "removed", "-")] where !runs.isEmpty {
            out += style.title("runs " + what)
            for r in runs { out += style.entry(r, mark) }
        }
        if !changedRuns.isEmpty {
            out += style.title("runs changed")
            for r in changedRuns {
                out += style.changedRun(r)
                for c in r.changes { out += style.change(c, 1) }
                for step in r.steps {
                    out += style.step(step)
                    if step.kind == .changed { for c in step.changes { out += style.change(c, 2) } }
                }
            }
        }
        return out
    }

    private func runs(_ n: Int) -> String { "\(n) run\(n == 1 ? "" : "s")" }

    private func ids(_ r: ChangedRun) -> String { r.oldID == r.newID ? r.oldID : "\(r.oldID) → \(r.newID)" }

    private func line(_ c: Change) -> String {
        switch (c.old, c.new) {
        case (nil, let n?): "+ \(c.what): \(Self.flat(n))"
        case (let o?, nil): "- \(c.what): \(Self.flat(o))"
        default: "~ \(c.what): \(Self.flat(c.old ?? "")) → \(Self.flat(c.new ?? ""))"
        }
    }

    private func markdownLine(_ c: Change) -> String {
        switch (c.old, c.new) {
        case (nil, let n?): "\(c.what) added: \(Self.code(n))"
        case (let o?, nil): "\(c.what) removed (was \(Self.code(o)))"
        default: "\(c.what): \(Self.code(c.old ?? "")) → \(Self.code(c.new ?? ""))"
        }
    }

    private func entryLines(_ r: RunEntry, mark: String) -> String {
        var out = "  \(mark) \(r.key)  (\(r.id))"
        if let t = r.trigger { out += "  ← \(t)" }
        if let c = r.condition { out += "  [if \(Self.flat(c))]" }
        out += "\n"
        if !r.steps.isEmpty { out += "      steps: " + r.steps.joined(separator: ", ") + "\n" }
        return out
    }

    private func markdownEntry(_ r: RunEntry) -> String {
        var out = "- \(Self.code(r.key)) (\(r.id))"
        if let t = r.trigger { out += ", on \(Self.code(t))" }
        if let c = r.condition { out += ", if \(Self.code(c))" }
        if !r.steps.isEmpty { out += "; steps " + r.steps.map(Self.code).joined(separator: ", ") }
        return out + "\n"
    }

    /// One line: line breaks shown as ` ⏎ `.
    static func flat(_ s: String) -> String {
        guard s.contains(where: \.isNewline) else { return s }
        return s.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ⏎ ")
    }

    /// A Markdown code span that holds any text: more backticks than the longest run in it,
    /// a space inside when it starts or ends with one; `(empty)` for the empty string.
    static func code(_ s: String) -> String {
        let text = flat(s)
        if text.isEmpty { return "(empty)" }
        let ticks = String(repeating: "`", count: longestBacktickRun(text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") || (text.hasPrefix(" ") && text.hasSuffix(" ")) ? " " : ""
        return ticks + pad + text + pad + ticks
    }

    /// A code fence longer than any run of backticks in `text` (at least three).
    static func fence(for text: String) -> String {
        String(repeating: "`", count: max(3, longestBacktickRun(text) + 1))
    }

    private static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, current = 0
        for c in text {
            current = c == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

/// The JSON document of `takoc diff --format json` (docs/commands/takoc-diff.md).
private struct JSONForm: Encodable {
    struct Side: Encodable {
        var file: String
        var root: String
        var runs: Int
    }

    struct Change: Encodable {
        var what: String
        var old: String?
        var new: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(what, forKey: .what)
            try c.encode(old, forKey: .old)
            try c.encode(new, forKey: .new)
        }

        enum CodingKeys: String, CodingKey { case what, old, new }
    }

    struct Run: Encodable {
        var key: String
        var id: String
        var trigger: String?
        var condition: String?
        var steps: [String]
    }

    struct Step: Encodable {
        var kind: String
        var step: String
        var summary: String?
        var changes: [Change]
    }

    struct ChangedRun: Encodable {
        var key: String
        var oldID: String
        var newID: String
        var changes: [Change]
        var steps: [Step]

        enum CodingKeys: String, CodingKey { case key, oldID = "old_id", newID = "new_id", changes, steps }
    }

    struct Runs: Encodable {
        var added: [Run]
        var removed: [Run]
        var changed: [ChangedRun]
    }

    struct Edges: Encodable {
        var added: [PlanDiff.EdgeForm]
        var removed: [PlanDiff.EdgeForm]
    }

    var formatVersion = "1"
    var same: Bool
    var summary: String
    var old: Side
    var new: Side
    var plan: [Change]
    var runs: Runs
    var edges: Edges

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", same, summary, old, new, plan, runs, edges }

    init(_ d: PlanDiff, oldName: String, newName: String) {
        func change(_ c: PlanDiff.Change) -> Change { Change(what: c.what, old: c.old, new: c.new) }
        func run(_ r: PlanDiff.RunEntry) -> Run { Run(key: r.key, id: r.id, trigger: r.trigger, condition: r.condition, steps: r.steps) }
        same = d.isEmpty
        summary = d.summaryLine
        old = Side(file: oldName, root: d.oldRoot, runs: d.oldRunCount)
        new = Side(file: newName, root: d.newRoot, runs: d.newRunCount)
        plan = d.planChanges.map(change)
        runs = Runs(
            added: d.addedRuns.map(run), removed: d.removedRuns.map(run),
            changed: d.changedRuns.map { r in
                ChangedRun(
                    key: r.key, oldID: r.oldID, newID: r.newID, changes: r.changes.map(change),
                    steps: r.steps.map { Step(kind: $0.kind.rawValue, step: $0.step, summary: $0.summary, changes: $0.changes.map(change)) }
                )
            })
        edges = Edges(added: d.addedEdges.map(PlanDiff.EdgeForm.init), removed: d.removedEdges.map(PlanDiff.EdgeForm.init))
    }
}

extension PlanDiff {
    fileprivate struct EdgeForm: Encodable {
        var from: String
        var to: String
        var kind: String

        init(_ e: Edge) {
            from = e.from
            to = e.to
            kind = e.kind
        }
    }
}
