import TakoBasics

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
    /// The expression, canonical CEL.
    public var expression: String
    /// The segments, root first, when the expression is a plain path.
    public var path: [String]?
    /// The attribute paths the expression reads (`event.payload.version`, `steps.build.outputs.tag`), sorted.
    public var reads: [String]
    public var pipes: [TemplatePipe]
    /// The hole's inside as written, trimmed.
    public var source: String
    public var range: SourceRange

    public init(expression: String, path: [String]?, reads: [String], pipes: [TemplatePipe], source: String, range: SourceRange) {
        self.expression = expression
        self.path = path
        self.reads = reads
        self.pipes = pipes
        self.source = source
        self.range = range
    }

    /// What goes between the braces in a plan: `EXPR | pipe | pipe`.
    public var text: String {
        ([expression] + pipes.map(\.description)).joined(separator: " | ")
    }

    /// The payload keys it reads, through `event.payload.K` or the `payload.K` alias.
    public var payloadKeys: [String] { ExpressionDecl.payloadKeys(of: reads) }

    /// Whether its value comes from outside the repository's own file: an event's payload or
    /// a step's output (what a shell command must not splice in unquoted).
    public var readsUntrustedValues: Bool {
        reads.contains { $0.hasPrefix("event.payload") || $0.hasPrefix("payload") || $0 == "event" || $0.hasPrefix("steps") }
    }
}
