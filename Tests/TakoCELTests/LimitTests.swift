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
}
