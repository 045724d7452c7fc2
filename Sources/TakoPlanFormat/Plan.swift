/// plan.json: everything `tako exec` needs, and nothing it must not see (no secrets).
/// Plain Codable data shared by the compiler, which writes it, and the interpreter, which
/// reads it. Field names are the file's (snake_case); docs/plan-format.md describes them
/// and Grammar/plan.schema.json is the JSON Schema.
public struct Plan: Codable, Sendable, Hashable {
    /// The version this build writes. `tako` reads any `1.x` and refuses other majors.
    public static let currentFormatVersion = "1.0"

    public var formatVersion: String
    public var root: PlanRoot
    public var repositories: [PlannedRepository]
    /// Runs in plan order: a parent before its children, siblings in subscriber order.
    public var runs: [PlannedRun]
    public var edges: [PlannedEdge]
    public var limits: PlanLimits
    /// `sha256:<hex>` over the canonical encoding with this field empty.
    public var digest: String

    public init(root: PlanRoot, repositories: [PlannedRepository], runs: [PlannedRun], edges: [PlannedEdge], limits: PlanLimits) {
        self.formatVersion = Self.currentFormatVersion
        self.root = root
        self.repositories = repositories
        self.runs = runs
        self.edges = edges
        self.limits = limits
        self.digest = ""
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", root, repositories, runs, edges, limits, digest
    }

    public func run(id: String) -> PlannedRun? { runs.first { $0.id == id } }
    public func repository(named name: String) -> PlannedRepository? { repositories.first { $0.name == name } }
}

public struct PlanRoot: Codable, Sendable, Hashable {
    public var repo: String
    public var workflow: String
    public var inputs: [String: String]

    public init(repo: String, workflow: String, inputs: [String: String]) {
        self.repo = repo
        self.workflow = workflow
        self.inputs = inputs
    }
}

/// Where a repository's code comes from when its runs execute.
public struct PlannedRepository: Codable, Sendable, Hashable {
    public enum Source: String, Codable, Sendable, Hashable {
        /// A clone in the cache: runs check out `commit` into a fresh workspace.
        case cache
        /// The `--root` checkout: runs use its working files in place.
        case root
    }

    public var name: String
    public var source: Source
    /// Absolute path of the cached clone, or of the root checkout.
    public var path: String
    public var branch: String?
    /// The commit the plan was made from (nil for a root checkout that is not a git repository).
    public var commit: String?
    /// Every file the compiler read from this repository, with its git blob id.
    public var files: [PlannedFile]

    public init(name: String, source: Source, path: String, branch: String?, commit: String?, files: [PlannedFile]) {
        self.name = name
        self.source = source
        self.path = path
        self.branch = branch
        self.commit = commit
        self.files = files
    }
}

public struct PlannedFile: Codable, Sendable, Hashable {
    public var path: String
    public var blob: String

    public init(path: String, blob: String) {
        self.path = path
        self.blob = blob
    }
}

public struct PlanLimits: Codable, Sendable, Hashable {
    public var maxDepth: Int

    public init(maxDepth: Int) { self.maxDepth = maxDepth }

    enum CodingKeys: String, CodingKey { case maxDepth = "max_depth" }
}

/// An edge of the plan's DAG. Ends are `RUN` or `RUN/STEP`.
public struct PlannedEdge: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        /// The next step of a run waits for the previous one.
        case step
        /// A fan-out step starts a child run.
        case fanOut = "fan_out"
        /// A step after a fan-out waits for the child run's whole subtree.
        case wait
    }

    public var from: String
    public var to: String
    public var kind: Kind

    public init(from: String, to: String, kind: Kind) {
        self.from = from
        self.to = to
        self.kind = kind
    }
}
