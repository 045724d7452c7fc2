import TakoBasics
import TakoIR

/// An event as one fan-out emits it.
public struct EmittedEvent: Sendable, Hashable {
    public var key: EventKey
    public var schemaVersion: String?
    /// The payload keys the publisher declares, and where the event is declared.
    public var payloadKeys: [String]
    public var declaration: SourceRange

    public init(key: EventKey, schemaVersion: String?, payloadKeys: [String], declaration: SourceRange) {
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
                result.skipped.append(SkippedSubscription(subscriber: ref, reason: "an earlier subscription in the same file triggers first"))
                result.diagnostics.append(.warning(
                    "subscription-shadowed",
                    "this subscription also matches '\(event.key.eventType)' from \(event.key.publisher):\(event.key.artifact), but the earlier one in this file triggers; only the first match runs",
                    at: ref.subscription.range,
                    notes: [DiagnosticNote("the subscription that triggers", at: winner.subscription.range)]))
                continue
            }
            guard let workflow = workspace.manifests[ref.repo]?.workflow(named: ref.subscription.workflow.value) else { continue }
            winners[ref.repo] = ref
            result.diagnostics += checkPayloadKeys(ref.subscription, event: event)
            result.matches.append(SubscriptionMatch(subscriber: ref, workflow: workflow))
        }
        return result
    }

    /// Every `event.payload.KEY` a subscription's inputs read must be a key the publisher sends.
    static func checkPayloadKeys(_ s: SubscriptionDecl, event: EmittedEvent) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for mapping in s.inputs {
            for hole in mapping.value.holes where hole.root == .event && hole.path.count == 2 && hole.path[0] == "payload" {
                let key = hole.path[1]
                guard !event.payloadKeys.contains(key) else { continue }
                let hint = Suggestions.didYouMean(key, in: event.payloadKeys)
                let sent = event.payloadKeys.isEmpty ? "no payload" : "only \(event.payloadKeys.map { "'\($0)'" }.joined(separator: ", "))"
                out.append(.error("unknown-payload-key",
                                  "\(event.key.publisher) sends no payload key '\(key)' with '\(event.key.eventType)' (it sends \(sent))\(hint)",
                                  at: hole.range, notes: [DiagnosticNote("the event is declared here", at: event.declaration)]))
            }
        }
        return out
    }
}
