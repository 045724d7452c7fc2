// Times parse+check (µs per filter) and evaluation (ns per call) of the benchmark
// filters over an `event` whose payload has five keys. Prints one tab-separated
// line per filter: compile µs, eval ns, result, expression. Each figure is the best
// of several rounds, to keep scheduler noise on a shared machine out.

import Foundation
import TakoCEL

let filters = [
    "event.payload.version.startsWith('1.')",
    "semver.major(event.payload.version) >= 1 && event.payload.channel in ['stable','lts']",
    "event.payload.services.split(',').exists(s, s.trim().lowerAscii() == 'billing')",
    "[1,2,3,4,5,6,7,8,9,10].map(x, x * 2).filter(x, x > 5).size() == 8",
]

var env = Environment()
env.declareType(
    ObjectType(
        name: "tako.Event",
        fields: [
            "name": .string, "repository": .string, "payload": .map(.string, .string),
        ]))
env.declareVariable("event", .object("tako.Event"))
env.declareFunction(
    "semver.major",
    Overload(
        id: "semver_major_string", params: [.string], result: .int,
        implementation: .unary { v in
            guard case .string(let s) = v else { throw CELError("no such overload") }
            var major: Int64 = 0
            for byte in s.utf8 {
                guard byte >= 48, byte <= 57 else { break }
                major = major * 10 + Int64(byte - 48)
            }
            return .int(major)
        }))

let payload: [String: Value] = [
    "version": .string("1.4.2"), "channel": .string("stable"), "services": .string("auth, Billing ,search"),
    "region": .string("eu-west-1"), "actor": .string("ci-bot"),
]
let activation = Activation([
    "event": .object(
        CELObject(
            typeName: "tako.Event",
            fields: [
                "name": .string("release"), "repository": .string("acme/api"), "payload": .map(CELMap(payload)),
            ]))
])

func now() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

@inline(never) func consume(_ v: Value) -> Bool {
    if case .bool(let b) = v { return b }
    return false
}

let rounds = 5
for source in filters {
    var bestCompile = Double.infinity
    var program: Program!
    for _ in 0..<rounds {
        let n = 2000
        let start = now()
        for _ in 0..<n { program = env.compile(source).program }
        bestCompile = min(bestCompile, Double(now() - start) / Double(n) / 1000)
    }
    guard let program else {
        print("error\t\(env.compile(source).renderedDiagnostics)")
        exit(1)
    }
    var bestEval = Double.infinity
    var trues = 0
    for _ in 0..<rounds {
        let n = 200_000
        let start = now()
        for _ in 0..<n where consume(program.evaluateValue(activation)) { trues += 1 }
        bestEval = min(bestEval, Double(now() - start) / Double(n))
    }
    let result = program.evaluate(activation)
    let shown: String
    switch result {
    case .value(.bool(let b)): shown = b ? "True" : "False"
    case .value(let v): shown = "\(v)"
    case .error(let e): shown = "error: \(e.message)"
    case .unknown: shown = "unknown"
    }
    print(String(format: "%.2f\t%.0f\t%@\t%@", bestCompile, bestEval, shown, source))
}
