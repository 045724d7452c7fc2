// `make bench-hostile`, in-process part: how long TakoCEL takes on expressions written to
// hurt. Each line: what was measured, the best and the median CPU time of the evaluating
// thread over several rounds, and the result. Run one case per process (the script does),
// so that the peak RSS measured around the process belongs to that case alone.
//
//   cel-hostile regex   `s.matches(P)` for patterns that make backtracking engines explode,
//                       on 100,000 characters
//   cel-hostile bomb    a 100 KB string doubled 15 times (it would need 3.2 GB): refused
//                       by the cost limit

import Foundation
import TakoCEL

func cpuNow() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Best and median CPU time of `rounds` evaluations, in milliseconds, and the last result.
func measure(_ rounds: Int, _ body: () -> EvalResult) -> (best: Double, median: Double, result: EvalResult) {
    var times: [Double] = []
    var last: EvalResult = .value(.null)
    for _ in 0..<rounds {
        let t0 = cpuNow()
        last = body()
        times.append((cpuNow() - t0) * 1000)
    }
    times.sort()
    return (times[0], times[times.count / 2], last)
}

func describe(_ r: EvalResult) -> String {
    switch r {
    case .value(let v): return "\(v)"
    case .error(let e): return "error: \(e.message)"
    case .unknown(let u): return "unknown: \(u.sorted())"
    }
}

func compile(_ env: Environment, _ source: String) -> Program {
    let c = env.compile(source)
    guard let p = c.program else {
        FileHandle.standardError.write(Data("does not compile: \(source)\n\(c.renderedDiagnostics)\n".utf8))
        exit(2)
    }
    return p
}

let mode = CommandLine.arguments.dropFirst().first ?? "regex"
var env = Environment()
env.costLimit = 1_000_000  // tako's limit per evaluation (TakoExpressions)

switch mode {
case "regex":
    env.declareVariable("s", .string)
    env.declareVariable("p", .string)
    let text = String(repeating: "a", count: 100_000)
    let cases: [(String, String)] = [
        ("(a*)*b", "s.matches('(a*)*b')"),
        ("(a|aa)*c", "s.matches('(a|aa)*c')"),
        ("^(a+)+$ then !", "(s + '!').matches('^(a+)+$')"),
        ("(.*a){20}", "s.matches('(.*a){20}b')"),
        ("(a*)*b, pattern computed at run time", "s.matches(p)"),
    ]
    print("case\tbest ms\tmedian ms\tresult\t(100,000 a's, CPU time of the evaluating thread, 20 rounds)")
    for (name, source) in cases {
        let t0 = cpuNow()
        let program = compile(env, source)
        let compileMs = (cpuNow() - t0) * 1000
        let activation = Activation(["s": .string(text), "p": .string("(a*)*b")])
        let m = measure(20) { program.evaluate(activation) }
        print(
            "\(name)\t\(String(format: "%.3f", m.best))\t\(String(format: "%.3f", m.median))\t\(describe(m.result))\t(compile+check \(String(format: "%.2f", compileMs)) ms)"
        )
    }
case "bomb":
    env.declareVariable("s", .string)
    // Build the nesting inside out: d1 = s + s, d2 = d1 + d1, ..., size(d15).
    var expr = "size(d15)"
    for i in stride(from: 15, through: 1, by: -1) {
        let operand = i == 1 ? "s" : "d\(i - 1)"
        expr = "cel.bind(d\(i), \(operand) + \(operand), \(expr))"
    }
    let program = compile(env, expr)
    let activation = Activation(["s": .string(String(repeating: "x", count: 100_000))])
    let m = measure(5) { program.evaluate(activation) }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    print(
        "doubling bomb (100 KB doubled 15 times)\tbest \(String(format: "%.3f", m.best)) ms\tmedian \(String(format: "%.3f", m.median)) ms\t\(describe(m.result))\tpeak RSS \(usage.ru_maxrss / 1024) MiB"
    )
default:
    FileHandle.standardError.write(Data("usage: cel-hostile regex|bomb\n".utf8))
    exit(2)
}
