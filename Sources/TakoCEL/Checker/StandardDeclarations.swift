// Signatures of the standard functions, for the checker. Written compactly: each
// string is `[.]param, param -> result`, a leading dot marking a receiver-style
// overload; single capital letters are type parameters.

enum StandardDeclarations {
    static let table: [String: [String]] = [
        "_+_": [
            "int, int -> int", "uint, uint -> uint", "double, double -> double", "string, string -> string",
            "bytes, bytes -> bytes", "list(A), list(A) -> list(A)", "timestamp, duration -> timestamp",
            "duration, timestamp -> timestamp", "duration, duration -> duration",
        ],
        "_-_": [
            "int, int -> int", "uint, uint -> uint", "double, double -> double", "timestamp, timestamp -> duration",
            "timestamp, duration -> timestamp", "duration, duration -> duration",
        ],
        "_*_": ["int, int -> int", "uint, uint -> uint", "double, double -> double"],
        "_/_": ["int, int -> int", "uint, uint -> uint", "double, double -> double"],
        "_%_": ["int, int -> int", "uint, uint -> uint"],
        "-_": ["int -> int", "double -> double"],
        "!_": ["bool -> bool"],
        "_&&_": ["bool, bool -> bool"],
        "_||_": ["bool, bool -> bool"],
        "_?_:_": ["bool, A, A -> A"],
        "_==_": ["A, A -> bool"],
        "_!=_": ["A, A -> bool"],
        "_<_": comparisons, "_<=_": comparisons, "_>_": comparisons, "_>=_": comparisons,
        "@in": ["A, list(A) -> bool", "A, map(A, B) -> bool"],
        "_[_]": [
            "list(A), int -> A", "map(K, V), K -> V",
            "optional_type(list(A)), int -> optional_type(A)", "optional_type(map(K, V)), K -> optional_type(V)",
        ],
        "_[?_]": [
            "list(A), int -> optional_type(A)", "map(K, V), K -> optional_type(V)",
            "optional_type(list(A)), int -> optional_type(A)", "optional_type(map(K, V)), K -> optional_type(V)",
        ],
        "size": [
            "string -> int", "bytes -> int", "list(A) -> int", "map(K, V) -> int",
            ".string -> int", ".bytes -> int", ".list(A) -> int", ".map(K, V) -> int",
        ],
        "contains": [".string, string -> bool"],
        "startsWith": [".string, string -> bool"],
        "endsWith": [".string, string -> bool"],
        "matches": ["string, string -> bool", ".string, string -> bool"],
        "int": ["int -> int", "uint -> int", "double -> int", "string -> int", "timestamp -> int"],
        "uint": ["int -> uint", "uint -> uint", "double -> uint", "string -> uint"],
        "double": ["int -> double", "uint -> double", "double -> double", "string -> double"],
        "string": [
            "int -> string", "uint -> string", "double -> string", "bool -> string", "string -> string",
            "bytes -> string", "timestamp -> string", "duration -> string",
        ],
        "bytes": ["bytes -> bytes", "string -> bytes"],
        "bool": ["bool -> bool", "string -> bool"],
        "dyn": ["A -> dyn"],
        "type": ["A -> type(A)"],
        "timestamp": ["string -> timestamp", "int -> timestamp", "timestamp -> timestamp"],
        "duration": ["string -> duration", "duration -> duration"],
        "getFullYear": timeAccessors, "getMonth": timeAccessors, "getDate": timeAccessors,
        "getDayOfMonth": timeAccessors, "getDayOfWeek": timeAccessors, "getDayOfYear": timeAccessors,
        "getHours": timeAccessors + [".duration -> int"], "getMinutes": timeAccessors + [".duration -> int"],
        "getSeconds": timeAccessors + [".duration -> int"], "getMilliseconds": timeAccessors + [".duration -> int"],
        "charAt": [".string, int -> string"],
        "indexOf": [".string, string -> int", ".string, string, int -> int"],
        "lastIndexOf": [".string, string -> int", ".string, string, int -> int"],
        "lowerAscii": [".string -> string"],
        "upperAscii": [".string -> string"],
        "replace": [".string, string, string -> string", ".string, string, string, int -> string"],
        "split": [".string, string -> list(string)", ".string, string, int -> list(string)"],
        "substring": [".string, int -> string", ".string, int, int -> string"],
        "trim": [".string -> string"],
        "join": [".list(string) -> string", ".list(string), string -> string"],
        "reverse": [".string -> string"],
        "format": [".string, list(dyn) -> string"],
        "strings.quote": ["string -> string"],
        "optional.of": ["A -> optional_type(A)"],
        "optional.none": [" -> optional_type(A)"],
        "optional.ofNonZeroValue": ["A -> optional_type(A)"],
        "hasValue": [".optional_type(A) -> bool"],
        "value": [".optional_type(A) -> A"],
        "or": [".optional_type(A), optional_type(A) -> optional_type(A)"],
        "orValue": [".optional_type(A), A -> A"],
    ]

    static let comparisons = [
        "bool, bool -> bool", "int, int -> bool", "uint, uint -> bool", "double, double -> bool",
        "string, string -> bool", "bytes, bytes -> bool", "timestamp, timestamp -> bool", "duration, duration -> bool",
        // No cross-type numeric overloads (int < double): like cel-cpp's checker, such
        // comparisons need dyn(); the runtime compares mixed numbers either way.
    ]

    static let timeAccessors = [".timestamp -> int", ".timestamp, string -> int"]

    /// Made once per process, when the first expression is checked: read byte by byte
    /// (through Foundation's `components` and `trimmingCharacters` it took 1.5 ms of every
    /// `takoc` run that checks an expression).
    static let declarations: [String: FunctionDecl] = {
        var out: [String: FunctionDecl] = [:]
        for (name, signatures) in table {
            var overloads: [Overload] = []
            for (i, signature) in signatures.enumerated() {
                let (receiver, params, result) = parse(signature)
                overloads.append(Overload(id: "\(name)_\(i)", params: params, result: result, receiver: receiver))
            }
            out[name] = FunctionDecl(name: name, overloads: overloads)
        }
        return out
    }()

    /// `[.]param, param -> result`: the parameters are split at the commas outside
    /// parentheses.
    static func parse(_ signature: String) -> (receiver: Bool, params: [CELType], result: CELType) {
        let bytes = Array(signature.utf8)
        let receiver = bytes.first == UInt8(ascii: ".")
        let start = receiver ? 1 : 0
        guard
            let arrow = (start..<max(start, bytes.count - 1)).first(where: {
                bytes[$0] == UInt8(ascii: "-") && bytes[$0 + 1] == UInt8(ascii: ">")
            })
        else { preconditionFailure("a standard signature without '->': \(signature)") }
        let params = splitTopLevel(bytes[start..<arrow]).compactMap { CELType.parse($0) }
        let result = CELType.parse(trimmed(bytes[(arrow + 2)...]))!
        return (receiver, params, result)
    }

    static func splitTopLevel(_ bytes: ArraySlice<UInt8>) -> [String] {
        var parts: [String] = []
        var depth = 0
        var from = bytes.startIndex
        for i in bytes.indices {
            switch bytes[i] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                parts.append(trimmed(bytes[from..<i]))
                from = i + 1
            default: break
            }
        }
        let last = trimmed(bytes[from...])
        if !last.isEmpty { parts.append(last) }
        return parts
    }

    /// The text without the spaces around it.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var part = bytes
        while part.first == UInt8(ascii: " ") { part = part.dropFirst() }
        while part.last == UInt8(ascii: " ") { part = part.dropLast() }
        return String(decoding: part, as: UTF8.self)
    }
}
