// Helpers: compile-and-evaluate in one call, and a tiny event environment.

import TakoCEL

func eval(_ source: String, _ env: Environment = Environment(), _ activation: Activation = Activation()) -> EvalResult {
    let compilation = env.compile(source)
    guard let program = compilation.program else {
        return .error(CELError("compile: " + compilation.renderedDiagnostics))
    }
    return program.evaluate(activation)
}

func errors(_ source: String, _ env: Environment = Environment()) -> String {
    env.compile(source).renderedDiagnostics
}

/// An environment with `event` of a declared `Event` type whose payload is a string map.
func eventEnvironment() -> Environment {
    var env = Environment()
    env.declareType(
        ObjectType(
            name: "Event",
            fields: [
                "name": .string, "repository": .string, "payload": .map(.string, .string),
            ]))
    env.declareVariable("event", .object("Event"))
    env.declareFunction(
        "semver.major",
        Overload(
            id: "semver_major_string", params: [.string], result: .int,
            implementation: .unary { v in
                guard case .string(let s) = v, let major = Int64(s.split(separator: ".").first ?? "") else {
                    throw CELError("invalid version")
                }
                return .int(major)
            }))
    return env
}

func event(payload: [String: String]) -> Value {
    .object(
        CELObject(
            typeName: "Event",
            fields: [
                "name": .string("release"), "repository": .string("acme/api"),
                "payload": .map(CELMap(payload.mapValues { Value.string($0) })),
            ]))
}

extension EvalResult {
    var text: String {
        switch self {
        case .value(let v): return "\(v)"
        case .error(let e): return "error: \(e.message)"
        case .unknown(let u): return "unknown: \(u.sorted().joined(separator: ", "))"
        }
    }
}
