import TakoIR

/// Every repository's typed manifest, by `owner/repo`: the world resolution links over.
public struct Workspace: Sendable {
    public var manifests: [String: ManifestDecl]

    public init(manifests: [String: ManifestDecl]) {
        self.manifests = manifests
    }
}

/// What a fan-out emits, keyed the way subscriptions name it.
public struct EventKey: Hashable, Sendable {
    /// `owner/repo` of the publisher.
    public var publisher: String
    public var artifact: String
    public var eventType: String

    public init(publisher: String, artifact: String, eventType: String) {
        self.publisher = publisher
        self.artifact = artifact
        self.eventType = eventType
    }
}

/// One subscription of one repository, with its position in that repository's file.
public struct SubscriberRef: Sendable, Hashable {
    public var repo: String
    /// Position among the repository's subscriptions (file order).
    public var index: Int
    public var subscription: SubscriptionDecl

    public init(repo: String, index: Int, subscription: SubscriptionDecl) {
        self.repo = repo
        self.index = index
        self.subscription = subscription
    }
}

/// Subscriptions of every repository by (publisher, artifact, event type), built once per
/// plan so that finding who an event reaches costs one lookup, not a scan of every file.
public struct SubscriptionIndex: Sendable {
    private var entries: [EventKey: [SubscriberRef]] = [:]

    public init(workspace: Workspace) {
        for (repo, manifest) in workspace.manifests {
            for (i, s) in manifest.subscriptions.enumerated() {
                for event in s.events {
                    let key = EventKey(publisher: s.artifact.value.repo, artifact: s.artifact.value.artifact, eventType: event.value)
                    entries[key, default: []].append(SubscriberRef(repo: repo, index: i, subscription: s))
                }
            }
        }
        for key in entries.keys {
            entries[key]!.sort { ($0.repo, $0.index) < ($1.repo, $1.index) }
        }
    }

    /// The subscriptions naming this event, by subscriber repository, then file order.
    public func subscribers(of key: EventKey) -> [SubscriberRef] {
        entries[key] ?? []
    }

    public var count: Int { entries.values.reduce(0) { $0 + $1.count } }
}
