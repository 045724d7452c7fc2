import TakoBasics
import TakoTemplates

/// The template text that travels in plan.json: literal text with `{{ EXPR | pipe }}` holes,
/// where the compiler has already checked every hole and rewritten paths into their
/// canonical form. The compiler fills in the holes it knows when it plans; `tako exec`
/// renders the rest when their values exist.
///
/// A hole's expression is CEL over `inputs`, `steps`, `event` (and its aliases) and `env`;
/// most are plain paths such as `steps.build.outputs.version` or `inputs['version-bump']`,
/// which are looked up without CEL. Pipes (`shell_quote`, `json`, `lower`, `upper`, `trim`,
/// `default("x")`) follow, separated by `|` (TemplateSyntax).
public struct PlanTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        case hole(PlanHole)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Parses template text. Returns nil when a hole is unterminated, empty or has an unknown
    /// pipe: the compiler never writes such a plan, so it means the file was damaged.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard case .success(let pieces) = TemplateSyntax.pieces(bytes) else { return nil }
        var parts: [Part] = []
        for piece in pieces {
            switch piece {
            case .text(let r):
                parts.append(.text(String(decoding: bytes[r], as: UTF8.self)))
            case .hole(_, let inner):
                guard let hole = PlanHole(parsing: String(decoding: bytes[inner], as: UTF8.self)) else { return nil }
                parts.append(.hole(hole))
            }
        }
        self.parts = parts
    }

    /// The canonical text: literal parts as they are, holes as `{{ EXPR | pipe }}`.
    public var text: String {
        parts.map { part in
            switch part {
            case .text(let t): t
            case .hole(let h): "{{ \(h) }}"
            }
        }.joined()
    }

    public var holes: [PlanHole] {
        parts.compactMap { if case .hole(let h) = $0 { h } else { nil } }
    }

    /// Fills in every hole `lookup` knows; the others stay holes.
    public func filling(_ lookup: (PlanHole) -> String?) -> PlanTemplate {
        var out: [Part] = []
        for part in parts {
            var next = part
            if case .hole(let h) = part, let value = lookup(h) { next = .text(value) }
            if case .text(let t) = next, case .text(let previous)? = out.last {
                out[out.count - 1] = .text(previous + t)
            } else {
                out.append(next)
            }
        }
        return PlanTemplate(parts: out)
    }

    /// The rendered string when no hole is left.
    public var renderedText: String? {
        var s = ""
        for part in parts {
            guard case .text(let t) = part else { return nil }
            s += t
        }
        return s
    }
}

/// One hole of a plan template: an expression and its pipes.
public struct PlanHole: Sendable, Hashable, CustomStringConvertible {
    /// Canonical CEL.
    public var expression: String
    public var pipes: [TemplatePipe]
    /// The expression as a path, when it is one.
    public var path: TemplatePath?

    public init(expression: String, pipes: [TemplatePipe] = []) {
        self.expression = expression
        self.pipes = pipes
        self.path = TemplatePath(parsing: Substring(expression))
    }

    public init(path: TemplatePath, pipes: [TemplatePipe] = []) {
        self.expression = path.description
        self.pipes = pipes
        self.path = path
    }

    /// `EXPR | pipe | pipe` as the plan writes it.
    public init?(parsing inner: String) {
        let (expression, pipeTexts) = TemplateSyntax.split(hole: inner)
        guard !expression.isEmpty else { return nil }
        var pipes: [TemplatePipe] = []
        for text in pipeTexts {
            guard case .success(let pipe) = TemplatePipe.parse(text) else { return nil }
            pipes.append(pipe)
        }
        self.init(expression: expression, pipes: pipes)
    }

    /// A plain path with no pipes: its value is the text, looked up without CEL.
    public var plainPath: TemplatePath? { pipes.isEmpty ? path : nil }

    public var description: String {
        ([path?.description ?? expression] + pipes.map(\.description)).joined(separator: " | ")
    }
}

/// `root.seg.seg` as a list of segments.
public struct TemplatePath: Sendable, Hashable, CustomStringConvertible {
    public var segments: [String]

    public init(_ segments: [String]) { self.segments = segments }

    public init?(parsing text: Substring) {
        var segments: [String] = []
        var s = text.drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        var expectSegment = true
        while !s.isEmpty {
            if s.first == "[" {
                guard s.dropFirst().first == "'", let end = s.dropFirst(2).firstIndex(of: "'"),
                    s[s.index(after: end)...].first == "]"
                else { return nil }
                segments.append(String(s[s.index(s.startIndex, offsetBy: 2)..<end]))
                s = s[s.index(end, offsetBy: 2)...]
                expectSegment = false
            } else if s.first == "." && !expectSegment {
                s = s.dropFirst()
                expectSegment = true
            } else if expectSegment {
                // CEL identifiers only: `inputs.count-1` is a subtraction, not a path.
                let name = s.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                guard let first = name.first, !first.isNumber else { return nil }
                segments.append(String(name))
                s = s.dropFirst(name.count)
                expectSegment = false
            } else {
                return nil
            }
        }
        guard !segments.isEmpty, !expectSegment else { return nil }
        self.segments = segments
    }

    /// `inputs.version`, with `['name']` for a segment that is not an identifier.
    public var description: String { TemplateSyntax.pathText(segments) }
}
