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

/// One hole, rewritten to its canonical path: `inputs.NAME`, `steps.ID.outputs.NAME`,
/// `event.payload.KEY` or `env.NAME`, whichever spelling the file used.
public struct TemplateHole: Sendable, Hashable {
    public enum Root: String, Sendable, Hashable {
        case inputs, steps, event, env
    }

    public var root: Root
    /// The segments after the root: `[NAME]`, `[ID, "outputs", NAME]`, `["payload", KEY]`, `[NAME]`.
    public var path: [String]
    /// The hole's expression as written, trimmed.
    public var source: String
    public var range: SourceRange

    public init(root: Root, path: [String], source: String, range: SourceRange) {
        self.root = root
        self.path = path
        self.source = source
        self.range = range
    }

    /// All segments, root first.
    public var segments: [String] { [root.rawValue] + path }
}
