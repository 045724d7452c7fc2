import Foundation
import TakoBasics
import TakoCEL
import TakoExpressions
import TakoIR
import TakoSemver
import TakoSyntax

extension Lowerer {
    /// A CEL expression in a scalar: parsed and type-checked against `scope`, each CEL
    /// diagnostic placed at its exact position inside the YAML file, and the result required
    /// to be a bool.
    /// `${{ X }}` → `X`, for a plain scalar on one line whose bare expression reads the same
    /// as a plain YAML scalar (no indicator first, no ': ' or ' #' inside).
    static func bareExpressionFix(_ node: YAMLNode, _ inner: String) -> DiagnosticFix? {
        guard node.scalar?.style == .plain, node.range.start.line == node.range.end.line, let first = inner.first,
            !"-?:,[]{}#&*!|>'\"%@`".contains(first), !inner.contains(": "), !inner.contains(" #"), !inner.hasSuffix(":")
        else { return nil }
        return DiagnosticFix("write the expression bare", [.init(node.range, with: inner)])
    }

    mutating func expression(_ node: YAMLNode, scope: ExpressionScope, what: String) -> ExpressionDecl? {
        guard let text = string(node, what: what) else { return nil }
        // `if: ${{ inputs.dry }}`, as GitHub Actions writes it: one diagnostic with the bare
        // expression, not the CEL parser's errors at '$' and '{'.
        if text.value.containsBytes("${{") {
            let trimmed = text.value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("${{"), trimmed.hasSuffix("}}"), trimmed.components(separatedBy: "${{").count == 2 {
                let inner = trimmed.dropFirst(3).dropLast(2).trimmingCharacters(in: .whitespaces)
                report(
                    .githubExpression, "'${{ … }}' is GitHub Actions syntax; \(what) is a CEL expression written bare, as in: \(inner)",
                    at: node.range,
                    fix: Self.bareExpressionFix(node, inner))
            } else {
                report(
                    .githubExpression,
                    "'${{ … }}' is GitHub Actions syntax; \(what) is a CEL expression written bare, without '${{' and '}}'", at: node.range)
            }
            return nil
        }
        let (compilation, attributes) = expressions.compile(text.value, scope: scope)
        guard let program = compilation.program else {
            let positions = ScalarPositions(node: node, source: file.source)
            for d in compilation.diagnostics {
                let at = positions.location(at: d.position.offset)
                report(d.kind.diagnosticID, "in \(what): \(d.message)", at: SourceRange(path: node.range.path, start: at, end: at))
            }
            return nil
        }
        switch program.resultType {
        case .bool, .dyn: break
        default:
            report(
                .celTypeMismatch, "\(what) must be a bool expression, but '\(text.value)' is of type \(program.resultType)", at: node.range)
            return nil
        }
        return ExpressionDecl(source: text.value, range: node.range, attributes: attributes)
    }
}

extension StepContext {
    /// What a step's `if` may read: the inputs with their types, the steps before it (their
    /// outputs and status), `env`, and `event` in a workflow that a subscription of this file starts.
    var conditionScope: ExpressionScope {
        ExpressionScope(inputs: inputKinds, steps: done, allowsEnv: true, allowsEvent: subscribed)
    }
}

/// Compilations by scope and source, shared by every file of one compilation: an
/// organisation's files repeat the same filters and conditions, and a compilation depends
/// on nothing else (its diagnostics are positions inside the source). The same for the
/// validity of input patterns and for parsed schema ranges (whose storage is then shared by
/// every file that writes the same range). Lowering takes it as a value
/// (`Lowering.lower(_:expressions:)`); the caller makes one per compilation, so nothing
/// lives longer than the compilation that made it. Bounded; behind a lock, so that the
/// driver may lower files on every core with one memo.
public final class CompiledExpressions: @unchecked Sendable {
    static let capacity = 4096

    public init() {}

    private struct Key: Hashable {
        var inputs: [String]?
        var kinds: [InputKind]?
        var steps: [String]?
        var outputs: [[String]]?
        var allowsEnv: Bool
        var allowsEvent: Bool
        var source: String
    }

    private let lock = NSLock()
    private var compilations: [Key: (Compilation, [String])] = [:]
    private var patterns: [String: String?] = [:]
    private var ranges: [String: Result<VersionRange, SemverParseError>] = [:]
    private var holes: [String: TemplateHole] = [:]
    private var shellScans: [String: ShellScan] = [:]

    /// The compilation, and the attributes its program reads, sorted (empty without a program).
    func compile(_ source: String, scope: ExpressionScope) -> (Compilation, [String]) {
        let key = Key(
            inputs: scope.inputs?.map(\.name), kinds: scope.inputs?.map(\.kind), steps: scope.steps?.map(\.id),
            outputs: scope.steps?.map(\.outputs), allowsEnv: scope.allowsEnv, allowsEvent: scope.allowsEvent, source: source)
        return memo(\.compilations, key) {
            let compilation = TakoEnvironment.make(scope).compile(source)
            return (compilation, compilation.program?.referencedAttributes.sorted() ?? [])
        }
    }

    /// Why `pattern` is not an RE2 expression, or nil (`RegularExpression.problem(in:)`,
    /// which compiles it each time).
    func patternProblem(_ pattern: String) -> String? {
        memo(\.patterns, pattern) { RegularExpression.problem(in: pattern) }
    }

    /// `VersionRange.parse(text)`.
    func versionRange(_ text: String) -> Result<VersionRange, SemverParseError> {
        memo(\.ranges, text) { VersionRange.parse(text) }
    }

    /// The shell grammar around the holes of a run command (`holes`: their byte ranges, which
    /// its text decides): an organisation's files repeat the same commands.
    func shellScan(of value: [UInt8], holes: [Range<Int>]) -> ShellScan {
        memo(\.shellScans, String(decoding: value, as: UTF8.self)) { ShellScan(value, holes: holes) }
    }

    /// The value of `key` in one of the tables, made by `make` (outside the lock) the first
    /// time; a full table keeps what it has.
    private func memo<K: Hashable, V>(_ table: ReferenceWritableKeyPath<CompiledExpressions, [K: V]>, _ key: K, _ make: () -> V) -> V {
        lock.lock()
        let cached = self[keyPath: table][key]
        lock.unlock()
        if let cached { return cached }
        let value = make()
        lock.lock()
        if self[keyPath: table].count < Self.capacity { self[keyPath: table][key] = value }
        lock.unlock()
        return value
    }

    /// The hole an earlier template made of the text `inner` (its range is that template's),
    /// so that the same text is parsed once per compilation and every file's hole of it shares
    /// one path and one text: an organisation's files repeat the same holes, and each is
    /// kept until the plan is written.
    func hole(parsedFrom inner: String) -> TemplateHole? {
        lock.lock()
        defer { lock.unlock() }
        return holes[inner]
    }

    func remember(_ hole: TemplateHole, parsedFrom inner: String) {
        lock.lock()
        if holes.count < Self.capacity { holes[inner] = hole }
        lock.unlock()
    }
}
