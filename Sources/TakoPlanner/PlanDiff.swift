import TakoPlanFormat

/// `takoc diff OLD NEW`: what a change does to the fan-out, as a reviewer reads it in a pull
/// request. Runs are matched by where they sit in the tree, not by their IDs (`r7` in one
/// plan may be another run in the other): a run's key is the chain of repository · workflow
/// and fan-out steps from the root (`acme/lib · release › notify → acme/app · integrate`).
/// Paths of clones, digests and commit ids are not compared: two plans of the same files
/// made in two checkouts are the same plan (docs/decisions/0018-takoc-diff.md).
public struct PlanDiff: Sendable, Equatable {
    /// One difference of a value: what it was and what it is (nil: absent).
    public struct Change: Sendable, Equatable {
        public var what: String
        public var old: String?
        public var new: String?
    }

    /// A run in one plan only.
    public struct RunEntry: Sendable, Equatable {
        public var key: String
        public var id: String
        /// `event_type` from `owner/repo:artifact`, or nil for the root run.
        public var trigger: String?
        public var condition: String?
        public var steps: [String]
    }

    /// A step present in both plans, or in one, of a run present in both.
    public struct StepChange: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, removed, changed }
        public var kind: Kind
        public var step: String
        /// For added and removed: what the step does; for changed: each difference.
        public var summary: String?
        public var changes: [Change]
    }

    /// A run present in both plans whose contents differ.
    public struct ChangedRun: Sendable, Equatable {
        public var key: String
        public var oldID: String
        public var newID: String
        public var changes: [Change]
        public var steps: [StepChange]
    }

    /// An edge with its ends named by run keys.
    public struct Edge: Sendable, Equatable, Hashable, Comparable {
        public var from: String
        public var to: String
        public var kind: String

        public static func < (a: Edge, b: Edge) -> Bool { (a.from, a.to, a.kind) < (b.from, b.to, b.kind) }
    }

    public var oldRoot: String
    public var newRoot: String
    /// The plan as a whole: root, its inputs, limits, repositories.
    public var planChanges: [Change] = []
    public var addedRuns: [RunEntry] = []
    public var removedRuns: [RunEntry] = []
    public var changedRuns: [ChangedRun] = []
    public var addedEdges: [Edge] = []
    public var removedEdges: [Edge] = []
    public var oldRunCount = 0
    public var newRunCount = 0

    public var isEmpty: Bool {
        planChanges.isEmpty && addedRuns.isEmpty && removedRuns.isEmpty && changedRuns.isEmpty && addedEdges.isEmpty && removedEdges.isEmpty
    }

    public init(old: Plan, new: Plan) {
        oldRoot = "\(old.root.repo) · \(old.root.workflow)"
        newRoot = "\(new.root.repo) · \(new.root.workflow)"
        oldRunCount = old.runs.count
        newRunCount = new.runs.count
        planChanges = Self.planChanges(old, new)
        let oldKeys = Self.runKeys(old), newKeys = Self.runKeys(new)
        let oldByKey = Dictionary(old.runs.map { (oldKeys[$0.id]!, $0) }, uniquingKeysWith: { a, _ in a })
        let newByKey = Dictionary(new.runs.map { (newKeys[$0.id]!, $0) }, uniquingKeysWith: { a, _ in a })
        // Plan order of each side: removed runs in the old plan's order, the others in the new one's.
        for run in old.runs {
            let key = oldKeys[run.id]!
            if newByKey[key] == nil { removedRuns.append(Self.entry(run, key: key)) }
        }
        for run in new.runs {
            let key = newKeys[run.id]!
            guard let before = oldByKey[key] else {
                addedRuns.append(Self.entry(run, key: key))
                continue
            }
            let changes = Self.runChanges(before, run)
            let steps = Self.stepChanges(before.steps, run.steps, oldKeys: oldKeys, newKeys: newKeys)
            if !changes.isEmpty || !steps.isEmpty {
                changedRuns.append(ChangedRun(key: key, oldID: before.id, newID: run.id, changes: changes, steps: steps))
            }
        }
        let oldEdges = Set(old.edges.map { Self.edge($0, keys: oldKeys) })
        let newEdges = Set(new.edges.map { Self.edge($0, keys: newKeys) })
        addedEdges = newEdges.subtracting(oldEdges).sorted()
        removedEdges = oldEdges.subtracting(newEdges).sorted()
    }

    // MARK: - Keys

    /// Every run's key: the root's is `repo · workflow`; a child's is its parent's key, the
    /// fan-out step and its own `repo · workflow`. Two runs with one key (which the planner
    /// does not make: one run per subscriber and fan-out) get `#2`, `#3` in plan order.
    static func runKeys(_ plan: Plan) -> [String: String] {
        var keys: [String: String] = [:]
        var used: [String: Int] = [:]
        func key(_ run: PlannedRun, byID: [String: PlannedRun], depth: Int) -> String {
            if let known = keys[run.id] { return known }
            var k = "\(run.repo) · \(run.workflow)"
            if let parent = run.parent, depth < 1000 {
                let (parentRun, step) = split(parent)
                if let p = byID[parentRun] { k = key(p, byID: byID, depth: depth + 1) + " › \(step) → " + k }
            }
            used[k, default: 0] += 1
            if used[k]! > 1 { k += " #\(used[k]!)" }
            keys[run.id] = k
            return k
        }
        let byID = Dictionary(plan.runs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for run in plan.runs { _ = key(run, byID: byID, depth: 0) }
        return keys
    }

    /// `RUN/STEP` → (RUN, STEP); `RUN` → (RUN, "").
    static func split(_ end: String) -> (run: String, step: String) {
        guard let slash = end.firstIndex(of: "/") else { return (end, "") }
        return (String(end[..<slash]), String(end[end.index(after: slash)...]))
    }

    static func edge(_ e: PlannedEdge, keys: [String: String]) -> Edge {
        func name(_ end: String) -> String {
            let (run, step) = split(end)
            let k = keys[run] ?? run
            return step.isEmpty ? k : "\(k) › \(step)"
        }
        return Edge(from: name(e.from), to: name(e.to), kind: e.kind.rawValue)
    }

    // MARK: - Comparing

    static func entry(_ run: PlannedRun, key: String) -> RunEntry {
        RunEntry(
            key: key, id: run.id, trigger: run.trigger.map { "'\($0.eventType)' from \($0.artifact)" }, condition: run.condition,
            steps: run.steps.map(\.id))
    }

    static func planChanges(_ old: Plan, _ new: Plan) -> [Change] {
        var out: [Change] = []
        if old.root.repo != new.root.repo { out.append(Change(what: "root repository", old: old.root.repo, new: new.root.repo)) }
        if old.root.workflow != new.root.workflow {
            out.append(Change(what: "root workflow", old: old.root.workflow, new: new.root.workflow))
        }
        out += mapChanges("root input", old.root.inputs, new.root.inputs)
        if old.limits.maxDepth != new.limits.maxDepth {
            out.append(Change(what: "max depth", old: String(old.limits.maxDepth), new: String(new.limits.maxDepth)))
        }
        let oldRepos = Dictionary(old.repositories.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newRepos = Dictionary(new.repositories.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in Set(oldRepos.keys).union(newRepos.keys).sorted() {
            switch (oldRepos[name], newRepos[name]) {
            case (nil, let n?):
                out.append(Change(what: "repository \(name)", old: nil, new: n.branch.map { "branch \($0)" } ?? n.source.rawValue))
            case (let o?, nil):
                out.append(Change(what: "repository \(name)", old: o.branch.map { "branch \($0)" } ?? o.source.rawValue, new: nil))
            case (let o?, let n?):
                if o.branch != n.branch { out.append(Change(what: "repository \(name) branch", old: o.branch, new: n.branch)) }
                let oldFiles = Dictionary(o.files.map { ($0.path, $0.blob) }, uniquingKeysWith: { a, _ in a })
                let newFiles = Dictionary(n.files.map { ($0.path, $0.blob) }, uniquingKeysWith: { a, _ in a })
                for path in Set(oldFiles.keys).union(newFiles.keys).sorted() where oldFiles[path] != newFiles[path] {
                    out.append(
                        Change(
                            what: "repository \(name) file \(path)", old: oldFiles[path].map { "blob " + $0.prefix(12) },
                            new: newFiles[path].map { "blob " + $0.prefix(12) }))
                }
            case (nil, nil): break
            }
        }
        return out
    }

    static func runChanges(_ old: PlannedRun, _ new: PlannedRun) -> [Change] {
        var out: [Change] = []
        let ot = old.trigger, nt = new.trigger
        if ot?.eventType != nt?.eventType { out.append(Change(what: "trigger event", old: ot?.eventType, new: nt?.eventType)) }
        if ot?.schemaVersion != nt?.schemaVersion {
            out.append(Change(what: "trigger schema version", old: ot?.schemaVersion, new: nt?.schemaVersion))
        }
        if ot?.artifact != nt?.artifact { out.append(Change(what: "trigger artifact", old: ot?.artifact, new: nt?.artifact)) }
        if old.condition != new.condition { out.append(Change(what: "condition", old: old.condition, new: new.condition)) }
        out += mapChanges("input", old.inputs.mapValues(describe), new.inputs.mapValues(describe))
        out += mapChanges("input type", old.inputTypes, new.inputTypes)
        out += mapChanges("env", old.env.mapValues(describe), new.env.mapValues(describe))
        let os = Set(old.secrets), ns = Set(new.secrets)
        for s in ns.subtracting(os).sorted() { out.append(Change(what: "secret \(s)", old: nil, new: "taken")) }
        for s in os.subtracting(ns).sorted() { out.append(Change(what: "secret \(s)", old: "taken", new: nil)) }
        let oldOrder = old.steps.map(\.id), newOrder = new.steps.map(\.id)
        let common = Set(oldOrder).intersection(newOrder)
        if oldOrder.filter(common.contains) != newOrder.filter(common.contains) {
            out.append(Change(what: "step order", old: oldOrder.joined(separator: ", "), new: newOrder.joined(separator: ", ")))
        }
        return out
    }

    static func stepChanges(
        _ old: [PlannedStep], _ new: [PlannedStep], oldKeys: [String: String], newKeys: [String: String],
        prefix: String = ""
    ) -> [StepChange] {
        let oldByID = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newByID = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [StepChange] = []
        for step in old where newByID[step.id] == nil {
            out.append(StepChange(kind: .removed, step: prefix + step.id, summary: summary(step), changes: []))
        }
        for step in new {
            guard let before = oldByID[step.id] else {
                out.append(StepChange(kind: .added, step: prefix + step.id, summary: summary(step), changes: []))
                continue
            }
            var changes: [Change] = []
            if before.name != step.name { changes.append(Change(what: "name", old: before.name, new: step.name)) }
            if before.run != step.run { changes.append(Change(what: "run", old: before.run.map(describe), new: step.run.map(describe))) }
            if before.condition != step.condition { changes.append(Change(what: "condition", old: before.condition, new: step.condition)) }
            changes += mapChanges("env", before.env.mapValues(describe), step.env.mapValues(describe))
            if before.timeoutSeconds != step.timeoutSeconds {
                changes.append(
                    Change(what: "timeout", old: before.timeoutSeconds.map { "\($0)s" }, new: step.timeoutSeconds.map { "\($0)s" }))
            }
            if before.continueOnError != step.continueOnError {
                changes.append(Change(what: "continue on error", old: String(before.continueOnError), new: String(step.continueOnError)))
            }
            let oo = before.outputs.map(output).joined(separator: ", "), no = step.outputs.map(output).joined(separator: ", ")
            if oo != no { changes.append(Change(what: "outputs", old: oo.isEmpty ? nil : oo, new: no.isEmpty ? nil : no)) }
            changes += fanOutChanges(before.fanOut, step.fanOut, oldKeys: oldKeys, newKeys: newKeys)
            if !changes.isEmpty { out.append(StepChange(kind: .changed, step: prefix + step.id, summary: nil, changes: changes)) }
            out += stepChanges(
                before.onFailure, step.onFailure, oldKeys: oldKeys, newKeys: newKeys, prefix: prefix + step.id + " on_failure › ")
        }
        return out
    }

    static func fanOutChanges(
        _ old: PlannedFanOut?, _ new: PlannedFanOut?, oldKeys: [String: String], newKeys: [String: String]
    ) -> [Change] {
        guard let old, let new else {
            if old == nil && new == nil { return [] }
            return [Change(what: "fan-out", old: old.map { "'\($0.event.type)'" }, new: new.map { "'\($0.event.type)'" })]
        }
        var out: [Change] = []
        if old.event.type != new.event.type { out.append(Change(what: "event", old: old.event.type, new: new.event.type)) }
        if old.event.schemaVersion != new.event.schemaVersion {
            out.append(Change(what: "schema version", old: old.event.schemaVersion, new: new.event.schemaVersion))
        }
        if old.event.artifact != new.event.artifact {
            out.append(Change(what: "artifact", old: old.event.artifact, new: new.event.artifact))
        }
        out += mapChanges("payload", old.event.payload.mapValues(describe), new.event.payload.mapValues(describe))
        if old.children.count != new.children.count {
            out.append(Change(what: "runs started", old: String(old.children.count), new: String(new.children.count)))
        }
        if old.waitForChildren != new.waitForChildren {
            out.append(Change(what: "waits for children", old: String(old.waitForChildren), new: String(new.waitForChildren)))
        }
        if old.concurrencyLimit != new.concurrencyLimit {
            out.append(
                Change(what: "concurrency limit", old: old.concurrencyLimit.map(String.init), new: new.concurrencyLimit.map(String.init)))
        }
        if old.failFast != new.failFast { out.append(Change(what: "fail fast", old: String(old.failFast), new: String(new.failFast))) }
        if old.timeoutSeconds != new.timeoutSeconds {
            out.append(Change(what: "fan-out timeout", old: old.timeoutSeconds.map { "\($0)s" }, new: new.timeoutSeconds.map { "\($0)s" }))
        }
        return out
    }

    static func mapChanges(_ what: String, _ old: [String: String], _ new: [String: String]) -> [Change] {
        Set(old.keys).union(new.keys).sorted().compactMap { name in
            old[name] == new[name] ? nil : Change(what: "\(what) \(name)", old: old[name], new: new[name])
        }
    }

    /// A value as the plan holds it: text, or a template marked `⟨run time⟩`.
    static func describe(_ v: PlannedValue) -> String {
        switch v {
        case .value(let s): s
        case .template(let t): t + " ⟨run time⟩"
        }
    }

    static func output(_ o: PlannedOutput) -> String {
        o.name + " (" + o.source.rawValue + (o.path.map { " " + $0 } ?? "") + ")"
    }

    static func summary(_ step: PlannedStep) -> String {
        if let fan = step.fanOut { return "fan-out '\(fan.event.type)' → \(fan.children.count) run\(fan.children.count == 1 ? "" : "s")" }
        return step.run.map(describe) ?? ""
    }
}
