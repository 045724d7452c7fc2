import TakoBasics
import TakoIR
import TakoSemver

/// An event as one fan-out emits it.
public struct EmittedEvent: Sendable, Hashable {
    public var key: EventKey
    public var schemaVersion: String?
    /// The versions the publisher declares it emits (one, or a range).
    public var schemaVersions: VersionRange?
    /// The payload keys the publisher declares, and where the event is declared.
    public var payloadKeys: [String]
    public var declaration: SourceRange

    public init(key: EventKey, schemaVersion: String?, schemaVersions: VersionRange? = nil, payloadKeys: [String], declaration: SourceRange)
    {
        self.schemaVersions = schemaVersions
        self.key = key
        self.schemaVersion = schemaVersion
        self.payloadKeys = payloadKeys
        self.declaration = declaration
    }
}

/// A subscription the event triggers, with the workflow it starts.
public struct SubscriptionMatch: Sendable, Hashable {
    public var subscriber: SubscriberRef
    public var workflow: WorkflowDecl

    public init(subscriber: SubscriberRef, workflow: WorkflowDecl) {
        self.subscriber = subscriber
        self.workflow = workflow
    }
}

/// A subscription considered for an event and not triggered, with why (for `--explain`).
public struct SkippedSubscription: Sendable, Hashable {
    public var subscriber: SubscriberRef
    public var reason: String
}

public struct Resolution: Sendable {
    /// One per subscriber repository, in repository order.
    public var matches: [SubscriptionMatch] = []
    public var skipped: [SkippedSubscription] = []
    public var diagnostics: [Diagnostic] = []
}

/// Decides which subscriptions an emitted event triggers. Pure: reads only the index and
/// the workspace.
public enum Resolver {
    public static func resolve(_ event: EmittedEvent, index: SubscriptionIndex, workspace: Workspace) -> Resolution {
        var result = Resolution()
        var winners: [String: SubscriberRef] = [:]
        for ref in index.subscribers(of: event.key) {
            if let winner = winners[ref.repo] {
                result.skipped.append(
                    SkippedSubscription(subscriber: ref, reason: "an earlier subscription in the same file triggers first"))
                result.diagnostics.append(
                    Diagnostic(
                        .subscriptionShadowed,
                        "this subscription also matches '\(event.key.eventType)' from \(event.key.publisher):\(event.key.artifact), but the earlier one in this file triggers; only the first match runs",
                        at: ref.subscription.range,
                        notes: [DiagnosticNote("the subscription that triggers", at: winner.subscription.range)]))
                continue
            }
            guard let workflow = workspace.manifests[ref.repo]?.workflow(named: ref.subscription.workflow.value) else { continue }
            winners[ref.repo] = ref
            result.diagnostics += checkSchemaRange(ref.subscription, event: event)
            result.diagnostics += checkPayloadKeys(ref.subscription, event: event)
            result.matches.append(SubscriptionMatch(subscriber: ref, workflow: workflow))
        }
        return result
    }

    /// The subscription's range against the versions the publisher declares: none accepted is
    /// an error, some not accepted a warning naming one of them.
    static func checkSchemaRange(_ s: SubscriptionDecl, event: EmittedEvent) -> [Diagnostic] {
        guard let accepted = s.schemaRange else { return [] }
        let what = "'\(event.key.eventType)' from \(event.key.publisher)"
        let declared = [DiagnosticNote("the publisher declares its schema version here", at: event.declaration)]
        guard let emitted = event.schemaVersions, let text = event.schemaVersion else {
            return [
                Diagnostic(
                    .uncheckedSchemaRange,
                    "\(event.key.publisher) declares no schema_version for '\(event.key.eventType)', so the range '\(accepted.value.source)' cannot be checked",
                    at: accepted.range, notes: declared)
            ]
        }
        let single = (try? Version(text)) != nil
        if !emitted.intersects(accepted.value) {
            let message =
                single
                ? "schema range '\(accepted.value.source)' does not accept version \(text) of \(what)"
                : "schema range '\(accepted.value.source)' accepts none of the versions '\(text)' of \(what)"
            return [Diagnostic(.incompatibleSchema, message, at: accepted.range, notes: declared)]
        }
        if !emitted.isSubset(of: accepted.value), let outside = emitted.example(notIn: accepted.value) {
            return [
                Diagnostic(
                    .partialSchemaOverlap,
                    "\(what) may come with schema versions that '\(accepted.value.source)' does not accept, for example \(outside) (the publisher declares '\(text)')",
                    at: accepted.range, notes: declared)
            ]
        }
        return []
    }

    /// Every `event.payload.KEY` a subscription's inputs read must be a key the publisher sends.
    static func checkPayloadKeys(_ s: SubscriptionDecl, event: EmittedEvent) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var reads: [(key: String, at: SourceRange)] = []
        for mapping in s.inputs {
            for hole in mapping.value.holes {
                for key in hole.payloadKeys { reads.append((key, hole.range)) }
            }
        }
        for filter in s.filters {
            for key in filter.payloadKeys { reads.append((key, filter.range)) }
        }
        for (key, at) in reads {
            do {
                guard !event.payloadKeys.contains(key) else { continue }
                let hint = Suggestions.didYouMean(key, in: event.payloadKeys)
                let sent = event.payloadKeys.isEmpty ? "no payload" : "only \(event.payloadKeys.map { "'\($0)'" }.joined(separator: ", "))"
                out.append(
                    Diagnostic(
                        .unknownPayloadKey,
                        "\(event.key.publisher) sends no payload key '\(key)' with '\(event.key.eventType)' (it sends \(sent))\(hint)",
                        at: at, notes: [DiagnosticNote("the event is declared here", at: event.declaration)]))
            }
        }
        return out
    }
}
