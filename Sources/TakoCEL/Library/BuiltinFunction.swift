// The runtime form of a function: one implementation per arity. The receiver of a
// receiver-style call is the first argument. Implementations dispatch on the cases
// of `Value` and answer `no such overload` for types they do not take.

/// A function's implementations, by number of arguments.
public struct BuiltinFunction: Sendable {
    public typealias Unary = @Sendable (Value) -> Value
    public typealias Binary = @Sendable (Value, Value) -> Value
    public typealias Ternary = @Sendable (Value, Value, Value) -> Value
    public typealias Nary = @Sendable ([Value]) -> Value

    public var nullary: (@Sendable () -> Value)?
    public var unary: Unary?
    public var binary: Binary?
    public var ternary: Ternary?
    public var nary: Nary?

    public init(nullary: (@Sendable () -> Value)? = nil, unary: Unary? = nil, binary: Binary? = nil,
                ternary: Ternary? = nil, nary: Nary? = nil) {
        self.nullary = nullary
        self.unary = unary
        self.binary = binary
        self.ternary = ternary
        self.nary = nary
    }

    /// Whether some implementation takes `count` arguments.
    func accepts(_ count: Int) -> Bool {
        if nary != nil { return true }
        switch count {
        case 0: return nullary != nil
        case 1: return unary != nil
        case 2: return binary != nil
        case 3: return ternary != nil
        default: return false
        }
    }

    /// Calls the implementation for `args.count` arguments.
    func call(_ args: [Value]) -> Value {
        switch args.count {
        case 0 where nullary != nil: return nullary!()
        case 1 where unary != nil: return unary!(args[0])
        case 2 where binary != nil: return binary!(args[0], args[1])
        case 3 where ternary != nil: return ternary!(args[0], args[1], args[2])
        default: return nary?(args) ?? .noSuchOverload
        }
    }

    /// Merges the arities of two definitions (`other` wins where both define one).
    func merged(with other: BuiltinFunction) -> BuiltinFunction {
        BuiltinFunction(nullary: other.nullary ?? nullary, unary: other.unary ?? unary, binary: other.binary ?? binary,
                        ternary: other.ternary ?? ternary, nary: other.nary ?? nary)
    }
}
