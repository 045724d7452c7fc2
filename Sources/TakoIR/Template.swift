import TakoBasics
import TakoTemplates

/// A string with `{{ ... }}` holes, parsed and checked with the file.
public struct Template: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        case hole(TemplateHole)
    }

    public var parts: [Part]
    /// The scalar the template was written in.
    public var range: SourceRange

    public init(parts: [Part], range: SourceRange) {
        self.parts = parts
        self.range = range
    }

    public var holes: [TemplateHole] {
        parts.compactMap { if case .hole(let h) = $0 { h } else { nil } }
    }

    /// The text when there are no holes.
    public var literal: String? {
        var s = ""
        for part in parts {
            guard case .text(let t) = part else { return nil }
            s += t
        }
        return s
    }
}

/// One hole: its expression in canonical form and its pipes. A path is rewritten to its
/// canonical spelling (`inputs.NAME`, `inputs['version-bump']`, `steps.ID.outputs.NAME`,
/// `event.payload.KEY`, `env.NAME`) whichever the file used; any other expression is kept
/// as written, after the compiler checked it.
public struct TemplateHole: Sendable, Hashable {
    public enum Form: Sendable, Hashable {
        /// A plain path, segments root first: most holes, kept small (an organisation has
        /// hundreds of thousands of them).
        case path([String])
        /// Any other CEL expression, with the attribute paths it reads, sorted.
        case expression(String, reads: [String])
    }

    public let form: Form
    public var pipes: [TemplatePipe]
    /// The hole's inside as written, trimmed.
    public let source: String
    public var range: SourceRange
    /// Whether `source` is written as `expression` spells it (`takoc migrate` rewrites the
    /// others). Worked out once, when the hole is made: lowering shares one parsed hole among
    /// all that are written alike, and asks this of every hole.
    public let isCanonical: Bool

    public init(form: Form, pipes: [TemplatePipe], source: String, range: SourceRange) {
        self.form = form
        self.pipes = pipes
        self.source = source
        self.range = range
        switch form {
        case .path(let segments): isCanonical = source == TemplateSyntax.pathText(segments)
        case .expression(let e, _): isCanonical = source == e
        }
    }

    /// The segments, root first, when the expression is a plain path.
    public var path: [String]? {
        if case .path(let p) = form { return p }
        return nil
    }

    /// The expression, canonical CEL: a path as `inputs.name`, with `['name']` for a segment
    /// that is not a CEL identifier.
    public var expression: String {
        switch form {
        case .path(let segments): return TemplateSyntax.pathText(segments)
        case .expression(let e, _): return e
        }
    }

    /// The attribute paths the expression reads (`event.payload.version`, `steps.build.outputs.tag`).
    public var reads: [String] {
        switch form {
        case .path(let segments): return [segments.joined(separator: ".")]
        case .expression(_, let reads): return reads
        }
    }

    /// What goes between the braces in a plan: `EXPR | pipe | pipe`.
    public var text: String {
        ([expression] + pipes.map(\.description)).joined(separator: " | ")
    }

    /// The payload keys it reads, through `event.payload.K` or the `payload.K` alias.
    public var payloadKeys: [String] {
        switch form {
        case .path(let p): return p.count == 3 && p[0] == "event" && p[1] == "payload" ? [p[2]] : []
        case .expression(_, let reads): return ExpressionDecl.payloadKeys(of: reads)
        }
    }

    /// Whether its value comes from outside the repository's own file: an event's payload or
    /// a step's output (what a shell command must not splice in unquoted).
    public var readsUntrustedValues: Bool {
        switch form {
        case .path(let p): return p[0] == "steps" || (p[0] == "event" && p.count > 1 && p[1] == "payload")
        case .expression(_, let reads):
            return reads.contains { $0.hasPrefix("event.payload") || $0.hasPrefix("payload") || $0 == "event" || $0.hasPrefix("steps") }
        }
    }
}
