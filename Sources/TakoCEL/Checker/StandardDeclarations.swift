// Signatures of the standard functions, for the checker. Written compactly: each

import Foundation

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

    static let declarations: [String: FunctionDecl] = {
        var out: [String: FunctionDecl] = [:]
        for (name, signatures) in table {
            var overloads: [Overload] = []
            for (i, signature) in signatures.enumerated() {
                var text = signature
                let receiver = text.hasPrefix(".")
                if receiver { text.removeFirst() }
                let parts = text.components(separatedBy: "->")
                let params = splitTopLevel(parts[0]).compactMap { CELType.parse($0) }
                let result = CELType.parse(parts[1].trimmingCharacters(in: .whitespaces))!
                overloads.append(Overload(id: "\(name)_\(i)", params: params, result: result, receiver: receiver))
            }
            out[name] = FunctionDecl(name: name, overloads: overloads)
        }
        return out
    }()

    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for c in text {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if c == ",", depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { parts.append(last) }
        return parts
    }
}
