// Depth and cost limits: deep input is a diagnostic, not a crash; an expensive
// evaluation stops with an error.

import TakoCEL
import Testing

@Suite("limits")
struct LimitTests {
    @Test func hundredThousandNestedParentheses() {
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let compilation = Environment().compile(source)
        #expect(compilation.program == nil)
        #expect(compilation.diagnostics.count == 1)
        #expect(compilation.diagnostics.first?.kind == .nestingTooDeep)
    }

    @Test func otherDeepShapes() {
        let shapes = [
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            String(repeating: "-", count: 100_000) + "1",
            String(repeating: "!", count: 100_000) + "true",
            "a" + String(repeating: ".b", count: 100_000),
            "x" + String(repeating: "[0]", count: 100_000),
            Array(repeating: "1", count: 100_000).joined(separator: " + "),
            String(repeating: "{1: ", count: 50_000) + "1" + String(repeating: "}", count: 50_000),
            String(repeating: "f(", count: 50_000) + String(repeating: ")", count: 50_000),
            String(repeating: "true ? 1 : ", count: 50_000) + "2",
        ]
        for source in shapes {
            let compilation = Environment().compile(source)
            #expect(compilation.diagnostics.contains { $0.kind == .nestingTooDeep }, "\(source.prefix(20))")
        }
    }

    @Test func longLogicalChainsStayShallow() {
        let source = Array(repeating: "true", count: 10_000).joined(separator: " && ")
        #expect(eval(source).value.map { "\($0)" } == "bool(true)")
    }

    @Test func moderateNestingIsFine() {
        let source = String(repeating: "(", count: 200) + "7" + String(repeating: ")", count: 200)
        #expect(eval(source).value.map { "\($0)" } == "int(7)")
    }

    /// Trees just under the limit check and evaluate on a task's stack.
    @Test func deepTreesWithinTheLimitOnATask() async {
        let lists = String(repeating: "[", count: 240) + "1" + String(repeating: "]", count: 240)
        let calls = String(repeating: "size([", count: 120) + "1" + String(repeating: "])", count: 120)
        let ternaries = String(repeating: "false ? 0 : ", count: 240) + "7"
        let results = await Task.detached {
            ["size(\(lists))", calls, ternaries].map { source in eval("(\(source)) >= 1 || true").text }
        }.value
        #expect(results == ["bool(true)", "bool(true)", "bool(true)"])
    }

    @Test func costLimitStopsEvaluation() {
        var env = Environment()
        env.costLimit = 1000
        let r = eval("[1,2,3,4,5,6,7,8,9,10].map(x, [1,2,3,4,5,6,7,8,9,10].map(y, [1,2,3,4,5,6,7,8,9,10].map(z, x*y*z))).size() > 0", env)
        guard case .error(let e) = r else {
            Issue.record("expected an error, got \(r.text)")
            return
        }
        #expect(e.message.contains("cost limit exceeded"))
        // The same expression fits a larger budget.
        env.costLimit = 100_000
        #expect(eval("[1,2,3].map(x, x * 2).size() == 3", env).value.map { "\($0)" } == "bool(true)")
    }

    @Test func costLimitIsNotAbsorbedByLogic() {
        var env = Environment()
        env.costLimit = 5
        let r = eval("[1,2,3,4,5,6,7,8].all(x, x > 0) || true", env)
        guard case .error = r else {
            Issue.record("expected an error, got \(r.text)")
            return
        }
    }

    @Test func staticCostEstimate() {
        let program = Environment().compile("[1, 2, 3].map(x, x * 2)").program!
        #expect(program.costEstimate.max != nil)
        #expect(program.costEstimate.max! >= 6)
        var env = Environment()
        env.declareVariable("xs", .list(.int))
        let unbounded = env.compile("xs.all(x, x > 0)").program!
        #expect(unbounded.costEstimate.max == nil)
    }

    /// `cel.bind(d1, X + X, cel.bind(d2, d1 + d1, ... size(dN)))`: X doubled `n` times.
    static func doubling(_ operand: String, times n: Int) -> String {
        var expr = "size(d\(n))"
        for i in stride(from: n, through: 1, by: -1) {
            let x = i == 1 ? operand : "d\(i - 1)"
            expr = "cel.bind(d\(i), \(x) + \(x), \(expr))"
        }
        return expr
    }

    /// A 100 KB string doubled 15 times would need 3.2 GB: the size-based cost stops it at the
    /// limit, before the string that would cross it is built.
    @Test func doublingBombStopsAtTheCostLimit() {
        var env = Environment()
        env.costLimit = 1_000_000
        env.declareVariable("s", .string)
        let program = env.compile(Self.doubling("s", times: 15)).program!
        let r = program.evaluate(Activation(["s": .string(String(repeating: "x", count: 100_000))]))
        guard case .error(let e) = r else {
            Issue.record("expected a cost error, got \(r.text)")
            return
        }
        #expect(e.message == "operation cancelled: actual cost limit exceeded")
        // Small strings still double freely: 100 bytes 15 times is 3.2 MB in all.
        #expect(program.evaluate(Activation(["s": .string(String(repeating: "x", count: 100))])).text == "int(3276800)")
    }

    /// With the sizes known from literals the compiler refuses it before anything runs, at the
    /// `+` that crosses the limit.
    @Test func doublingBombFromALiteralIsACompileError() {
        var env = Environment()
        env.costLimit = 1_000_000
        let literal = "'" + String(repeating: "x", count: 100) + "'"
        let compilation = env.compile(Self.doubling(literal, times: 17))
        #expect(compilation.program == nil)
        #expect(compilation.diagnostics.map(\.kind) == [.costLimit])
        let message = compilation.diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("this expression costs at least 3,932,158 units"))
        #expect(message.contains("over the limit of 1,000,000 per evaluation"))
        // The caret is on the `+` of the innermost bind whose cost crosses the limit.
        let source = Self.doubling(literal, times: 17)
        let column = compilation.diagnostics.first?.position.column ?? 0
        let at = source.index(source.startIndex, offsetBy: column - 1)
        #expect(source[at...].hasPrefix("+ d"))
        // The same expression two doublings shorter fits and runs.
        #expect(eval(Self.doubling(literal, times: 15), env).text == "int(3276800)")
    }

    /// Growth by join, replace, format and list concatenation is charged before it happens.
    @Test func otherGrowthIsChargedBeforeItHappens() {
        var env = Environment()
        env.costLimit = 1_000_000
        env.declareVariable("s", .string)
        env.declareVariable("xs", .list(.string))
        let big = Activation([
            "s": .string(String(repeating: "y", count: 100_000)),
            "xs": .list(Array(repeating: .string(String(repeating: "z", count: 100_000)), count: 200)),
        ])
        for source in [
            "size(xs.join(s)) > 0",  // 200 × 100 KB + 199 × 100 KB
            "size(s.replace('y', s)) > 0",  // 100,000 × 100 KB
            "size(''.replace('', s + s + s + s + s + s + s + s + s + s + s)) > 0 && size(s.replace('', s)) > 0",
            "size('%s%s%s%s%s%s%s%s%s%s%s'.format([xs, xs, xs, xs, xs, xs, xs, xs, xs, xs, xs])) > 0",
        ] {
            let r = eval(source, env, big)
            #expect(r.text.contains("cost limit exceeded"), "\(source): \(r.text)")
        }
        // Within the limit they work as before.
        #expect(
            eval(
                "xs.join(',').size() > 0 && 'abc'.replace('b', s).size() == 100002", env,
                Activation(["s": .string(String(repeating: "y", count: 100_000)), "xs": .list(["a", "b"])])
            ).text == "bool(true)")
    }
}
