import Foundation
import TakoBasics
import TakoCEL
import TakoExpressions
import TakoIR
import TakoSyntax
import TakoTemplates

/// What a template may read where it stands.
struct HoleScope {
    /// Declared inputs of the workflow with their types, or nil where inputs are not available.
    var inputs: [(name: String, kind: InputKind)]?
    /// Steps that have run before this point (and the step itself, for its own event payload),
    /// with the outputs each declares.
    var steps: [(id: String, outputs: [String])] = []
    /// Steps of the workflow that run later, to say "not yet" rather than "unknown".
    var laterSteps: [String] = []
    var allowsSteps = true
    var allowsEvent = false
    /// A shell command: holes with untrusted values need `shell_quote`.
    var isShellCommand = false
    /// "a run command", "a payload value", ... for messages.
    var what: String
    /// The step the template belongs to, if any.
    var currentStep: String? = nil
    /// In a payload of an event the step itself produces: the step whose outputs
    /// `outputs.NAME` (and the Go tool's `.outputs.NAME`) name.
    var ownOutputsOf: String? = nil

    var inputNames: [String]? { inputs?.map(\.name) }

    /// The same names as CEL sees them, for holes that are expressions.
    var expressionScope: ExpressionScope {
        ExpressionScope(
            inputs: inputs, steps: allowsSteps ? steps.filter { !$0.outputs.isEmpty } : nil,
            allowsEnv: true, allowsEvent: allowsEvent)
    }
}

extension Lowerer {
    /// Parses the holes of a scalar and checks each against `scope`.
    mutating func template(_ node: YAMLNode, scope: HoleScope) -> Template? {
        guard let text = string(node, what: scope.what) else { return nil }
        // Most scalars have no hole: then the template is their text.
        if !TemplateSyntax.mayHaveHole(text.value) {
            if scope.isShellCommand, let step = scope.currentStep {
                recordRunScript(text.value, holes: [], step: step, node: node)
            }
            if scope.isShellCommand, let step = scope.currentStep, Self.mayEvaluateVariables(text.value) {
                var positions: ScalarPositions?
                let source = file.source
                let value = Array(text.value.utf8)
                recordShellUse(value, pieces: [.text(0..<value.count)], parts: [.text(text.value)], step: step) { from, to in
                    if positions == nil { positions = ScalarPositions(node: node, source: source) }
                    func scalars(_ bytes: Int) -> Int { value[..<bytes].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } }
                    return SourceRange(
                        path: node.range.path, start: positions!.location(at: scalars(from)), end: positions!.location(at: scalars(to)))
                }
            }
            return Template(parts: text.value.isEmpty ? [] : [.text(text.value)], range: node.range)
        }
        // Positions inside the scalar are needed only for holes and errors: made on first use.
        var positions: ScalarPositions?
        let source = file.source
        // Scanned as UTF-8 (TemplateSyntax); positions count Unicode scalars.
        let value = Array(text.value.utf8)
        let path = node.range.path
        // Scalars before a byte offset, counted on from the last offset asked.
        var counted = (bytes: 0, scalars: 0)
        func scalars(_ bytes: Int) -> Int {
            if bytes < counted.bytes { counted = (0, 0) }
            for byte in value[counted.bytes..<bytes] where byte & 0xC0 != 0x80 { counted.scalars += 1 }
            counted.bytes = bytes
            return counted.scalars
        }
        func range(_ from: Int, _ to: Int, celOffset: Int? = nil) -> SourceRange {
            if positions == nil { positions = ScalarPositions(node: node, source: source) }
            if let celOffset {
                let at = positions!.location(at: scalars(from) + celOffset)
                return SourceRange(path: path, start: at, end: at)
            }
            return SourceRange(path: path, start: positions!.location(at: scalars(from)), end: positions!.location(at: scalars(to)))
        }
        let pieces: [TemplateSyntax.Piece]
        switch TemplateSyntax.pieces(value) {
        case .success(let p): pieces = p
        case .failure(let unclosed):
            report(.templateSyntax, "'{{' in \(scope.what) is never closed with '}}'", at: range(unclosed.start, unclosed.start + 2))
            return nil
        }
        var parts: [Template.Part] = []
        var failed = 0
        for piece in pieces {
            switch piece {
            case .text(let r):
                parts.append(.text(String(decoding: value[r], as: UTF8.self)))
            case .hole(let outer, let inner):
                // `${{ inputs.version }}`, as GitHub Actions writes it: the `$` would stay in
                // the text, before the value (the shell reads `$1.0.0` as `$1` then `.0.0`).
                if outer.lowerBound > 0, value[outer.lowerBound - 1] == UInt8(ascii: "$") {
                    let written = String(decoding: value[outer], as: UTF8.self)
                    report(
                        .githubExpression,
                        "'$\(written)' is GitHub Actions syntax; in tako the '$' stays in \(scope.what), before the value (a shell reads '$1.0.0' as '$1' then '.0.0'); write '\(written)'",
                        at: range(outer.lowerBound - 1, outer.upperBound),
                        fix: DiagnosticFix("remove the '$' before '{{'", [.init(range(outer.lowerBound - 1, outer.lowerBound), with: "")]))
                    failed += 1
                    continue
                }
                if let hole = hole(value, inner: inner, range: range(outer.lowerBound, outer.upperBound), rangeOf: range, scope: scope) {
                    parts.append(.hole(hole))
                    if hole.path != nil, !hole.isCanonical {
                        let written = "{{ " + ([hole.expression] + hole.pipes.map(\.description)).joined(separator: " | ") + " }}"
                        migration.append(
                            MigrationEdit(
                                .replace(Self.escaped(written, style: node.scalar?.style ?? .plain)), at: hole.range,
                                because: "the canonical spelling of '\(hole.source)'"))
                    }
                } else {
                    failed += 1
                    // A generated or damaged value can hold thousands of bad holes; the
                    // first ones say what is wrong.
                    if failed == Self.maxFailedHoles {
                        report(
                            .templateSyntax,
                            "\(scope.what) has \(Self.maxFailedHoles) holes with errors; the rest of its holes are not checked",
                            at: range(outer.lowerBound, outer.upperBound))
                        return nil
                    }
                }
            }
        }
        guard failed == 0 else {
            // The template has errors, so its shell grammar is not read; its plain holes are
            // still checked as words.
            if scope.isShellCommand { warnIfUnquoted(parts) }
            return nil
        }
        if scope.isShellCommand, let step = scope.currentStep {
            var holes: [Range<Int>] = []
            for piece in pieces { if case .hole(let outer, _) = piece { holes.append(outer) } }
            recordRunScript(text.value, holes: holes, step: step, node: node)
            recordShellUse(value, pieces: pieces, parts: parts, step: step, range: { range($0, $1) })
        }
        return Template(parts: parts, range: node.range)
    }

    /// Text as it must be written inside a scalar of `style`.
    static func escaped(_ text: String, style: ScalarStyle) -> String {
        switch style {
        case .singleQuoted:
            return text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''")
        case .doubleQuoted:
            var out = ""
            for c in text {
                if c == "\\" || c == "\"" { out.append("\\") }
                out.append(c)
            }
            return out
        default:
            return text
        }
    }

    /// One hole: its expression (a path in any accepted spelling, rewritten to the canonical
    /// one, or a CEL expression) and its pipes, each checked. `rangeOf` takes byte offsets
    /// of the scalar (and a CEL position inside the expression starting at the first).
    private mutating func hole(
        _ value: [UInt8], inner: Range<Int>, range: SourceRange,
        rangeOf: (Int, Int, Int?) -> SourceRange, scope: HoleScope
    ) -> TemplateHole? {
        // A path hole's text parses the same wherever it stands (only the check depends on the
        // scope): a text that parsed before, in any file, is not parsed again, and the holes
        // share one path and one text.
        let innerText = String(decoding: value[inner], as: UTF8.self)
        if var parsed = expressions.hole(parsedFrom: innerText), let p = parsed.path, let root = HolePath.Root(rawValue: p[0]) {
            parsed.range = range
            guard check(parsed, root: root, path: Array(p.dropFirst()), scope: scope) else { return nil }
            return parsed
        }
        let segments = TemplateSyntax.segments(value, in: inner)
        var pipes: [TemplatePipe] = []
        var ok = true
        for r in segments.dropFirst() {
            let (text, start) = TemplateSyntax.trimmed(value, r)
            switch TemplatePipe.parse(text) {
            case .success(let pipe): pipes.append(pipe)
            case .failure(let e):
                let end = start + max(text.utf8.count, 1)
                report(
                    .templatePipe, "in \(scope.what): \(e.message)",
                    at: rangeOf(min(start, r.upperBound), min(end, max(r.upperBound, start + 1)), nil))
                ok = false
            }
        }
        let (source, start) = TemplateSyntax.trimmed(value, segments[0])
        guard !source.isEmpty else {
            report(
                .templateSyntax, "an empty '{{ }}' in \(scope.what); write an expression such as 'inputs.NAME' between the braces",
                at: range)
            return nil
        }
        let hole: TemplateHole
        if let segments = HolePath.segments(source) {
            if let own = scope.ownOutputsOf, segments[0] == "outputs" || segments[0] == "Outputs" {
                // A step's own outputs in the payload of an event it produces.
                let path = [own, "outputs"] + segments.dropFirst()
                hole = TemplateHole(form: .path([HolePath.Root.steps.rawValue] + path), pipes: pipes, source: source, range: range)
                guard ok, check(hole, root: .steps, path: path, scope: scope) else { return nil }
                return hole
            }
            guard let canonical = HolePath.canonical(segments) else {
                let roots = ["inputs", "steps", "event", "env"] + (scope.ownOutputsOf == nil ? [] : ["outputs"])
                let hint = Suggestions.didYouMean(segments[0], in: roots)
                report(
                    .unknownName,
                    "unknown name '\(segments[0])' in \(scope.what); expected \(roots.dropLast().map { "'\($0)'" }.joined(separator: ", ")) or '\(roots.last!)'\(hint)",
                    at: range)
                return nil
            }
            hole = TemplateHole(form: .path([canonical.root.rawValue] + canonical.path), pipes: pipes, source: source, range: range)
            if ok { expressions.remember(hole, parsedFrom: innerText) }
            guard check(hole, root: canonical.root, path: canonical.path, scope: scope) else { return nil }
        } else if source.hasPrefix(".") {
            report(
                .templateSyntax,
                "'\(source)' in \(scope.what): the Go tool's dotted form is for paths only, such as '.inputs.NAME'; write other expressions in CEL, such as 'inputs.NAME + \"x\"'",
                at: range)
            return nil
        } else {
            let (compilation, attributes) = expressions.compile(source, scope: scope.expressionScope)
            guard let program = compilation.program else {
                for d in compilation.diagnostics {
                    report(
                        d.kind.diagnosticID, "in a template hole of \(scope.what): \(d.message)",
                        at: rangeOf(start, start, d.position.offset))
                }
                return nil
            }
            if let why = TemplateRendering.check(program.resultType, pipes: pipes) {
                report(.templateType, "'{{ \(source) }}' in \(scope.what): \(why)", at: range)
                return nil
            }
            hole = TemplateHole(form: .expression(source, reads: attributes), pipes: pipes, source: source, range: range)
        }
        guard ok else { return nil }
        return hole
    }

    static let maxFailedHoles = 20

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

    private mutating func check(_ hole: TemplateHole, root: HolePath.Root, path p: [String], scope: HoleScope) -> Bool {
        switch root {
        case .inputs:
            guard let inputs = scope.inputNames else {
                report(.templateScope, "inputs are not available in \(scope.what); use 'event.payload.KEY'", at: hole.range)
                return false
            }
            guard p.count == 1 else {
                report(.templateSyntax, "expected 'inputs.NAME', found '\(hole.source)'", at: hole.range)
                return false
            }
            guard inputs.contains(p[0]) else {
                report(.unknownInput, "unknown input '\(p[0])'\(Suggestions.didYouMean(p[0], in: inputs))", at: hole.range)
                return false
            }
        case .steps:
            guard scope.allowsSteps else {
                report(.templateScope, "step outputs are not available in \(scope.what)", at: hole.range)
                return false
            }
            guard p.count == 3, p[1] == "outputs" else {
                report(.templateSyntax, "expected 'steps.ID.outputs.NAME', found '\(hole.source)'", at: hole.range)
                return false
            }
            guard let step = scope.steps.first(where: { $0.id == p[0] }) else {
                if scope.laterSteps.contains(p[0]) {
                    let here = scope.currentStep.map { "step '\($0)'" } ?? scope.what
                    report(.outputNotYet, "step '\(p[0])' runs after \(here); its outputs do not exist yet here", at: hole.range)
                } else {
                    let known = scope.steps.map(\.id) + scope.laterSteps
                    report(.unknownStep, "unknown step '\(p[0])'\(Suggestions.didYouMean(p[0], in: known))", at: hole.range)
                }
                return false
            }
            guard step.outputs.contains(p[2]) else {
                report(
                    .unknownOutput, "step '\(p[0])' declares no output '\(p[2])'\(Suggestions.didYouMean(p[2], in: step.outputs))",
                    at: hole.range)
                return false
            }
        case .event:
            guard scope.allowsEvent else {
                report(
                    .templateScope,
                    "'event' is available only in a subscription's inputs and in workflows that a subscription of this file starts; map the value to an input of the workflow",
                    at: hole.range)
                return false
            }
            let fields = ["type", "schema_version", "source", "artifact"]
            guard (p.count == 2 && p[0] == "payload") || (p.count == 1 && fields.contains(p[0])) else {
                report(
                    .templateSyntax,
                    "expected 'event.payload.KEY' or one of \(fields.map { "'event.\($0)'" }.joined(separator: ", ")), found '\(hole.source)'",
                    at: hole.range)
                return false
            }
        case .env:
            guard p.count == 1 else {
                report(.templateSyntax, "expected 'env.NAME', found '\(hole.source)'", at: hole.range)
                return false
            }
        }
        return true
    }
}
