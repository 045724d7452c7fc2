// Maps with CEL key semantics: keys are bool, int, uint or string, and numerically
// equal int and uint keys are the same key. Small maps are searched linearly, which
// beats hashing for the handful of keys a filter's payload usually has.

/// A map key. `int(1)` and `uint(1)` are equal.
public enum MapKey: Sendable, Hashable {
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case string(String)

    public static func == (a: MapKey, b: MapKey) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return sameScalars(x, y)
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.int(let x), .uint(let y)), (.uint(let y), .int(let x)): return x >= 0 && UInt64(x) == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .bool(let b): hasher.combine(0); hasher.combine(b)
        case .string(let s): hasher.combine(1); hasher.combine(s)
        case .int(let i): hasher.combine(2); hasher.combine(UInt64(bitPattern: i))
        case .uint(let u): hasher.combine(2); hasher.combine(u)
        }
    }

    /// The key for a value, or nil when the value cannot be a key. A double key is
    /// looked up as the integer it equals, if any.
    public init?(_ value: Value, lookup: Bool = false) {
        switch value {
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .string(let s): self = .string(s)
        case .double(let d) where lookup:
            if let i = Int64(exactly: d) { self = .int(i) } else if let u = UInt64(exactly: d) { self = .uint(u) } else { return nil }
        default: return nil
        }
    }

    public var value: Value {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .string(let s): return .string(s)
        }
    }
}

/// An immutable CEL map that keeps its insertion order. One reference to shared
/// storage, so copying a map value costs a single retain.
public struct CELMap: Sendable {
    final class Storage: Sendable {
        let keys: [MapKey]
        let values: [Value]
        let index: [MapKey: Int]?

        init(keys: [MapKey], values: [Value], index: [MapKey: Int]?) {
            self.keys = keys
            self.values = values
            self.index = index
        }
    }

    let storage: Storage
    private static let linearLimit = 8
    private static let empty = Storage(keys: [], values: [], index: nil)

    public init() {
        storage = CELMap.empty
    }

    /// Builds a map; nil if a key repeats.
    public init?(keys: [MapKey], values: [Value]) {
        var index: [MapKey: Int]?
        if keys.count > CELMap.linearLimit {
            var built: [MapKey: Int] = [:]
            built.reserveCapacity(keys.count)
            for (i, key) in keys.enumerated() where built.updateValue(i, forKey: key) != nil { return nil }
            index = built
        } else {
            for i in keys.indices {
                for j in 0..<i where keys[j] == keys[i] { return nil }
            }
        }
        storage = Storage(keys: keys, values: values, index: index)
    }

    /// Builds a map from string-keyed entries.
    public init(_ entries: [String: Value]) {
        var keys: [MapKey] = []
        var values: [Value] = []
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            keys.append(.string(key))
            values.append(value)
        }
        self.init(keys: keys, values: values)!
    }

    public var keys: [MapKey] { storage.keys }
    public var values: [Value] { storage.values }
    public var count: Int { storage.keys.count }

    public subscript(key: MapKey) -> Value? {
        if let index = storage.index { return index[key].map { storage.values[$0] } }
        let keys = storage.keys
        for i in keys.indices where keys[i] == key { return storage.values[i] }
        return nil
    }

    /// Fast path for field selection on string keys.
    @inline(__always) public func value(forString name: String) -> Value? {
        if let index = storage.index { return index[.string(name)].map { storage.values[$0] } }
        let keys = storage.keys
        for i in keys.indices {
            if case .string(let s) = keys[i], sameScalars(s, name) { return storage.values[i] }
        }
        return nil
    }

    /// Looks a runtime value up as a key: numeric keys match across int, uint and
    /// integral doubles.
    public func lookup(_ key: Value) -> Value? {
        guard let mapKey = MapKey(key, lookup: true) else { return nil }
        return self[mapKey]
    }
}
