// The type checker: infers a type for every node, resolves names against the
// environment's declarations, and reports errors the way cel-go does, adding
// "did you mean" suggestions (closest name by edit distance) for near misses.

struct CheckedExpr: Sendable {
    var types: [Int64: CELType]
    var resultType: CELType
    /// Constant `matches` patterns, compiled while checking, by the pattern's node ID: the
    /// planner uses them rather than compiling each a second time.
    var regexes: [Int64: CompiledRegex] = [:]
}

struct Checker {
    let env: Environment
    let source: SourceInfo
    let resolution: NameResolution
    var types: [Int64: CELType] = [:]
    var subst = TypeSubstitution()
    var diagnostics: [CELDiagnostic] = []
    var scopes: [(String, CELType)] = []
    var regexes: [Int64: CompiledRegex] = [:]

    init(env: Environment, source: SourceInfo) {
        self.env = env
        self.source = source
        resolution = NameResolution(container: env.container)
    }

    mutating func run(_ expr: Expr) -> CheckedExpr {
        let t = check(expr)
        var final: [Int64: CELType] = [:]
        for (id, type) in types { final[id] = subst.apply(type, finalize: true) }
        return CheckedExpr(types: final, resultType: subst.apply(t, finalize: true), regexes: regexes)
    }

    mutating func report(_ kind: CELDiagnostic.Kind, _ message: String, _ expr: Expr) {
        let position = source.position(of: expr.id) ?? SourcePosition(line: 1, column: 1, offset: 0)
        diagnostics.append(CELDiagnostic(kind: kind, message: message, position: position))
    }

    mutating func report(_ kind: CELDiagnostic.Kind, _ message: String, at position: SourcePosition) {
        diagnostics.append(CELDiagnostic(kind: kind, message: message, position: position))
    }

    /// Whether the name at `expr` is written with a field after it (`event.type`): then it is
    /// not a word meant as text.
    func isFollowedByDot(_ expr: Expr, _ name: String) -> Bool {
        guard let start = source.position(of: expr.id)?.offset else { return false }
        let scalars = Array(source.text.unicodeScalars)
        var i = start + name.unicodeScalars.count
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\n" || scalars[i] == "\r" { i += 1 }
        return i < scalars.count && (scalars[i] == "." || scalars[i] == "(" || scalars[i] == "[")
    }

    /// ` (in container 'NAME')`, or nothing when there is no container (cel-go names the
    /// empty one, which tells a reader nothing).
    var inContainer: String { env.container.isEmpty ? "" : " (in container '\(env.container)')" }

    /// Where the field of `operand.field` is written: after the dot (the node's own
    /// position) and any blanks, so that a caret points at the name, not at the dot.
    func fieldPosition(of expr: Expr) -> SourcePosition {
        let position = source.position(of: expr.id) ?? SourcePosition(line: 1, column: 1, offset: 0)
        guard case .select = expr.kind else { return position }
        let scalars = Array(source.text.unicodeScalars)
        var offset = position.offset
        guard offset < scalars.count, scalars[offset] == "." else { return position }
        offset += 1
        while offset < scalars.count,
            scalars[offset] == " " || scalars[offset] == "\t" || scalars[offset] == "\n" || scalars[offset] == "\r"
        { offset += 1 }
        return offset < scalars.count ? source.position(ofOffset: offset) : position
    }

    @discardableResult
    mutating func record(_ expr: Expr, _ t: CELType) -> CELType {
        types[expr.id] = t
        return t
    }

    mutating func check(_ expr: Expr) -> CELType {
        switch expr.kind {
        case .constant(let c):
            let t: CELType
            switch c {
            case .null: t = .null
            case .bool: t = .bool
            case .int: t = .int
            case .uint: t = .uint
            case .double: t = .double
            case .string: t = .string
            case .bytes: t = .bytes
            }
            return record(expr, t)
        case .ident(let name):
            return record(expr, checkName(expr, segments: [name], steps: []))
        case .select(let operand, let field, let testOnly):
            if !testOnly, let qualified = expr.qualifiedName, let t = checkQualified(expr, qualified) {
                return record(expr, t)
            }
            let operandType = check(operand)
            if testOnly {
                _ = selectType(expr, subst.resolve(operandType), field)
                return record(expr, .bool)
            }
            return record(expr, selectType(expr, subst.resolve(operandType), field))
        case .call(let target, let function, let args):
            let t = checkCall(expr, target: target, function: function, args: args)
            checkConstantPattern(target: target, function: function, args: args)
            return record(expr, t)
        case .list(let elements, let optionals):
            var elem = subst.fresh()
            for (i, e) in elements.enumerated() {
                var t = check(e)
                if optionals.contains(i) {
                    if case .optional(let inner) = subst.resolve(t) {
                        t = inner
                    } else if subst.resolve(t) != .dyn {
                        report(.typeMismatch, "expected type 'optional_type' but found '\(subst.apply(t))'", e)
                    }
                }
                elem = subst.join(elem, t)
            }
            return record(expr, .list(elem))
        case .map(let entries):
            var key = subst.fresh()
            var value = subst.fresh()
            for entry in entries {
                key = subst.join(key, check(entry.key))
                var v = check(entry.value)
                if entry.optional, case .optional(let inner) = subst.resolve(v) { v = inner }
                value = subst.join(value, v)
            }
            return record(expr, .map(key, value))
        case .object(let typeName, let fields):
            return record(expr, checkObject(expr, typeName, fields))
        case .comprehension(let c):
            return record(expr, checkComprehension(expr, c))
        }
    }

    /// `a.b.c` where some prefix is a declared (qualified) variable.
    mutating func checkQualified(_ expr: Expr, _ qualified: String) -> CELType? {
        let segments = qualified.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let absolute = qualified.hasPrefix(".")
        let root = absolute ? segments[1] : segments[0]
        if !absolute, scopes.contains(where: { $0.0 == root }) { return nil }
        let names = absolute ? Array(segments.dropFirst()) : segments
        for k in stride(from: names.count, through: 1, by: -1) {
            let head = names[0..<k].joined(separator: ".")
            for candidate in (absolute ? [head] : resolution.candidates(head)) {
                if let t = env.variables[candidate] {
                    return selectChain(expr, t, Array(names[k...]))
                }
            }
        }
        for candidate in (absolute ? [names.joined(separator: ".")] : resolution.candidates(names.joined(separator: ".")))
        where StandardLibrary.typeNames.contains(candidate) || env.objectTypes[candidate] != nil {
            return typeOfTypeName(candidate)
        }
        return nil
    }

    mutating func selectChain(_ expr: Expr, _ start: CELType, _ fields: [String]) -> CELType {
        var t = start
        for f in fields { t = selectType(expr, subst.resolve(t), f) }
        return t
    }

    func typeOfTypeName(_ name: String) -> CELType {
        switch name {
        case "list": return .type(.list(.dyn))
        case "map": return .type(.map(.dyn, .dyn))
        case "type": return .type(.type(nil))
        case "optional_type": return .type(.optional(.dyn))
        default: return .type(CELType.parse(name) ?? .object(name))
        }
    }

    mutating func checkName(_ expr: Expr, segments: [String], steps: [String]) -> CELType {
        let name = segments[0]
        if !name.hasPrefix("."), let local = scopes.last(where: { $0.0 == name }) { return local.1 }
        if let t = checkQualified(expr, name) { return t }
        var message = "undeclared reference to '\(name)'\(inContainer)"
        let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if let suggestion = DidYouMean.suggest(bare, among: Array(env.variables.keys) + scopes.map(\.0)) {
            message += "; did you mean '\(suggestion)'?"
        } else if let hint = env.nameHints[bare] {
            message += "; did you mean '\(hint)'?"
        } else if segments.count == 1, !name.hasPrefix("."), !name.contains("."), !isFollowedByDot(expr, name) {
            // `channel == stable`: a word meant as text.
            message += "; for the text \(bare), write it in quotes: '\(bare)'"
        }
        report(.undeclaredReference, message, expr)
        return .error
    }

    /// The type of `operand.field` for an operand of type `t`.
    mutating func selectType(_ expr: Expr, _ t: CELType, _ field: String) -> CELType {
        switch t {
        case .map(_, let v):
            return v
        case .object(let name):
            guard let type = env.objectTypes[name] else { return .dyn }
            if let f = type.fields[field] { return f }
            var message = "undefined field '\(field)'"
            if let suggestion = DidYouMean.suggest(field, among: Array(type.fields.keys)) {
                message += "; did you mean '\(suggestion)'?"
            } else if let hint = env.fieldHints[field], type.fields[hint] != nil {
                message += "; did you mean '\(hint)'?"
            }
            report(.undefinedField, message, at: fieldPosition(of: expr))
            return .error
        case .optional(let inner):
            let r = selectType(expr, subst.resolve(inner), field)
            if case .optional = subst.resolve(r) { return r }
            return .optional(r)
        case .dyn, .any, .param, .error:
            return .dyn
        default:
            report(.typeMismatch, "type '\(subst.apply(t))' does not support field selection", expr)
            return .error
        }
    }

    mutating func checkObject(_ expr: Expr, _ typeName: String, _ fields: [Expr.FieldEntry]) -> CELType {
        let name = resolution.candidates(typeName).first { env.objectTypes[$0] != nil }
        for f in fields { _ = check(f.value) }
        guard let name, let type = env.objectTypes[name] else {
            report(.unknownType, "undeclared reference to '\(typeName)'\(inContainer)", expr)
            return .error
        }
        for f in fields {
            guard let formal = type.fields[f.field] else {
                var message = "undefined field '\(f.field)'"
                if let s = DidYouMean.suggest(f.field, among: Array(type.fields.keys)) { message += "; did you mean '\(s)'?" }
                report(.undefinedField, message, f.value)
                continue
            }
            var actual = types[f.value.id] ?? .dyn
            if f.optional, case .optional(let inner) = subst.resolve(actual) { actual = inner }
            let saved = subst.bindings
            if !subst.unify(formal, actual) {
                subst.bindings = saved
                report(
                    .typeMismatch, "expected type of field '\(f.field)' is '\(formal)' but provided type is '\(subst.apply(actual))'",
                    f.value)
            }
        }
        return .object(name)
    }
}

enum DidYouMean {
    /// The closest name within a distance proportional to the name's length.
    static func suggest(_ name: String, among candidates: [String]) -> String? {
        let limit = max(1, name.count / 3)
        var best: (String, Int)?
        for candidate in candidates.sorted() where candidate != name {
            let d = distance(name, candidate)
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
