import TakoBasics
import TakoIR

/// `takoc plan`'s look at the subscriptions that almost match: a subscription of any cached
/// repository that names a publisher of the plan one or two letters wrong (a repository
/// that is not in the cache), or names the right publisher but an artifact or event type it
/// never uses, one or two letters from one a fan-out of the plan emits. Such a subscription
/// is silently never triggered, and the fan-out it was meant for reaches fewer runs (often
/// none): each is a `misnamed-subscription` warning with "did you mean", and a note at the
/// fan-out step saying how many runs it reaches as written.
///
/// One pass over the subscriptions of the workspace; the names compared against are only
/// those of the plan's fan-outs, so an organisation of thousands of repositories costs one
/// dictionary look-up per subscription that names a repository of the cache.
public enum SubscriptionNearMisses {
    public static func check(_ linked: LinkedWorkspace, cachedRepositories: Set<String>) -> [Diagnostic] {
        guard !linked.fanOuts.isEmpty else { return [] }
        // What the plan's fan-outs emit, by publisher, then artifact, then event type.
        var emitted: [String: [String: [String: LinkedFanOut]]] = [:]
        for fanOut in linked.fanOuts {
            let key = fanOut.event.key
            if emitted[key.publisher, default: [:]][key.artifact, default: [:]][key.eventType] == nil {
                emitted[key.publisher, default: [:]][key.artifact, default: [:]][key.eventType] = fanOut
            }
        }
        let publishers = emitted.keys.sorted()
        // Every (artifact, event type) a publisher emits in any workflow, reached by the plan or
        // not: a subscription to one of them is not misnamed. Worked out for a publisher the
        // first time a subscription to it does not match (walking every workflow of every
        // publisher was 3 % of `takoc plan` at 10,000 repositories).
        var anywhere: [String: Set<String>] = [:]
        func emits(_ publisher: String) -> Set<String> {
            if let known = anywhere[publisher] { return known }
            var found: Set<String> = []
            for workflow in linked.workspace.manifests[publisher]?.workflows ?? [] {
                for (_, fan) in Linker.fanOuts(of: workflow) { found.insert(fan.artifact + ":" + fan.eventType.value) }
            }
            anywhere[publisher] = found
            return found
        }
        var out: [Diagnostic] = []
        for repo in linked.workspace.manifests.keys.sorted() {
            guard let manifest = linked.workspace.manifests[repo] else { continue }
            for s in manifest.subscriptions {
                out += check(
                    s, emitted: emitted, publishers: publishers, cachedRepositories: cachedRepositories,
                    artifactsOf: { linked.workspace.manifests[$0]?.artifactNames ?? [] },
                    emitsAnywhere: { emits($0).contains($1 + ":" + $2) })
            }
        }
        return out
    }

    private static func check(
        _ s: SubscriptionDecl, emitted: [String: [String: [String: LinkedFanOut]]], publishers: [String],
        cachedRepositories: Set<String>, artifactsOf: (String) -> [String],
        emitsAnywhere: (String, String, String) -> Bool
    ) -> [Diagnostic] {
        let ref = s.artifact.value
        guard let byArtifact = emitted[ref.repo] else {
            // A repository that is not in the cache, one or two letters from a publisher of the plan.
            guard !cachedRepositories.contains(ref.repo), let meant = Suggestions.closest(to: ref.repo, in: publishers),
                let fanOuts = emitted[meant]?[ref.artifact] ?? emitted[meant]?.values.first
            else { return [] }
            let reached = s.events.compactMap { fanOuts[$0.value] }.first ?? fanOuts.values.sorted(by: order).first!
            return [
                Diagnostic(
                    .misnamedSubscription,
                    "this subscription names \(ref.repo), which is not in the cache; did you mean '\(meant)'? As written it is never triggered",
                    at: s.artifact.range, notes: [reaches(reached)])
            ]
        }
        guard let byType = byArtifact[ref.artifact] else {
            // The right publisher, an artifact its fan-outs of the plan do not emit for.
            let declared = artifactsOf(ref.repo)
            guard !declared.contains(ref.artifact), let meant = Suggestions.closest(to: ref.artifact, in: byArtifact.keys.sorted()),
                let byMeant = byArtifact[meant]
            else { return [] }
            let reached = s.events.compactMap { byMeant[$0.value] }.first ?? byMeant.values.sorted(by: order).first!
            return [
                Diagnostic(
                    .misnamedSubscription,
                    "\(ref.repo) declares no artifact '\(ref.artifact)'; did you mean '\(meant)'? As written this subscription is never triggered",
                    at: s.artifact.range, notes: [reaches(reached)])
            ]
        }
        // Most subscriptions name events the publisher emits: nothing more to look at.
        guard s.events.contains(where: { byType[$0.value] == nil }) else { return [] }
        var out: [Diagnostic] = []
        let types = byType.keys.sorted()
        let named = Set(s.events.map(\.value))
        for type in s.events where byType[type.value] == nil && !emitsAnywhere(ref.repo, ref.artifact, type.value) {
            guard let meant = Suggestions.closest(to: type.value, in: types), !named.contains(meant), let fanOut = byType[meant] else {
                continue
            }
            out.append(
                Diagnostic(
                    .misnamedSubscription,
                    "\(ref.repo):\(ref.artifact) emits no '\(type.value)' in this plan; did you mean '\(meant)'? As written this subscription is not triggered by it",
                    at: type.range, notes: [reaches(fanOut)]))
        }
        return out
    }

    /// The note at the fan-out the subscription was probably meant for.
    private static func reaches(_ fanOut: LinkedFanOut) -> DiagnosticNote {
        let n = fanOut.resolution.matches.count
        let key = fanOut.event.key
        return DiagnosticNote(
            "\(key.publisher) '\(fanOut.site.workflow.workflow)' emits '\(key.eventType)' for '\(key.artifact)' here (step '\(fanOut.site.step)'); "
                + "it reaches \(n) subscription\(n == 1 ? "" : "s")\(n == 0 ? ", so it starts no run" : "")",
            at: fanOut.stepRange)
    }

    private static func order(_ a: LinkedFanOut, _ b: LinkedFanOut) -> Bool { a.event.key.eventType < b.event.key.eventType }
}
