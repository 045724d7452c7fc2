/// The template text that travels in plan.json: literal text with `{{ EXPR }}` holes, where
/// the compiler has already rewritten every hole into its canonical form. The compiler fills
/// in the holes it knows when it plans; `tako exec` renders the rest when their values exist.
///
/// In this format version a hole is a path: a root (`inputs`, `steps`, `event`, `env`)
/// followed by `.name` or `['name']` segments, e.g. `steps.build.outputs.version` or
/// `inputs['version-bump']`.
public struct PlanTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        case hole(TemplatePath)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Parses template text. Returns nil when a hole is unterminated or is not a path:
    /// the compiler never writes such a plan, so it means the file was damaged.
    public init?(parsing text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            guard let path = TemplatePath(parsing: rest[open.upperBound..<close.lowerBound]) else { return nil }
            parts.append(.hole(path))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    /// The canonical text: literal parts as they are, holes as `{{ path }}`.
    public var text: String {
        parts.map { part in
            switch part {
            case .text(let t): t
            case .hole(let p): "{{ \(p) }}"
            }
        }.joined()
    }

    public var holes: [TemplatePath] {
        parts.compactMap { if case .hole(let p) = $0 { p } else { nil } }
    }

    /// Fills in every hole `lookup` knows; the others stay holes.
    public func filling(_ lookup: (TemplatePath) -> String?) -> PlanTemplate {
        var out: [Part] = []
        for part in parts {
            var next = part
            if case .hole(let p) = part, let value = lookup(p) { next = .text(value) }
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
                      s[s.index(after: end)...].first == "]" else { return nil }
                segments.append(String(s[s.index(s.startIndex, offsetBy: 2)..<end]))
                s = s[s.index(end, offsetBy: 2)...]
                expectSegment = false
            } else if s.first == "." && !expectSegment {
                s = s.dropFirst()
                expectSegment = true
            } else if expectSegment {
                let name = s.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                guard !name.isEmpty else { return nil }
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
    public var description: String {
        var out = ""
        for (i, seg) in segments.enumerated() {
            if Self.isIdentifier(seg) { out += (i == 0 ? "" : ".") + seg } else { out += "['\(seg)']" }
        }
        return out
    }

    /// A letter or `_`, then letters, digits and `_`. ASCII is answered on the bytes (the same
    /// answers as `Character.isLetter`/`isNumber`, which a plan asks of every hole of every
    /// run); other text takes those properties.
    static func isIdentifier(_ segment: String) -> Bool {
        if segment.utf8.allSatisfy({ $0 < 0x80 }) {
            func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
            guard let first = segment.utf8.first, isLetter(first) else { return false }
            return segment.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
        }
        return segment.first.map { $0.isLetter || $0 == "_" } == true && segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
