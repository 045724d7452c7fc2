// Heterogeneous equality and ordering, as the spec defines them: numbers compare by
// value across int, uint and double; other values of different types are unequal.

enum Ordering {
    case less, equal, greater
    /// NaN against anything: every comparison is false.
    case unordered
}

/// CEL equality of two values that are neither errors nor unknowns.
func celEquals(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): return sameScalars(x, y)
    case (.int(let x), .int(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y
    case (.int, .uint), (.uint, .int), (.int, .double), (.double, .int), (.uint, .double), (.double, .uint):
        return compareNumbers(a, b) == .equal
    case (.null, .null): return true
    case (.bytes(let x), .bytes(let y)): return x == y
    case (.list(let x), .list(let y)):
        guard x.count == y.count else { return false }
        for i in x.indices where !celEquals(x[i], y[i]) { return false }
        return true
    case (.map(let x), .map(let y)):
        guard x.count == y.count else { return false }
        for (i, key) in x.keys.enumerated() {
            guard let other = y[key], celEquals(x.values[i], other) else { return false }
        }
        return true
    case (.timestamp(let x), .timestamp(let y)): return x == y
    case (.duration(let x), .duration(let y)): return x == y
    case (.type(let x), .type(let y)): return x == y
    case (.optional(let x), .optional(let y)):
        switch (x, y) {
        case (nil, nil): return true
        case (let x?, let y?): return celEquals(x, y)
        default: return false
        }
    case (.object(let x), .object(let y)):
        return x.typeName == y.typeName && celEquals(.map(x.storage), .map(y.storage))
    default: return false
    }
}

/// Orders two numbers of any numeric types exactly (no rounding through double).
func compareNumbers(_ a: Value, _ b: Value) -> Ordering? {
    func order<T: Comparable>(_ x: T, _ y: T) -> Ordering { x < y ? .less : (x == y ? .equal : .greater) }
    // As the spec's tests require, an integer meets a double as a double (lossy).
    func intDouble(_ i: Int64, _ d: Double) -> Ordering {
        d.isNaN ? .unordered : order(Double(i), d)
    }
    func uintDouble(_ u: UInt64, _ d: Double) -> Ordering {
        d.isNaN ? .unordered : order(Double(u), d)
    }
    func flip(_ o: Ordering) -> Ordering {
        switch o {
        case .less: return .greater
        case .greater: return .less
        default: return o
        }
    }
    switch (a, b) {
    case (.int(let x), .int(let y)): return order(x, y)
    case (.uint(let x), .uint(let y)): return order(x, y)
    case (.double(let x), .double(let y)):
        if x.isNaN || y.isNaN { return .unordered }
        return order(x, y)
    case (.int(let x), .uint(let y)): return x < 0 ? .less : order(UInt64(x), y)
    case (.uint(let x), .int(let y)): return y < 0 ? .greater : order(x, UInt64(y))
    case (.int(let x), .double(let y)): return intDouble(x, y)
    case (.double(let x), .int(let y)): return flip(intDouble(y, x))
    case (.uint(let x), .double(let y)): return uintDouble(x, y)
    case (.double(let x), .uint(let y)): return flip(uintDouble(y, x))
    default: return nil
    }
}

/// Orders two values for `<`, `<=`, `>`, `>=`; nil when they cannot be ordered.
func compareValues(_ a: Value, _ b: Value) -> Ordering? {
    func order<T: Comparable>(_ x: T, _ y: T) -> Ordering { x < y ? .less : (x == y ? .equal : .greater) }
    switch (a, b) {
    case (.string(let x), .string(let y)):
        // Code point order equals UTF-8 byte order.
        return x.utf8.lexicographicallyPrecedes(y.utf8) ? .less : (sameScalars(x, y) ? .equal : .greater)
    case (.bool(let x), .bool(let y)): return x == y ? .equal : (!x ? .less : .greater)
    case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y) ? .less : (x == y ? .equal : .greater)
    case (.timestamp(let x), .timestamp(let y)): return order(x, y)
    case (.duration(let x), .duration(let y)): return order(x, y)
    default: return compareNumbers(a, b)
    }
}

enum Relation {
    static func make(_ test: @escaping @Sendable (Ordering) -> Bool) -> @Sendable (Value, Value) -> Value {
        { a, b in
            if case .int(let x) = a, case .int(let y) = b {
                return .bool(test(x < y ? .less : (x == y ? .equal : .greater)))
            }
            guard let o = compareValues(a, b) else { return .noSuchOverload }
            return .bool(o != .unordered && test(o))
        }
    }
    static let less = make { $0 == .less }
    static let lessOrEqual = make { $0 == .less || $0 == .equal }
    static let greater = make { $0 == .greater }
    static let greaterOrEqual = make { $0 == .greater || $0 == .equal }
}

/// `x in list` and `x in map`.
func membership(_ element: Value, _ container: Value) -> Value {
    switch container {
    case .list(let items):
        for item in items where celEquals(element, item) { return .bool(true) }
        return .bool(false)
    case .map(let map):
        guard Access.isKeyType(element) else { return .noSuchOverload }
        return .bool(map.lookup(element) != nil)
    default:
        return .noSuchOverload
    }
}

/// Code-point equality: Swift's `==` on String uses canonical equivalence, CEL does not.
@inline(__always) func sameScalars(_ a: String, _ b: String) -> Bool {
    UTF8Bytes.equal(a, b)
}
