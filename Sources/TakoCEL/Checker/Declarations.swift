// Declarations an environment holds: object types with named fields, and functions
// with overloads (global or receiver style, with type parameters, optionally with a
// Swift implementation).

/// A struct-like type with named, typed fields (e.g. an event with a payload).
public struct ObjectType: Sendable {
    public var name: String
    public var fields: [String: CELType]

    public init(name: String, fields: [String: CELType]) {
        self.name = name
        self.fields = fields
    }
}

/// One signature of a function.
public struct Overload: Sendable {
    /// A stable ID, e.g. `semver_major_string`.
    public var id: String
    /// Parameter types; for a receiver-style overload the receiver comes first.
    public var params: [CELType]
    public var result: CELType
    /// Called as `receiver.f(args)` rather than `f(receiver, args)`.
    public var receiver: Bool
    /// The implementation, for functions an embedder adds. Throwing a `CELError` (or
    /// any error) makes the call evaluate to an error.
    public var implementation: Implementation?

    public enum Implementation: Sendable {
        case unary(@Sendable (Value) throws -> Value)
        case binary(@Sendable (Value, Value) throws -> Value)
        case nary(@Sendable ([Value]) throws -> Value)
    }

    public init(
        id: String, params: [CELType], result: CELType, receiver: Bool = false,
        implementation: Implementation? = nil
    ) {
        self.id = id
        self.params = params
        self.result = result
        self.receiver = receiver
        self.implementation = implementation
    }

    /// Type parameters are the `param(...)` types the signature mentions.
    var hasTypeParams: Bool { params.contains { $0.hasParams } || result.hasParams }
}

/// A function: a name (possibly dotted, such as `semver.major`) and its overloads.
public struct FunctionDecl: Sendable {
    public var name: String
    public var overloads: [Overload]

    public init(name: String, overloads: [Overload]) {
        self.name = name
        self.overloads = overloads
    }
}

extension FunctionDecl {
    /// The runtime dispatcher for overloads with implementations: picks the first
    /// overload whose parameter types accept the argument values.
    func runtimeFunction() -> BuiltinFunction? {
        let implemented = overloads.filter { $0.implementation != nil }
        guard !implemented.isEmpty else { return nil }
        @Sendable func invoke(_ o: Overload, _ args: [Value]) -> Value {
            do {
                switch o.implementation! {
                case .unary(let f): return try f(args[0])
                case .binary(let f): return try f(args[0], args[1])
                case .nary(let f): return try f(args)
                }
            } catch let error as CELError {
                return .error(error)
            } catch {
                return .err("\(error)")
            }
        }
        if implemented.count == 1, implemented[0].params.count == 1, case .unary(let f) = implemented[0].implementation! {
            let param = implemented[0].params[0]
            return BuiltinFunction(unary: { v in
                guard RuntimeTypes.accepts(param, v) else { return .noSuchOverload }
                do { return try f(v) } catch let error as CELError { return .error(error) } catch { return .err("\(error)") }
            })
        }
        return BuiltinFunction(nary: { args in
            for o in implemented where o.params.count == args.count {
                if zip(o.params, args).allSatisfy({ RuntimeTypes.accepts($0.0, $0.1) }) { return invoke(o, args) }
            }
            return .noSuchOverload
        })
    }
}

enum RuntimeTypes {
    /// Whether a runtime value fits a declared type (loosely: parameters fit anything).
    static func accepts(_ type: CELType, _ v: Value) -> Bool {
        switch (type, v) {
        case (.dyn, _), (.param, _), (.any, _): return true
        case (.int, .int), (.uint, .uint), (.double, .double), (.bool, .bool), (.string, .string),
            (.bytes, .bytes), (.null, .null), (.list, .list), (.map, .map), (.timestamp, .timestamp),
            (.duration, .duration), (.type, .type), (.optional, .optional):
            return true
        case (.object(let name), .object(let o)): return name == o.typeName
        case (.opaque, _): return true
        default: return false
        }
    }
}
