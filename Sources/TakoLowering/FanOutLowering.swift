import TakoBasics
import TakoIR
import TakoSemver
import TakoSyntax

extension Lowerer {
    /// `uses:` — only `tako/fan-out@v1` exists; the Go tool's other reserved names are refused.
    mutating func builtin(_ uses: YAMLNode, with: YAMLNode?, withKey: SourceRange?, stepID: String, context: StepContext) -> FanOutDecl? {
        guard let name = string(uses, what: "'uses'") else { return nil }
        guard name.value == Self.fanOutBuiltin else {
            if Self.reservedBuiltins.contains(name.value) {
                report(
                    .unsupportedBuiltin, "'\(name.value)' is reserved by the Go tool and not supported; use a 'run' step", at: uses.range)
            } else {
                let hint = Suggestions.didYouMean(name.value, in: [Self.fanOutBuiltin] + Self.reservedBuiltins, maxDistance: 3)
                report(
                    .unknownBuiltin, "unknown built-in step '\(name.value)'; the only built-in is '\(Self.fanOutBuiltin)'\(hint)",
                    at: uses.range)
            }
            return nil
        }
        guard let with else {
            report(.missingKey, "'\(Self.fanOutBuiltin)' needs 'with' and at least 'event_type'", at: uses.range)
            return nil
        }
        guard let fields = fields(with, KeyTables.fanOut) else { return nil }
        guard let typeNode = fields["event_type"] else {
            report(.missingKey, "'\(Self.fanOutBuiltin)' needs 'event_type' under 'with'", at: withKey ?? with.range)
            return nil
        }
        guard let eventType = eventType(typeNode) else { return nil }

        // The Go tool's fan-out did not wait for its children unless told to.
        let waitForChildren = fields["wait_for_children"].flatMap { bool($0, what: "'wait_for_children'") } ?? (dialect == .native)
        if dialect == .go, fields["wait_for_children"] == nil, let typePair = fields.entries.first(where: { $0.key == "event_type" })?.pair
        {
            migration.append(
                MigrationEdit(
                    .insertLineAfter("wait_for_children: false"), at: Self.pairRange(typePair),
                    because: "the Go tool's fan-out did not wait for its children"))
        }
        let failFast = fields["fail_fast"].flatMap { bool($0, what: "'fail_fast'") } ?? false
        let timeout = fields["timeout"].flatMap { duration($0, what: "'timeout'") }
        var concurrencyLimit: Int?
        if let node = fields["concurrency_limit"] {
            if dialect == .go, let s = node.scalar, s.value == "0" || s.value == "\"0\"" {
                // The Go tool read 0 as "no limit".
                if let pair = fields.entries.first(where: { $0.key == "concurrency_limit" })?.pair {
                    migration.append(MigrationEdit(.commentOut, at: Self.pairRange(pair), because: "the Go tool read 0 as no limit"))
                }
            } else {
                concurrencyLimit = positiveInt(node, what: "'concurrency_limit'", max: 10_000)
            }
        }

        let event: EventDecl
        let declaredBy: String?
        var artifact: String?
        if let declared = context.events[eventType.value] {
            for key in ["payload", "schema_version", "artifact"] {
                if let r = fields.keyRange(key) {
                    report(
                        .invalidKey, "event '\(eventType.value)' is declared by step '\(declared.step)'; give its '\(key)' there, not here",
                        at: r,
                        notes: [DiagnosticNote("declared here", at: declared.event.range)])
                }
            }
            event = declared.event
            declaredBy = declared.step
            artifact = declared.artifact
        } else {
            // An event given here needs its payload (`{}` for none); without 'schema_version'
            // it matches every subscriber's range, as the Go tool's did. The Go tool also sent
            // an event with no 'payload' at all, with an empty one.
            let payloadNode = fields["payload"]
            guard payloadNode != nil || dialect == .go else {
                report(
                    .undeclaredEvent,
                    "event '\(eventType.value)' is not declared by an earlier step of this workflow; declare it under 'produces.events' of an earlier step, or give its 'payload' here ('payload: {}' for none) and its 'schema_version'",
                    at: typeNode.range)
                return nil
            }
            if payloadNode == nil, let typePair = fields.entries.first(where: { $0.key == "event_type" })?.pair {
                migration.append(
                    MigrationEdit(
                        .insertLineAfter("payload: {}"), at: Self.pairRange(typePair), because: "the Go tool sent an empty payload"))
            }
            var version: Located<String>?
            var versions: VersionRange?
            if let versionNode = fields["schema_version"] {
                guard let v = string(versionNode, what: "'schema_version'"),
                    let vs = declaredVersions(versionNode, text: v.value)
                else { return nil }
                version = v
                versions = vs
            }
            let payload = payload(payloadNode, scope: context.scope(for: stepID, what: "a payload value"))
            event = EventDecl(type: eventType, schemaVersion: version, schemaVersions: versions, payload: payload, range: with.range)
            declaredBy = nil
            if let a = fields["artifact"], let name = string(a, what: "'artifact'") {
                if context.artifacts.contains(name.value) {
                    artifact = name.value
                } else {
                    report(
                        .unknownArtifact,
                        "artifact '\(name.value)' is not declared under 'artifacts'\(Suggestions.didYouMean(name.value, in: context.artifacts))",
                        at: a.range)
                    return nil
                }
            }
        }
        if artifact == nil {
            guard context.artifacts.count == 1 else {
                report(
                    .ambiguousArtifact,
                    "the repository declares several artifacts (\(context.artifacts.map { "'\($0)'" }.joined(separator: ", "))); say which one publishes '\(eventType.value)' with 'artifact'",
                    at: typeNode.range)
                return nil
            }
            artifact = context.artifacts[0]
        }
        return FanOutDecl(
            eventType: eventType, event: event, declaredBy: declaredBy, artifact: artifact ?? ManifestDecl.implicitArtifact,
            waitForChildren: waitForChildren, timeout: timeout, concurrencyLimit: concurrencyLimit, failFast: failFast)
    }
}
