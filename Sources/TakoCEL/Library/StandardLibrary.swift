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

    init(nullary: (@Sendable () -> Value)? = nil, unary: Unary? = nil, binary: Binary? = nil,
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

enum StandardLibrary {
    static let functions: [String: BuiltinFunction] = {
        var t: [String: BuiltinFunction] = [:]
        t["_+_"] = BuiltinFunction(binary: Arithmetic.add)
        t["_-_"] = BuiltinFunction(binary: Arithmetic.subtract)
        t["_*_"] = BuiltinFunction(binary: Arithmetic.multiply)
        t["_/_"] = BuiltinFunction(binary: Arithmetic.divide)
        t["_%_"] = BuiltinFunction(binary: Arithmetic.modulo)
        t["-_"] = BuiltinFunction(unary: Arithmetic.negate)
        t["!_"] = BuiltinFunction(unary: Arithmetic.not)
        t["_==_"] = BuiltinFunction(binary: { .bool(celEquals($0, $1)) })
        t["_!=_"] = BuiltinFunction(binary: { .bool(!celEquals($0, $1)) })
        t["_<_"] = BuiltinFunction(binary: Relation.less)
        t["_<=_"] = BuiltinFunction(binary: Relation.lessOrEqual)
        t["_>_"] = BuiltinFunction(binary: Relation.greater)
        t["_>=_"] = BuiltinFunction(binary: Relation.greaterOrEqual)
        t["@in"] = BuiltinFunction(binary: membership)
        t["_[_]"] = BuiltinFunction(binary: Access.index)
        t["_[?_]"] = BuiltinFunction(binary: Optionals.index)
        t["_?._"] = BuiltinFunction(binary: { o, f in
            guard case .string(let field) = f else { return .noSuchOverload }
            return Optionals.select(o, field)
        })

        t["size"] = BuiltinFunction(unary: Strings.size)
        t["contains"] = BuiltinFunction(binary: Strings.contains)
        t["startsWith"] = BuiltinFunction(binary: Strings.startsWith)
        t["endsWith"] = BuiltinFunction(binary: Strings.endsWith)
        t["matches"] = BuiltinFunction(binary: RE2.matches)

        t["int"] = BuiltinFunction(unary: Conversions.toInt)
        t["uint"] = BuiltinFunction(unary: Conversions.toUint)
        t["double"] = BuiltinFunction(unary: Conversions.toDouble)
        t["string"] = BuiltinFunction(unary: Conversions.toString)
        t["bytes"] = BuiltinFunction(unary: Conversions.toBytes)
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

        t["charAt"] = BuiltinFunction(binary: StringsExt.charAt)
        t["indexOf"] = BuiltinFunction(binary: { StringsExt.indexOf([$0, $1]) }, nary: StringsExt.indexOf)
        t["lastIndexOf"] = BuiltinFunction(nary: StringsExt.lastIndexOf)
        t["lowerAscii"] = BuiltinFunction(unary: { StringsExt.mapASCII($0, upper: false) })
        t["upperAscii"] = BuiltinFunction(unary: { StringsExt.mapASCII($0, upper: true) })
        t["replace"] = BuiltinFunction(ternary: { StringsExt.replace([$0, $1, $2]) }, nary: StringsExt.replace)
        t["split"] = BuiltinFunction(binary: { s, sep in
            guard case .string(let text) = s, case .string(let separator) = sep, !separator.isEmpty else {
                return StringsExt.split([s, sep])
            }
            return .list(UTF8Bytes.split(text, separator, limit: -1))
        }, nary: StringsExt.split)
        t["substring"] = BuiltinFunction(nary: StringsExt.substring)
        t["trim"] = BuiltinFunction(unary: StringsExt.trim)
        t["join"] = BuiltinFunction(unary: { StringsExt.join([$0]) }, binary: { StringsExt.join([$0, $1]) })
        t["reverse"] = BuiltinFunction(unary: StringsExt.reverse)
        t["format"] = BuiltinFunction(binary: Format.format)
        t["strings.quote"] = BuiltinFunction(unary: StringsExt.quote)

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
