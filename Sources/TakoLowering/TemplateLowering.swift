import Foundation
import TakoBasics
import TakoIR
import TakoSyntax

/// What a template may read where it stands.
struct TemplateScope {
    /// Declared inputs of the workflow, or nil where inputs are not available.
    var inputs: [String]?
    /// Steps that have run before this point (and the step itself, for its own event payload),
    /// with the outputs each declares.
    var steps: [(id: String, outputs: [String])] = []
    /// Steps of the workflow that run later, to say "not yet" rather than "unknown".
    var laterSteps: [String] = []
    var allowsSteps = true
    var allowsEvent = false
    /// "a run command", "a payload value", ... for messages.
    var what: String
    /// The step the template belongs to, if any.
    var currentStep: String? = nil
}

extension Lowerer {
    /// Parses the holes of a scalar and checks each against `scope`.
    mutating func template(_ node: YAMLNode, scope: TemplateScope) -> Template? {
        guard let text = string(node, what: scope.what) else { return nil }
        // Most scalars have no hole: then the template is their text.
        if !Self.mayHaveHole(text.value) { return Template(parts: text.value.isEmpty ? [] : [.text(text.value)], range: node.range) }
        // Positions inside the scalar are needed only for holes and errors: made on first use.
        var positions: ScalarPositions?
        let source = file.source
        // Scanned as UTF-8: '{' and '}' are single bytes that occur in no other character, and
        // the text between them is cut at character boundaries. Positions count scalars.
        let value = Array(text.value.utf8)
        var parts: [Template.Part] = []
        var literal = 0
        var i = 0
        var ok = true
        let path = node.range.path
        // Scalars before a byte offset, counted on from the last offset asked (holes come in order).
        var counted = (bytes: 0, scalars: 0)
        func scalars(_ bytes: Int) -> Int {
            if bytes < counted.bytes { counted = (0, 0) }
            for byte in value[counted.bytes..<bytes] where byte & 0xC0 != 0x80 { counted.scalars += 1 }
            counted.bytes = bytes
            return counted.scalars
        }
        func range(_ from: Int, _ to: Int) -> SourceRange {
            if positions == nil { positions = ScalarPositions(node: node, source: source) }
            return SourceRange(path: path, start: positions!.location(at: scalars(from)), end: positions!.location(at: scalars(to)))
        }
        while i < value.count {
            guard value[i] == UInt8(ascii: "{"), i + 1 < value.count, value[i + 1] == UInt8(ascii: "{") else {
                i += 1
                continue
            }
            guard let close = Self.find("}}", in: value, from: i + 2) else {
                error("template-syntax", "'{{' in \(scope.what) is never closed with '}}'", at: range(i, i + 2))
                return nil
            }
            if literal < i { parts.append(.text(String(decoding: value[literal..<i], as: UTF8.self))) }
            let inner = String(decoding: value[(i + 2)..<close], as: UTF8.self)
            if let hole = hole(inner, range: range(i, close + 2), scope: scope) {
                parts.append(.hole(hole))
            } else {
                ok = false
            }
            i = close + 2
            literal = i
        }
        if literal < value.count { parts.append(.text(String(decoding: value[literal...], as: UTF8.self))) }
        return ok ? Template(parts: parts, range: node.range) : nil
    }

    /// Whether `{{` occurs (a `{` byte is always the character `{`).
    private static func mayHaveHole(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x7B && previous == 0x7B { return true }
            previous = byte
        }
        return false
    }

    private static func find(_ needle: String, in value: [UInt8], from start: Int) -> Int? {
        let n = Array(needle.utf8)
        var i = start
        while i + n.count <= value.count {
            if value[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    /// One hole: its path in any accepted spelling, rewritten to the canonical one and checked.
    private mutating func hole(_ inner: String, range: SourceRange, scope: TemplateScope) -> TemplateHole? {
        // A hole's text parses the same wherever it stands (only the check depends on the
        // scope): a text that parsed before, in any file, is not parsed again.
        if var parsed = CompiledExpressions.shared.hole(parsedFrom: inner) {
            parsed.range = range
            return check(parsed, scope: scope) ? parsed : nil
        }
        let source = Self.trimmingWhitespace(inner)
        if source.utf8.contains(UInt8(ascii: "|")) && source.contains("|") {
            error("not-supported-yet", "template pipes ('|') are not supported by this build yet", at: range)
            return nil
        }
        guard let segments = Self.pathSegments(source) else {
            error("not-supported-yet", "'\(source)' is not a path such as 'inputs.NAME'; expressions in templates are not supported by this build yet", at: range)
            return nil
        }
        guard let canonical = Self.canonical(segments) else {
            let roots = ["inputs", "steps", "event", "env"]
            let hint = Suggestions.didYouMean(segments[0], in: roots)
            error("unknown-name", "unknown name '\(segments[0])' in \(scope.what); expected 'inputs', 'steps', 'event' or 'env'\(hint)", at: range)
            return nil
        }
        let hole = TemplateHole(root: canonical.root, path: canonical.path, source: source, range: range)
        CompiledExpressions.shared.remember(hole, parsedFrom: inner)
        return check(hole, scope: scope) ? hole : nil
    }

    /// `a.b-c['d']` → ["a", "b-c", "d"], with one optional leading dot (the Go tool's form).
    static func pathSegments(_ text: String) -> [String]? {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var text = text
            return text.withUTF8 { asciiPathSegments($0) }
        }
        var s = Substring(text)
        let dotted = s.first == "."
        if dotted { s = s.dropFirst() }
        var segments: [String] = []
        while true {
            if s.hasPrefix("['") {
                guard let end = s.dropFirst(2).firstIndex(of: "'"), s[s.index(after: end)...].hasPrefix("]") else { return nil }
                segments.append(String(s[s.index(s.startIndex, offsetBy: 2)..<end]))
                s = s[s.index(end, offsetBy: 2)...]
            } else {
                let name = s.prefix { isLetter($0) || isNumber($0) || $0 == "_" || (dotted && $0 == "-") }
                guard let first = name.first, isLetter(first) || first == "_" else { return nil }
                segments.append(String(name))
                s = s.dropFirst(name.count)
            }
            if s.isEmpty { return segments }
            if s.first == "." { s = s.dropFirst() } else if !s.hasPrefix("['") { return nil }
        }
    }

    /// `pathSegments` of ASCII text, the same rules on bytes (an ASCII character is one byte,
    /// except "\r\n", which no rule tells from its bytes); the loop above on characters was
    /// a noticeable part of lowering a large organisation. Keep the two in step.
    private static func asciiPathSegments(_ s: UnsafeBufferPointer<UInt8>) -> [String]? {
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        func isNumber(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func opensQuoted(_ i: Int) -> Bool { i + 1 < s.count && s[i] == UInt8(ascii: "[") && s[i + 1] == UInt8(ascii: "'") }
        let dotted = s.first == UInt8(ascii: ".")
        var i = dotted ? 1 : 0
        var segments: [String] = []
        while true {
            if opensQuoted(i) {
                guard let end = s[(i + 2)...].firstIndex(of: UInt8(ascii: "'")), end + 1 < s.count, s[end + 1] == UInt8(ascii: "]") else { return nil }
                segments.append(String(decoding: s[(i + 2)..<end], as: UTF8.self))
                i = end + 2
            } else {
                var end = i
                while end < s.count, isLetter(s[end]) || isNumber(s[end]) || s[end] == UInt8(ascii: "_") || (dotted && s[end] == UInt8(ascii: "-")) { end += 1 }
                guard end > i, isLetter(s[i]) || s[i] == UInt8(ascii: "_") else { return nil }
                segments.append(String(decoding: s[i..<end], as: UTF8.self))
                i = end
            }
            if i == s.count { return segments }
            if s[i] == UInt8(ascii: ".") { i += 1 } else if !opensQuoted(i) { return nil }
        }
    }

    /// `Character.isLetter` and `isNumber` answer from the Unicode tables; a one-byte
    /// character is answered here (the same answers, without the lookup that made these
    /// checks a noticeable part of lowering a large organisation).
    private static func isLetter(_ c: Character) -> Bool {
        if c.utf8.count == 1, let a = c.asciiValue { return (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) }
        return c.isLetter
    }

    private static func isNumber(_ c: Character) -> Bool {
        if c.utf8.count == 1, let a = c.asciiValue { return a >= 0x30 && a <= 0x39 }
        return c.isNumber
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, scalar by scalar as Foundation does it,
    /// with the same set (tab, U+0020, U+00A0, U+1680, U+2000–U+200B, U+202F, U+205F,
    /// U+3000), without Foundation's cost.
    static func trimmingWhitespace(_ text: String) -> String {
        func isWhitespace(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
            default: return false
            }
        }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isWhitespace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isWhitespace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return text }
        return String(scalars[start..<end])
    }

    /// The Go tool's capitalised and shortened roots mapped to the canonical ones.
    static func canonical(_ segments: [String]) -> (root: TemplateHole.Root, path: [String])? {
        let rest = Array(segments.dropFirst())
        switch segments[0] {
        case "inputs", "Inputs": return (.inputs, rest)
        case "env", "Env": return (.env, rest)
        case "event", "Event": return (.event, rest)
        case "payload", "Payload": return (.event, ["payload"] + rest)
        case "steps":
            return (.steps, rest)
        case "Steps":
            // `.Steps.ID.NAME` means `steps.ID.outputs.NAME`.
            if rest.count == 2 { return (.steps, [rest[0], "outputs", rest[1]]) }
            return (.steps, rest)
        default: return nil
        }
    }

    private mutating func check(_ hole: TemplateHole, scope: TemplateScope) -> Bool {
        let p = hole.path
        switch hole.root {
        case .inputs:
            guard let inputs = scope.inputs else {
                error("template-scope", "inputs are not available in \(scope.what); use 'event.payload.KEY'", at: hole.range)
                return false
            }
            guard p.count == 1 else {
                error("template-syntax", "expected 'inputs.NAME', found '\(hole.source)'", at: hole.range)
                return false
            }
            guard inputs.contains(p[0]) else {
                error("unknown-input", "unknown input '\(p[0])'\(Suggestions.didYouMean(p[0], in: inputs))", at: hole.range)
                return false
            }
        case .steps:
            guard scope.allowsSteps else {
                error("template-scope", "step outputs are not available in \(scope.what)", at: hole.range)
                return false
            }
            guard p.count == 3, p[1] == "outputs" else {
                error("template-syntax", "expected 'steps.ID.outputs.NAME', found '\(hole.source)'", at: hole.range)
                return false
            }
            guard let step = scope.steps.first(where: { $0.id == p[0] }) else {
                if scope.laterSteps.contains(p[0]) {
                    let here = scope.currentStep.map { "step '\($0)'" } ?? scope.what
                    error("output-not-yet", "step '\(p[0])' runs after \(here); its outputs do not exist yet here", at: hole.range)
                } else {
                    let known = scope.steps.map(\.id) + scope.laterSteps
                    error("unknown-step", "unknown step '\(p[0])'\(Suggestions.didYouMean(p[0], in: known))", at: hole.range)
                }
                return false
            }
            guard step.outputs.contains(p[2]) else {
                error("unknown-output", "step '\(p[0])' declares no output '\(p[2])'\(Suggestions.didYouMean(p[2], in: step.outputs))", at: hole.range)
                return false
            }
        case .event:
            guard scope.allowsEvent else {
                error("template-scope", "'event' is available only in a subscription's inputs; map the value to an input of the workflow", at: hole.range)
                return false
            }
            let fields = ["type", "schema_version", "source", "artifact"]
            guard (p.count == 2 && p[0] == "payload") || (p.count == 1 && fields.contains(p[0])) else {
                error("template-syntax", "expected 'event.payload.KEY' or one of \(fields.map { "'event.\($0)'" }.joined(separator: ", ")), found '\(hole.source)'", at: hole.range)
                return false
            }
        case .env:
            guard p.count == 1 else {
                error("template-syntax", "expected 'env.NAME', found '\(hole.source)'", at: hole.range)
                return false
            }
        }
        return true
    }
}
