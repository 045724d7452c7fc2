import TakoBasics
import TakoIR
import TakoSyntax

extension Lowerer {
    /// `uses:` — only `tako/fan-out@v1` exists; the Go tool's other reserved names are refused.
    mutating func builtin(_ uses: YAMLNode, with: YAMLNode?, withKey: SourceRange?, stepID: String, context: StepContext) -> FanOutDecl? {
        guard let name = string(uses, what: "'uses'") else { return nil }
        guard name.value == Self.fanOutBuiltin else {
            if Self.reservedBuiltins.contains(name.value) {
                error("unsupported-builtin", "'\(name.value)' is reserved by the Go tool and not supported; use a 'run' step", at: uses.range)
            } else {
                let hint = Suggestions.didYouMean(name.value, in: [Self.fanOutBuiltin] + Self.reservedBuiltins, maxDistance: 3)
                error("unknown-builtin", "unknown built-in step '\(name.value)'; the only built-in is '\(Self.fanOutBuiltin)'\(hint)", at: uses.range)
            }
            return nil
        }
        guard let with else {
            error("missing-key", "'\(Self.fanOutBuiltin)' needs 'with' and at least 'event_type'", at: uses.range)
            return nil
        }
        guard let fields = fields(with, KeyTables.fanOut) else { return nil }
        guard let typeNode = fields["event_type"] else {
            error("missing-key", "'\(Self.fanOutBuiltin)' needs 'event_type' under 'with'", at: withKey ?? with.range)
            return nil
        }
        guard let eventType = eventType(typeNode) else { return nil }

        let waitForChildren = fields["wait_for_children"].flatMap { bool($0, what: "'wait_for_children'") } ?? true
        let failFast = fields["fail_fast"].flatMap { bool($0, what: "'fail_fast'") } ?? false
        let timeout = fields["timeout"].flatMap { duration($0, what: "'timeout'") }
        let concurrencyLimit = fields["concurrency_limit"].flatMap { positiveInt($0, what: "'concurrency_limit'", max: 10_000) }

        let event: EventDecl
        let declaredBy: String?
        var artifact: String?
        if let declared = context.events[eventType.value] {
            for key in ["payload", "schema_version", "artifact"] {
                if let r = fields.keyRange(key) {
                    error("invalid-key", "event '\(eventType.value)' is declared by step '\(declared.step)'; give its '\(key)' there, not here", at: r,
                          notes: [DiagnosticNote("declared here", at: declared.event.range)])
                }
            }
            event = declared.event
            declaredBy = declared.step
            artifact = declared.artifact
        } else {
            guard let payloadNode = fields["payload"], let versionNode = fields["schema_version"] else {
                error("undeclared-event", "event '\(eventType.value)' is not declared by an earlier step of this workflow; declare it under 'produces.events' of an earlier step, or give 'payload' and 'schema_version' here",
                      at: typeNode.range)
                return nil
            }
            guard let version = string(versionNode, what: "'schema_version'"),
                  let versions = declaredVersions(versionNode, text: version.value) else { return nil }
            let payload = payload(payloadNode, scope: context.scope(for: stepID, what: "a payload value"))
            event = EventDecl(type: eventType, schemaVersion: version, schemaVersions: versions, payload: payload, range: with.range)
            declaredBy = nil
            if let a = fields["artifact"], let name = string(a, what: "'artifact'") {
                if context.artifacts.contains(name.value) { artifact = name.value } else {
                    error("unknown-artifact", "artifact '\(name.value)' is not declared under 'artifacts'\(Suggestions.didYouMean(name.value, in: context.artifacts))", at: a.range)
                    return nil
                }
            }
        }
        if artifact == nil {
            guard context.artifacts.count == 1 else {
                error("ambiguous-artifact", "the repository declares several artifacts (\(context.artifacts.map { "'\($0)'" }.joined(separator: ", "))); say which one publishes '\(eventType.value)' with 'artifact'",
                      at: typeNode.range)
                return nil
            }
            artifact = context.artifacts[0]
        }
        return FanOutDecl(eventType: eventType, event: event, declaredBy: declaredBy, artifact: artifact ?? ManifestDecl.implicitArtifact,
                          waitForChildren: waitForChildren, timeout: timeout, concurrencyLimit: concurrencyLimit, failFast: failFast)
    }
}
