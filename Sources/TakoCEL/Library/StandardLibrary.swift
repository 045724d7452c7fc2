// The runtime form of functions (one implementation per arity) and the table of
// standard functions by name. Logical operators, the conditional, `or`/`orValue` and
// macros are not in the table: the planner handles them, because they do not
// evaluate all their arguments.

struct BuiltinFunction: Sendable {
    typealias Unary = @Sendable (Value) -> Value
    typealias Binary = @Sendable (Value, Value) -> Value
    typealias Ternary = @Sendable (Value, Value, Value) -> Value
    typealias Nary = @Sendable ([Value]) -> Value

    var nullary: (@Sendable () -> Value)?
    var unary: Unary?
    var binary: Binary?
    var ternary: Ternary?
    var nary: Nary?
    /// What a call costs beyond its one unit, from its arguments (SizeCost), per arity;
    /// nil: nothing more. `naryCost` serves every arity without one of its own.
    var unaryCost: (@Sendable (Value) -> Int64)?
    var binaryCost: (@Sendable (Value, Value) -> Int64)?
    var naryCost: (@Sendable ([Value]) -> Int64)?

    init(
        nullary: (@Sendable () -> Value)? = nil, unary: Unary? = nil, binary: Binary? = nil,
        ternary: Ternary? = nil, nary: Nary? = nil
    ) {
        self.nullary = nullary
        self.unary = unary
        self.binary = binary
        self.ternary = ternary
        self.nary = nary
    }

    /// The same function with size costs.
    func costing(
        unary: (@Sendable (Value) -> Int64)? = nil, binary: (@Sendable (Value, Value) -> Int64)? = nil,
        nary: (@Sendable ([Value]) -> Int64)? = nil
    ) -> BuiltinFunction {
        var f = self
        f.unaryCost = unary
        f.binaryCost = binary
        f.naryCost = nary
        return f
    }

    /// The cost beyond one unit of a call with `args`.
    func extraCost(_ args: [Value]) -> Int64 {
        switch args.count {
        case 1 where unaryCost != nil: return unaryCost!(args[0])
        case 2 where binaryCost != nil: return binaryCost!(args[0], args[1])
        default: return naryCost?(args) ?? 0
        }
    }

    var hasCost: Bool { unaryCost != nil || binaryCost != nil || naryCost != nil }

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
        var f = BuiltinFunction(
            nullary: other.nullary ?? nullary, unary: other.unary ?? unary, binary: other.binary ?? binary,
            ternary: other.ternary ?? ternary, nary: other.nary ?? nary)
        f.unaryCost = other.unaryCost ?? unaryCost
        f.binaryCost = other.binaryCost ?? binaryCost
        f.naryCost = other.naryCost ?? naryCost
        return f
    }
}

enum StandardLibrary {
    static let functions: [String: BuiltinFunction] = {
        var t: [String: BuiltinFunction] = [:]
        t["_+_"] = BuiltinFunction(binary: Arithmetic.add).costing(binary: SizeCost.add)
        t["_-_"] = BuiltinFunction(binary: Arithmetic.subtract)
        t["_*_"] = BuiltinFunction(binary: Arithmetic.multiply)
        t["_/_"] = BuiltinFunction(binary: Arithmetic.divide)
        t["_%_"] = BuiltinFunction(binary: Arithmetic.modulo)
        t["-_"] = BuiltinFunction(unary: Arithmetic.negate)
        t["!_"] = BuiltinFunction(unary: Arithmetic.not)
        t["_==_"] = BuiltinFunction(binary: { .bool(celEquals($0, $1)) }).costing(binary: SizeCost.compare)
        t["_!=_"] = BuiltinFunction(binary: { .bool(!celEquals($0, $1)) }).costing(binary: SizeCost.compare)
        t["_<_"] = BuiltinFunction(binary: Relation.less).costing(binary: SizeCost.compare)
        t["_<=_"] = BuiltinFunction(binary: Relation.lessOrEqual).costing(binary: SizeCost.compare)
        t["_>_"] = BuiltinFunction(binary: Relation.greater).costing(binary: SizeCost.compare)
        t["_>=_"] = BuiltinFunction(binary: Relation.greaterOrEqual).costing(binary: SizeCost.compare)
        t["@in"] = BuiltinFunction(binary: membership).costing(binary: { _, container in
            if case .list(let l) = container { return Int64(l.count) }
            return 0
        })
        t["_[_]"] = BuiltinFunction(binary: Access.index)
        t["_[?_]"] = BuiltinFunction(binary: Optionals.index)
        t["_?._"] = BuiltinFunction(binary: { o, f in
            guard case .string(let field) = f else { return .noSuchOverload }
            return Optionals.select(o, field)
        })

        t["size"] = BuiltinFunction(unary: Strings.size).costing(unary: SizeCost.size)
        t["contains"] = BuiltinFunction(binary: Strings.contains).costing(binary: SizeCost.readBinary)
        t["startsWith"] = BuiltinFunction(binary: Strings.startsWith).costing(binary: { SizeCost.units(SizeCost.bytes($1)) })
        t["endsWith"] = BuiltinFunction(binary: Strings.endsWith).costing(binary: { SizeCost.units(SizeCost.bytes($1)) })
        t["matches"] = BuiltinFunction(binary: RE2.matches)

        t["int"] = BuiltinFunction(unary: Conversions.toInt)
        t["uint"] = BuiltinFunction(unary: Conversions.toUint)
        t["double"] = BuiltinFunction(unary: Conversions.toDouble)
        t["string"] = BuiltinFunction(unary: Conversions.toString).costing(unary: SizeCost.convert)
        t["bytes"] = BuiltinFunction(unary: Conversions.toBytes).costing(unary: SizeCost.convert)
        t["bool"] = BuiltinFunction(unary: Conversions.toBool)
        t["dyn"] = BuiltinFunction(unary: { $0 })
        t["type"] = BuiltinFunction(unary: Conversions.typeOf)
        t["timestamp"] = BuiltinFunction(unary: Conversions.toTimestamp)
        t["duration"] = BuiltinFunction(unary: Conversions.toDuration)

        let fields: [(String, TimeFunctions.Field)] = [
            ("getFullYear", .fullYear), ("getMonth", .month), ("getDate", .date), ("getDayOfMonth", .dayOfMonth),
            ("getDayOfWeek", .dayOfWeek), ("getDayOfYear", .dayOfYear), ("getHours", .hours),
            ("getMinutes", .minutes), ("getSeconds", .seconds), ("getMilliseconds", .milliseconds),
        ]
        for (name, field) in fields { t[name] = TimeFunctions.accessor(field) }

        t["charAt"] = BuiltinFunction(binary: StringsExt.charAt).costing(binary: SizeCost.readBinary)
        t["indexOf"] = BuiltinFunction(binary: { StringsExt.indexOf([$0, $1]) }, nary: StringsExt.indexOf)
            .costing(binary: SizeCost.readBinary, nary: SizeCost.readNary)
        t["lastIndexOf"] = BuiltinFunction(nary: StringsExt.lastIndexOf).costing(nary: SizeCost.readNary)
        t["lowerAscii"] = BuiltinFunction(unary: { StringsExt.mapASCII($0, upper: false) }).costing(unary: SizeCost.readUnary)
        t["upperAscii"] = BuiltinFunction(unary: { StringsExt.mapASCII($0, upper: true) }).costing(unary: SizeCost.readUnary)
        t["replace"] = BuiltinFunction(ternary: { StringsExt.replace([$0, $1, $2]) }, nary: StringsExt.replace)
            .costing(nary: SizeCost.replace)
        t["split"] = BuiltinFunction(
            binary: { s, sep in
                guard case .string(let text) = s, case .string(let separator) = sep, !separator.isEmpty else {
                    return StringsExt.split([s, sep])
                }
                return .list(UTF8Bytes.split(text, separator, limit: -1))
            }, nary: StringsExt.split
        ).costing(nary: SizeCost.split)
        t["substring"] = BuiltinFunction(nary: StringsExt.substring).costing(nary: SizeCost.readNary)
        t["trim"] = BuiltinFunction(unary: StringsExt.trim).costing(unary: SizeCost.readUnary)
        t["join"] = BuiltinFunction(unary: { StringsExt.join([$0]) }, binary: { StringsExt.join([$0, $1]) })
            .costing(nary: SizeCost.join)
        t["reverse"] = BuiltinFunction(unary: StringsExt.reverse).costing(unary: SizeCost.readUnary)
        t["format"] = BuiltinFunction(binary: Format.format).costing(binary: SizeCost.format)
        t["strings.quote"] = BuiltinFunction(unary: StringsExt.quote).costing(unary: SizeCost.quote)

        t["optional.of"] = BuiltinFunction(unary: { .optional($0) })
        t["optional.none"] = BuiltinFunction(nullary: { .optional(nil) })
        t["optional.ofNonZeroValue"] = BuiltinFunction(unary: { Optionals.isZero($0) ? .optional(nil) : .optional($0) })
        t["hasValue"] = BuiltinFunction(unary: Optionals.hasValue)
        t["value"] = BuiltinFunction(unary: Optionals.value)
        return t
    }()

    /// Names that denote type values when used as identifiers.
    static let typeNames: Set<String> = [
        "int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type",
        "optional_type", "google.protobuf.Timestamp", "google.protobuf.Duration",
    ]
}
