// Arithmetic operators: overflow is an error, as are division and modulo by zero.

enum Arithmetic {
    static func add(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let r = x.addingReportingOverflow(y)
            return r.overflow ? .error(.overflow) : .int(r.partialValue)
        case (.uint(let x), .uint(let y)):
            let r = x.addingReportingOverflow(y)
            return r.overflow ? .error(.overflow) : .uint(r.partialValue)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.bytes(let x), .bytes(let y)): return .bytes(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.duration(let x), .duration(let y)):
            return durationSum(x, y, negate: false)
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return timestamp(seconds: t.seconds.addingReportingOverflow(d.seconds), nanos: Int64(t.nanos) + Int64(d.nanos))
        default: return .noSuchOverload
        }
    }

    static func subtract(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let r = x.subtractingReportingOverflow(y)
            return r.overflow ? .error(.overflow) : .int(r.partialValue)
        case (.uint(let x), .uint(let y)):
            let r = x.subtractingReportingOverflow(y)
            return r.overflow ? .error(.overflow) : .uint(r.partialValue)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.duration(let x), .duration(let y)):
            return durationSum(x, y, negate: true)
        case (.timestamp(let t), .duration(let d)):
            return timestamp(seconds: t.seconds.subtractingReportingOverflow(d.seconds), nanos: Int64(t.nanos) - Int64(d.nanos))
        case (.timestamp(let x), .timestamp(let y)):
            // As cel-go and cel-cpp do, the difference must fit in int64 nanoseconds.
            let seconds = x.seconds - y.seconds
            guard abs(seconds) < 9_223_372_035 else { return .err("duration out of range") }
            return duration(seconds: (seconds, false), nanos: Int64(x.nanos) - Int64(y.nanos))
        default: return .noSuchOverload
        }
    }

    static func multiply(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let r = x.multipliedReportingOverflow(by: y)
            return r.overflow ? .error(.overflow) : .int(r.partialValue)
        case (.uint(let x), .uint(let y)):
            let r = x.multipliedReportingOverflow(by: y)
            return r.overflow ? .error(.overflow) : .uint(r.partialValue)
        case (.double(let x), .double(let y)): return .double(x * y)
        default: return .noSuchOverload
        }
    }

    static func divide(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { return .error(.divisionByZero) }
            let r = x.dividedReportingOverflow(by: y)
            return r.overflow ? .error(.overflow) : .int(r.partialValue)
        case (.uint(let x), .uint(let y)):
            return y == 0 ? .error(.divisionByZero) : .uint(x / y)
        case (.double(let x), .double(let y)): return .double(x / y)
        default: return .noSuchOverload
        }
    }

    static func modulo(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { return .error(.moduloByZero) }
            let r = x.remainderReportingOverflow(dividingBy: y)
            return r.overflow ? .error(.overflow) : .int(r.partialValue)
        case (.uint(let x), .uint(let y)):
            return y == 0 ? .error(.moduloByZero) : .uint(x % y)
        default: return .noSuchOverload
        }
    }

    static func negate(_ a: Value) -> Value {
        switch a {
        case .int(let x):
            return x == .min ? .error(.overflow) : .int(-x)
        case .double(let x): return .double(-x)
        case .duration(let d): return CELDuration(seconds: -d.seconds, nanos: -Int64(d.nanos)).map(Value.duration) ?? .error(.overflow)
        default: return .noSuchOverload
        }
    }

    static func not(_ a: Value) -> Value {
        if case .bool(let b) = a { return .bool(!b) }
        return .noSuchOverload
    }

    /// Duration arithmetic in int64 nanoseconds, as cel-go and cel-cpp do: a result
    /// beyond ±292 years is an overflow error.
    private static func durationSum(_ x: CELDuration, _ y: CELDuration, negate: Bool) -> Value {
        func nanos(_ d: CELDuration) -> Int64? {
            let (s, o) = d.seconds.multipliedReportingOverflow(by: 1_000_000_000)
            if o { return nil }
            let (t, o2) = s.addingReportingOverflow(Int64(d.nanos))
            return o2 ? nil : t
        }
        guard let a = nanos(x), let b = nanos(y) else { return .err("integer overflow") }
        let (r, o) = negate ? a.subtractingReportingOverflow(b) : a.addingReportingOverflow(b)
        guard !o, let d = CELDuration(totalNanos: r) else { return .err("integer overflow") }
        return .duration(d)
    }

    private static func duration(seconds: (partialValue: Int64, overflow: Bool), nanos: Int64) -> Value {
        guard !seconds.overflow, let d = CELDuration(seconds: seconds.partialValue, nanos: nanos) else {
            return .err("duration out of range")
        }
        return .duration(d)
    }

    private static func timestamp(seconds: (partialValue: Int64, overflow: Bool), nanos: Int64) -> Value {
        var s = seconds.partialValue
        var n = nanos
        if n >= 1_000_000_000 { s += 1; n -= 1_000_000_000 }
        if n < 0 { s -= 1; n += 1_000_000_000 }
        guard !seconds.overflow, let t = CELTimestamp(seconds: s, nanos: Int32(n)) else {
            return .err("timestamp out of range")
        }
        return .timestamp(t)
    }
}
