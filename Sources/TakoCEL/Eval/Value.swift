// Runtime values. Errors and unknowns are values too, so that `&&`, `||` and the
// comprehensions can absorb them as the spec says.

/// A CEL value.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case map(CELMap)
    case timestamp(CELTimestamp)
    case duration(CELDuration)
    /// A type value, by its CEL name (`int`, `list`, `google.protobuf.Timestamp`...).
    case type(String)
    /// An optional value: `.optional(nil)` is `optional.none()`.
    indirect case optional(Value?)
    /// A value of a declared object type.
    case object(CELObject)
    case error(CELError)
    case unknown(UnknownSet)

    /// The CEL name of the value's type, as `type(x)` returns it.
    public var typeName: String {
        switch self {
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .list: return "list"
        case .map: return "map"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .type: return "type"
        case .optional: return "optional_type"
        case .object(let o): return o.typeName
        case .error: return "*error*"
        case .unknown: return "*unknown*"
        }
    }

    @inline(__always) var isErrorOrUnknown: Bool {
        switch self {
        case .error, .unknown: return true
        default: return false
        }
    }
}

/// An evaluation error, e.g. `division by zero` or `no such overload`.
public struct CELError: Sendable, Equatable, Error, CustomStringConvertible {
    public var message: String
    /// The expression node where the error arose (see `Program.position(of:)`).
    public internal(set) var nodeID: Int64?

    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Errors are equal when their messages are; the node is where, not what.
    public static func == (a: CELError, b: CELError) -> Bool { a.message == b.message }

    static let noSuchOverload = CELError("no such overload")
    static let divisionByZero = CELError("division by zero")
    static let moduloByZero = CELError("modulus by zero")
    static let overflow = CELError("return error for overflow")
}

/// A value of a declared object type: its type name and its field values.
public struct CELObject: Sendable {
    public var typeName: String
    /// Fields in a small linear map: objects have few fields, and a scan beats hashing.
    let storage: CELMap

    public init(typeName: String, fields: [String: Value]) {
        self.typeName = typeName
        storage = CELMap(fields)
    }

    /// The set fields.
    public var fields: [String: Value] {
        var out: [String: Value] = [:]
        for (i, key) in storage.keys.enumerated() {
            if case .string(let name) = key { out[name] = storage.values[i] }
        }
        return out
    }

    /// The value of a field, if set.
    @inline(__always) public func field(_ name: String) -> Value? { storage.value(forString: name) }
}

/// The attributes a partial evaluation could not resolve, e.g. `steps.build.outputs.version`.
public struct UnknownSet: Sendable, Equatable {
    public var attributes: Set<String>
    public init(_ attributes: Set<String>) { self.attributes = attributes }

    func merged(_ other: UnknownSet) -> UnknownSet {
        UnknownSet(attributes.union(other.attributes))
    }
}

extension Value {
    /// A Swift-friendly constructor from a literal constant.
    init(_ constant: Constant) {
        switch constant {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .bytes(let b): self = .bytes(b)
        }
    }

    static func err(_ message: String) -> Value { .error(CELError(message)) }

    /// Marks an error that has no node yet with `id` (the first call it leaves).
    @inline(__always) func located(_ id: Int64) -> Value {
        guard case .error(var e) = self, e.nodeID == nil else { return self }
        e.nodeID = id
        return .error(e)
    }
    static let noSuchOverload = Value.error(.noSuchOverload)
}
