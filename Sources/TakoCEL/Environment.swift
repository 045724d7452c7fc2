// The entry point: declarations in an Environment, `compile(source)` to a Program
// (or diagnostics), `program.evaluate(activation)` for a value.

/// Declarations and options for compiling CEL expressions.
public struct Environment: Sendable {
    /// The namespace for name resolution, e.g. `com.example`.
    public var container: String
    public private(set) var variables: [String: CELType] = [:]
    public private(set) var functions: [String: FunctionDecl]
    public private(set) var objectTypes: [String: ObjectType] = [:]
    /// Budget per evaluation (nil: unlimited). Each function call, each comprehension
    /// iteration and each literal element costs one unit; strings one more per ten bytes a
    /// function builds or reads, lists one more per element (SizeCost). An expression whose
    /// literals alone make it cost more is a `cost-limit` compile error.
    public var costLimit: Int64?
    /// Parser options: macro expansion and the nesting limit.
    public var parserOptions = ParserOptions()
    /// Skip the type checker (names are then resolved at evaluation time).
    public var checkTypes = true
    /// Names other tools use for a field, and the field meant (`outcome` → `status`): an
    /// undefined field with no close spelling gets "did you mean" from here when the
    /// operand's type has the field meant.
    public var fieldHints: [String: String] = [:]
    /// Bare names an embedder knows the meaning of (`version` → `inputs.version`): an
    /// undeclared reference with no close spelling gets "did you mean" from here.
    public var nameHints: [String: String] = [:]

    private var runtimeFunctions: [String: BuiltinFunction] = StandardLibrary.functions

    public init(container: String = "") {
        self.container = container
        functions = StandardDeclarations.declarations
    }

    /// Declares a variable; a dotted name (`a.b.c`) is a qualified variable.
    public mutating func declareVariable(_ name: String, _ type: CELType) {
        variables[name] = type
    }

    /// Declares a struct-like object type with named fields.
    public mutating func declareType(_ type: ObjectType) {
        objectTypes[type.name] = type
    }

    /// Declares a function (or adds overloads to an existing one). A dotted name such
    /// as `semver.major` is called as `semver.major(x)`.
    public mutating func declareFunction(_ decl: FunctionDecl) {
        if var existing = functions[decl.name] {
            existing.overloads.append(contentsOf: decl.overloads)
            functions[decl.name] = existing
        } else {
            functions[decl.name] = decl
        }
        if let runtime = decl.runtimeFunction() {
            if let standard = StandardLibrary.functions[decl.name] {
                // Custom overloads first, the standard ones where they do not apply.
                let custom = runtime
                runtimeFunctions[decl.name] = BuiltinFunction(nary: { args in
                    let r = custom.call(args)
                    if case .error(let e) = r, e == .noSuchOverload { return standard.call(args) }
                    return r
                }).costing(unary: standard.unaryCost, binary: standard.binaryCost, nary: standard.naryCost)
            } else {
                runtimeFunctions[decl.name] = runtime
            }
        }
    }

    /// Convenience: declares a function with one overload.
    public mutating func declareFunction(_ name: String, _ overload: Overload) {
        declareFunction(FunctionDecl(name: name, overloads: [overload]))
    }

    /// Parses and checks `source`, and plans it for evaluation.
    public func compile(_ source: String) -> Compilation {
        let parsed = parseCEL(source, options: parserOptions)
        guard let expr = parsed.expr else {
            return Compilation(program: nil, diagnostics: parsed.diagnostics, source: parsed.source)
        }
        var checked: CheckedExpr?
        if checkTypes {
            var checker = Checker(env: self, source: parsed.source)
            let result = checker.run(expr)
            if !checker.diagnostics.isEmpty {
                let sorted = checker.diagnostics.sorted { ($0.position.offset, $0.message) < ($1.position.offset, $1.message) }
                return Compilation(program: nil, diagnostics: sorted, source: parsed.source)
            }
            checked = result
        }
        if let costLimit, let over = CostEstimator.overLimit(expr, types: checked?.types ?? [:], limit: costLimit, source: parsed.source) {
            return Compilation(program: nil, diagnostics: [over], source: parsed.source)
        }
        var planner = ClosureBuilder(
            functions: runtimeFunctions, resolution: NameResolution(container: container),
            declared: checkTypes ? Set(variables.keys) : nil, objectTypes: objectTypes,
            regexes: checked?.regexes ?? [:])
        let root = planner.plan(expr)
        let program = Program(
            root: root, slots: planner.slotCount, costLimit: costLimit, expr: expr,
            source: parsed.source, resultType: checked?.resultType ?? .dyn,
            types: checked?.types ?? [:], environment: self)
        return Compilation(program: program, diagnostics: [], source: parsed.source)
    }
}

/// The outcome of `Environment.compile`: a program, or the diagnostics that prevent one.
public struct Compilation: Sendable {
    public var program: Program?
    public var diagnostics: [CELDiagnostic]
    public var source: SourceInfo

    /// All diagnostics in cel-go's format, with source line and caret.
    public var renderedDiagnostics: String { diagnostics.rendered(in: source) }
}
