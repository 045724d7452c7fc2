import TakoBasics
import TakoSemver

/// One tako.yml, typed: what lowering makes of a file and what resolution links.
public struct ManifestDecl: Sendable, Hashable {
    /// The path used in diagnostics, e.g. `acme/app/tako.yml`.
    public var path: String
    public var version: Located<String>
    /// Declared artifacts in file order; empty means the implicit `default`.
    public var artifacts: [ArtifactDecl]
    public var workflows: [WorkflowDecl]
    public var subscriptions: [SubscriptionDecl]

    public init(
        path: String, version: Located<String>, artifacts: [ArtifactDecl], workflows: [WorkflowDecl], subscriptions: [SubscriptionDecl]
    ) {
        self.path = path
        self.version = version
        self.artifacts = artifacts
        self.workflows = workflows
        self.subscriptions = subscriptions
    }

    public static let implicitArtifact = "default"

    /// The artifact names other repositories may subscribe to.
    public var artifactNames: [String] {
        artifacts.isEmpty ? [Self.implicitArtifact] : artifacts.map(\.name.value)
    }

    public func workflow(named name: String) -> WorkflowDecl? {
        workflows.first { $0.name.value == name }
    }
}

public struct ArtifactDecl: Sendable, Hashable {
    public var name: Located<String>
    public var path: String?
    public var ecosystem: String?
    public var description: String?

    public init(name: Located<String>, path: String?, ecosystem: String?, description: String?) {
        self.name = name
        self.path = path
        self.ecosystem = ecosystem
        self.description = description
    }
}

public struct WorkflowDecl: Sendable, Hashable {
    public var name: Located<String>
    public var description: String?
    /// `on: exec`, when given.
    public var trigger: Located<String>?
    public var inputs: [InputDecl]
    public var env: [EnvEntry]
    public var secrets: [Located<String>]
    public var steps: [StepDecl]

    public init(
        name: Located<String>, description: String?, trigger: Located<String>?, inputs: [InputDecl], env: [EnvEntry],
        secrets: [Located<String>], steps: [StepDecl]
    ) {
        self.name = name
        self.description = description
        self.trigger = trigger
        self.inputs = inputs
        self.env = env
        self.secrets = secrets
        self.steps = steps
    }

    public func input(named name: String) -> InputDecl? {
        inputs.first { $0.name.value == name }
    }
}

public struct EnvEntry: Sendable, Hashable {
    public var name: Located<String>
    public var value: Template

    public init(name: Located<String>, value: Template) {
        self.name = name
        self.value = value
    }
}

public struct SubscriptionDecl: Sendable, Hashable {
    /// The publisher's artifact, `owner/repo:name`.
    public var artifact: Located<ArtifactReference>
    public var events: [Located<String>]
    /// The schema versions the subscription accepts (`schema_version`), when it says.
    public var schemaRange: Located<VersionRange>?
    /// CEL filters; all must be true for the subscription to trigger.
    public var filters: [ExpressionDecl]
    public var workflow: Located<String>
    public var inputs: [InputMapping]
    /// `priority`: the runs this subscription starts go before waiting steps of runs with a
    /// lower one (`tako exec`'s slots); nil when the subscription gives none.
    public var priority: Located<Int>?
    /// Where the subscription starts in its file.
    public var range: SourceRange

    public init(
        artifact: Located<ArtifactReference>, events: [Located<String>], schemaRange: Located<VersionRange>? = nil,
        filters: [ExpressionDecl] = [], workflow: Located<String>, inputs: [InputMapping], priority: Located<Int>? = nil,
        range: SourceRange
    ) {
        self.priority = priority
        self.filters = filters
        self.schemaRange = schemaRange
        self.artifact = artifact
        self.events = events
        self.workflow = workflow
        self.inputs = inputs
        self.range = range
    }
}

public struct ArtifactReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `owner/repo`.
    public var repo: String
    public var artifact: String

    public init(repo: String, artifact: String) {
        self.repo = repo
        self.artifact = artifact
    }

    public var description: String { "\(repo):\(artifact)" }

    public static func < (a: ArtifactReference, b: ArtifactReference) -> Bool { (a.repo, a.artifact) < (b.repo, b.artifact) }
}

public struct InputMapping: Sendable, Hashable {
    public var name: Located<String>
    public var value: Template

    public init(name: Located<String>, value: Template) {
        self.name = name
        self.value = value
    }
}
