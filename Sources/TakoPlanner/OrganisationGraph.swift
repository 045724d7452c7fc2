import TakoIR
import TakoSemver

/// The organisation's subscription graph (`takoc graph --org`): every repository, the events
/// its fan-out steps publish, its subscriptions, and an edge wherever a subscription can be
/// started by a publication (same artifact and event type, a schema range that accepts a
/// published version or an event without version). Subscriptions nothing can start and
/// publications nobody listens to are kept, to be marked.
public struct OrganisationGraph: Sendable, Equatable {
    public struct Publication: Sendable, Equatable {
        public var repo: String
        public var artifact: String
        public var eventType: String
        public var schemaVersion: String?
        public var workflow: String
        public var step: String
        /// How many edges leave it.
        public var listeners = 0
    }

    public struct Subscription: Sendable, Equatable {
        public var repo: String
        public var workflow: String
        public var publisher: String
        public var events: [String]
        public var range: String?
        public var filter: String?
        /// Why an event of the subscription can never start it, by event type.
        public var unreachable: [(event: String, why: String)] = []

        public static func == (a: Subscription, b: Subscription) -> Bool {
            a.repo == b.repo && a.workflow == b.workflow && a.publisher == b.publisher && a.events == b.events && a.range == b.range
                && a.filter == b.filter && a.unreachable.map(\.event) == b.unreachable.map(\.event)
                && a.unreachable.map(\.why) == b.unreachable.map(\.why)
        }
    }

    public struct Edge: Sendable, Equatable {
        public var from: String
        public var fromWorkflow: String
        public var to: String
        public var toWorkflow: String
        public var event: String
        public var range: String?
        public var filter: String?

        /// `event range`, then `if filter` when there is one.
        public var label: String {
            "\(event) \(range ?? "any")" + (filter.map { " if \($0)" } ?? "")
        }
    }

    public var repositories: [String]
    /// Every repository of the organisation, also those a focus leaves out.
    public var allRepositories: [String]
    /// Repositories whose file has errors: drawn, without events or subscriptions.
    public var broken: Set<String> = []
    public var publications: [Publication]
    public var subscriptions: [Subscription]
    public var edges: [Edge]

    public init(manifests: [String: ManifestDecl], broken: Set<String> = []) {
        self.broken = broken.subtracting(manifests.keys)
        repositories = Set(manifests.keys).union(self.broken).sorted()
        allRepositories = repositories
        publications = []
        subscriptions = []
        edges = []
        var versionsOf: [Int: VersionRange] = [:]
        for repo in repositories {
            guard let manifest = manifests[repo] else { continue }
            for workflow in manifest.workflows {
                func visit(_ steps: [StepDecl]) {
                    for step in steps {
                        if case .fanOut(let f) = step.action {
                            if let v = f.event.schemaVersions { versionsOf[publications.count] = v }
                            publications.append(
                                Publication(
                                    repo: repo, artifact: f.artifact, eventType: f.eventType.value,
                                    schemaVersion: f.event.schemaVersion?.value, workflow: workflow.name.value, step: step.id.value))
                        }
                        visit(step.onFailure)
                    }
                }
                visit(workflow.steps)
            }
        }
        for repo in repositories {
            for s in manifests[repo]?.subscriptions ?? [] {
                let ref = s.artifact.value
                var sub = Subscription(
                    repo: repo, workflow: s.workflow.value, publisher: ref.description, events: s.events.map(\.value),
                    range: s.schemaRange?.value.source,
                    filter: s.filters.isEmpty ? nil : s.filters.map(\.source).joined(separator: " && "))
                for event in sub.events {
                    let sameEvent = publications.indices.filter {
                        publications[$0].repo == ref.repo && publications[$0].artifact == ref.artifact
                            && publications[$0].eventType == event
                    }
                    let matching = sameEvent.filter { i in
                        guard let range = s.schemaRange?.value, let published = versionsOf[i] else { return true }
                        return published.intersects(range)
                    }
                    if matching.isEmpty {
                        let why: String
                        if self.broken.contains(ref.repo) {
                            why = "\(ref.repo)'s tako.yml has errors"
                        } else if manifests[ref.repo] == nil {
                            why = "\(ref.repo) is not in the cache"
                        } else if sameEvent.isEmpty {
                            why = "\(ref) never publishes '\(event)'"
                        } else {
                            let versions = Set(sameEvent.compactMap { publications[$0].schemaVersion }).sorted().joined(separator: ", ")
                            why = "'\(sub.range ?? "")' accepts no version \(ref) publishes '\(event)' with (\(versions))"
                        }
                        sub.unreachable.append((event, why))
                    }
                    for i in matching {
                        let p = publications[i]
                        let edge = Edge(
                            from: p.repo, fromWorkflow: p.workflow, to: repo, toWorkflow: sub.workflow, event: event,
                            range: sub.range, filter: sub.filter)
                        if edges.contains(edge) { continue }
                        publications[i].listeners += 1
                        edges.append(edge)
                    }
                }
                subscriptions.append(sub)
            }
        }
    }

    /// The part of the graph within `depth` edges of `repo`, in either direction.
    public func focused(on repo: String, depth: Int) -> OrganisationGraph {
        var kept: Set<String> = [repo]
        var frontier: Set<String> = [repo]
        for _ in 0..<depth {
            var next: Set<String> = []
            for e in edges {
                if frontier.contains(e.from), !kept.contains(e.to) { next.insert(e.to) }
                if frontier.contains(e.to), !kept.contains(e.from) { next.insert(e.from) }
            }
            if next.isEmpty { break }
            kept.formUnion(next)
            frontier = next
        }
        var g = self
        g.repositories = repositories.filter(kept.contains)
        g.publications = publications.filter { kept.contains($0.repo) }
        g.subscriptions = subscriptions.filter { kept.contains($0.repo) }
        g.edges = edges.filter { kept.contains($0.from) && kept.contains($0.to) }
        return g
    }

    /// Publishers outside the cache that unreachable subscriptions name, sorted.
    var missingPublishers: [String] {
        Set(subscriptions.filter { s in !allRepositories.contains(String(s.publisher.split(separator: ":")[0])) }.map(\.publisher)).sorted()
    }
}
