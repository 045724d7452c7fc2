import TakoBasics
import TakoIR

/// What every repository of a linked workspace publishes: for each (repository, artifact),
/// the event types its fan-outs emit (the linked fan-out steps, so `on_failure` steps
/// count as they do for `takoc plan`), with their declarations. Used to check a file's
/// subscriptions against the repositories they name (`takoc check --cache-dir`).
public struct PublisherCatalog: Sendable {
    private var events: [String: [String: [String: EmittedEvent]]] = [:]
    private var artifacts: [String: [String]] = [:]

    /// Every repository of the cache, those whose file has errors included: what a
    /// subscription to an unknown publisher is compared with for "did you mean".
    private var cached: [String] = []

    public init(linked: LinkedWorkspace, cachedRepositories: [String] = []) {
        cached = Array(Set(cachedRepositories).union(linked.workspace.manifests.keys)).sorted()
        for (repo, manifest) in linked.workspace.manifests { artifacts[repo] = manifest.artifactNames }
        for fanOut in linked.fanOuts {
            let key = fanOut.event.key
            if events[key.publisher, default: [:]][key.artifact, default: [:]][key.eventType] == nil {
                events[key.publisher, default: [:]][key.artifact, default: [:]][key.eventType] = fanOut.event
            }
        }
    }

    /// Diagnostics for the subscriptions of one file: the publisher is known, has the artifact,
    /// emits the event; payload keys and schema ranges fit what it declares.
    public func check(_ manifest: ManifestDecl) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for s in manifest.subscriptions {
            let ref = s.artifact.value
            guard let published = artifacts[ref.repo] else {
                let message =
                    Suggestions.closest(to: ref.repo, in: cached).map {
                        "\(ref.repo) is not in the cache; did you mean '\($0)'? (If not, add it with 'takoc cache add', so that this subscription can be checked against it)"
                    } ?? "\(ref.repo) is not in the cache, so this subscription cannot be checked against it; add it with 'takoc cache add'"
                out.append(Diagnostic(.unknownPublisher, message, at: s.artifact.range))
                continue
            }
            guard published.contains(ref.artifact) else {
                out.append(
                    Diagnostic(
                        .unknownArtifact,
                        "\(ref.repo) declares no artifact '\(ref.artifact)' (it has \(list(published)))\(Suggestions.didYouMean(ref.artifact, in: published))",
                        at: s.artifact.range))
                continue
            }
            let emitted = events[ref.repo]?[ref.artifact] ?? [:]
            for type in s.events {
                guard let event = emitted[type.value] else {
                    let known = emitted.keys.sorted()
                    let has = known.isEmpty ? "it emits no events" : "it emits \(list(known))"
                    out.append(
                        Diagnostic(
                            .unknownEvent,
                            "\(ref.repo):\(ref.artifact) never emits '\(type.value)' (\(has))\(Suggestions.didYouMean(type.value, in: known))",
                            at: type.range))
                    continue
                }
                out += Resolver.checkSchemaRange(s, event: event)
                out += Resolver.checkPayloadKeys(s, event: event)
            }
        }
        return out
    }

    private func list(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }
}
