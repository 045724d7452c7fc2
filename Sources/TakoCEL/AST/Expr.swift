// The parsed (and macro-expanded) CEL expression tree. Every node carries an ID;
// positions live in `SourceInfo`, types in the checker's table, both keyed by ID.

/// A literal value written in the source.
public enum Constant: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
}

/// One node of the expression tree.
public struct Expr: Sendable {
    public var id: Int64
    public var kind: Kind

    public init(id: Int64, _ kind: Kind) {
        self.id = id
        self.kind = kind
    }

    public indirect enum Kind: Sendable {
        case constant(Constant)
        /// A name; a leading dot (`.y`) is kept in the name.
        case ident(String)
        /// `operand.field`; `testOnly` for `has(operand.field)`.
        case select(operand: Expr, field: String, testOnly: Bool)
        /// `function(args)` or `target.function(args)`. Operators use their internal
        /// names (`_+_`, `_[_]`, `_?._`, `_[?_]`, `!_`, `-_`, `_?_:_`, `_&&_`, `_||_`).
        case call(target: Expr?, function: String, args: [Expr])
        /// `[a, ?b]`: indices of optional elements in `optionals`.
        case list(elements: [Expr], optionals: [Int])
        case map(entries: [MapEntry])
        /// `Name{field: value}`.
        case object(typeName: String, fields: [FieldEntry])
        case comprehension(Comprehension)
    }

    public struct MapEntry: Sendable {
        public var id: Int64
        public var key: Expr
        public var value: Expr
        public var optional: Bool
    }

    public struct FieldEntry: Sendable {
        public var id: Int64
        public var field: String
        public var value: Expr
        public var optional: Bool
    }
}

/// A macro expanded at parse time. Rather than cel-go's generic accumulator form, the
/// node keeps the macro's shape, so the checker and the evaluator handle each directly.
public struct Comprehension: Sendable {
    public enum Kind: String, Sendable {
        case all, exists, existsOne, map, filter, transformList, transformMap, transformMapEntry
        /// `opt.optMap(x, t)` and `opt.optFlatMap(x, t)`.
        case optMap, optFlatMap
        /// `cel.bind(x, init, body)`: `range` is the init, `transform` the body.
        case bind
    }

    public var kind: Kind
    /// The first variable (the element, or the index/key in two-variable forms).
    public var iterVar: String
    /// The second variable of two-variable forms (the element or value).
    public var iterVar2: String?
    public var range: Expr
    /// The condition of all/exists/existsOne/filter, or the filter of map/transform*.
    public var predicate: Expr?
    /// The result expression of map/transform*/optMap/bind.
    public var transform: Expr?
}

extension Expr {
    /// Calls `visit` on this node and all its descendants, parents first.
    public func walk(_ visit: (Expr) -> Void) {
        visit(self)
        switch kind {
        case .constant, .ident: break
        case .select(let operand, _, _): operand.walk(visit)
        case .call(let target, _, let args):
            target?.walk(visit)
            for arg in args { arg.walk(visit) }
        case .list(let elements, _):
            for element in elements { element.walk(visit) }
        case .map(let entries):
            for entry in entries {
                entry.key.walk(visit)
                entry.value.walk(visit)
            }
        case .object(_, let fields):
            for field in fields { field.value.walk(visit) }
        case .comprehension(let c):
            c.range.walk(visit)
            c.predicate?.walk(visit)
            c.transform?.walk(visit)
        }
    }

    /// The dotted name of an identifier or a chain of selects on one (`a.b.c`), if any.
    public var qualifiedName: String? {
        switch kind {
        case .ident(let name): return name
        case .select(let operand, let field, false):
            return operand.qualifiedName.map { $0 + "." + field }
        default: return nil
        }
    }
}
