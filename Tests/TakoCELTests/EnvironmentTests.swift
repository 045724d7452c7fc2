// Declarations: object types with fields, custom (namespaced) functions, containers,
// and one Program evaluated from many tasks at once.

import TakoCEL
import Testing

@Suite("environment")
struct EnvironmentTests {
    @Test func objectTypeFieldsAreChecked() {
        let env = eventEnvironment()
        let program = env.compile("event.payload.version.startsWith('1.')").program!
        #expect(program.resultType == .bool)
        let r = program.evaluate(["event": event(payload: ["version": "1.4.2"])])
        #expect(r.text == "bool(true)")
        #expect(env.compile("event.payload.version + 1").program == nil)
    }

    @Test func customNamespacedFunction() {
        let env = eventEnvironment()
        let program = env.compile("semver.major(event.payload.version) >= 1 && event.payload.channel in ['stable','lts']").program!
        #expect(program.evaluate(["event": event(payload: ["version": "2.0.0", "channel": "lts"])]).text == "bool(true)")
        #expect(program.evaluate(["event": event(payload: ["version": "x", "channel": "lts"])]).text == "error: invalid version")
        #expect(env.compile("semver.major(1)").diagnostics.first?.kind == .noMatchingOverload)
        #expect(program.referencedVariables == ["event"])
    }

    @Test func receiverStyleFunctionWithTypeParameter() {
        var env = Environment()
        env.declareFunction(
            "firstOr",
            Overload(
                id: "list_firstOr", params: [.list(.param("T")), .param("T")], result: .param("T"), receiver: true,
                implementation: .binary { list, fallback in
                    guard case .list(let items) = list else { throw CELError("no such overload") }
                    return items.first ?? fallback
                }))
        let program = env.compile("['a', 'b'].firstOr('z') + [].firstOr('y')").program
        #expect(program?.resultType == .string)
        #expect(program?.evaluate().text == "string(\"ay\")")
        #expect(
            env.compile("[1].firstOr('z')").diagnostics.first?.message
                == "found no matching overload for 'firstOr' applied to 'list(int).(string)'")
        #expect(env.compile("firstOr([1], 2)").diagnostics.first?.kind == .noMatchingOverload)
    }

    @Test func objectConstruction() {
        let env = eventEnvironment()
        let r = eval("Event{name: 'x', payload: {'a': 'b'}}.payload.a", env)
        #expect(r.text == "string(\"b\")")
        #expect(env.compile("Event{nme: 'x'}").diagnostics.first?.message == "undefined field 'nme'; did you mean 'name'?")
    }

    @Test func missingFieldIsAnError() {
        let env = eventEnvironment()
        let r = env.compile("event.payload.missing == 'x'").program!.evaluate(["event": event(payload: [:])])
        #expect(r.text == "error: no such key: 'missing'")
        let h = env.compile("has(event.payload.missing)").program!.evaluate(["event": event(payload: [:])])
        #expect(h.text == "bool(false)")
    }

    @Test func containerResolution() {
        var env = Environment(container: "com.example")
        env.declareVariable("com.example.y", .int)
        #expect(eval("y + 1", env, Activation(["com.example.y": .int(41)])).text == "int(42)")
    }

    @Test func concurrentEvaluationOfOneProgram() async {
        let env = eventEnvironment()
        let program = env.compile("event.payload.services.split(',').exists(s, s.trim().lowerAscii() == 'billing')").program!
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let services = i % 2 == 0 ? "auth, Billing ,search" : "auth,search"
                    let r = program.evaluate(["event": event(payload: ["services": services])])
                    return r.text == (i % 2 == 0 ? "bool(true)" : "bool(false)")
                }
            }
            var all: [Bool] = []
            for await ok in group { all.append(ok) }
            return all
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }

    @Test func uncheckedProgramsResolveAtRunTime() {
        var env = Environment()
        env.checkTypes = false
        #expect(eval("x.y + 1", env, Activation(["x": .map(CELMap(["y": .int(1)]))])).text == "int(2)")
        #expect(eval("x", env).text.contains("undeclared reference to 'x'"))
    }
}
