import TakoCEL
import Testing

@testable import TakoExpressions

@Suite struct TakoEnvironmentTests {
    let filterEnv = TakoEnvironment.make(.filter)
    let event = TakoEnvironment.eventValues(
        type: "library_built", schemaVersion: "1.2.0", source: "acme/lib", artifact: "acme/lib:lib",
        payload: ["version": "1.4.2", "channel": "lts", "services": "Billing, checkout"])

    func bool(_ r: EvalResult?) -> Bool? {
        if case .value(.bool(let b))? = r { return b }
        return nil
    }

    func eval(_ source: String, _ env: Environment? = nil, _ values: [String: Value]? = nil) -> EvalResult? {
        (env ?? filterEnv).compile(source).program?.evaluate(values ?? event)
    }

    @Test func theLanguageMdFilterExamplesCheckAndEvaluate() {
        #expect(bool(eval("semver.major(event.payload.version) >= 1")) == true)
        #expect(bool(eval("event.payload.channel in ['stable', 'lts']")) == true)
        #expect(bool(eval("event.payload.services.split(',').exists(s, s.trim().lowerAscii() == 'billing')")) == true)
        #expect(bool(eval("payload.version == event.payload.version && event_type == 'library_built' && source == 'acme/lib'")) == true)
        #expect(bool(eval("semver.satisfies(event.payload.version, '^1.4') && semver.compare('1.2.0', '1.10.0') == -1")) == true)
    }

    @Test func typeErrorsAreFoundWhenChecking() {
        let c = filterEnv.compile("event.payload.version > 2")
        #expect(c.program == nil)
        #expect(c.renderedDiagnostics.contains("found no matching overload for '_>_' applied to '(string, int)'"))
        #expect(filterEnv.compile("event.paylod.version == ''").program == nil)
        #expect(filterEnv.compile("inputs.x == ''").program == nil)
    }

    @Test func badVersionsAreErrorsNotFalse() {
        guard case .error(let e)? = eval("semver.major('one') == 1") else {
            Issue.record("expected an error")
            return
        }
        #expect(e.message.hasPrefix("semver.major: "))
    }

    @Test func conditionsSeeTypedInputsAndStepOutputs() {
        let env = TakoEnvironment.make(
            ExpressionScope(
                inputs: [("dry", .boolean), ("retries", .number), ("name", .string)],
                steps: [("build", ["id"])], allowsEnv: true, allowsEvent: false))
        #expect(env.compile("inputs.retries > 2.0 && !inputs.dry && inputs.name != ''").program != nil)
        #expect(env.compile("inputs.retries == 'x'").program == nil)
        #expect(env.compile("steps.build.outputs.id.startsWith('a')").program != nil)
        #expect(env.compile("steps.build.outputs.nope == ''").program == nil)
        // At run time the values arrive as maps, which the object types select from.
        let values: [String: Value] = [
            "inputs": .map(
                CELMap(["dry": InputKind.boolean.value("false")!, "retries": InputKind.number.value("3")!, "name": .string("n")])),
            "steps": .map(
                CELMap(["build": .map(CELMap(["outputs": .map(CELMap(["id": .string("abc")])), "status": .string("succeeded")]))])),
            "env": .map(CELMap([:])),
        ]
        #expect(bool(eval("inputs.retries > 2.0 && !inputs.dry && steps.build.outputs.id.startsWith('a')", env, values)) == true)
    }

    @Test func unknownPayloadValuesLeaveTheFilterUndecided() throws {
        let program = try #require(filterEnv.compile("event.payload.channel == 'lts' && event.payload.id != ''").program)
        var activation = Activation(event)
        activation.markUnknown("event.payload.id")
        guard case .unknown = program.evaluate(activation) else {
            Issue.record("expected unknown")
            return
        }
        let decided = try #require(filterEnv.compile("event.payload.channel == 'stable' && event.payload.id != ''").program)
        #expect(bool(decided.evaluate(activation)) == false)
    }
}

@Suite struct SemverLibraryTests {
    @Test func versionsAreReadTheWayGoToolsWriteThem() {
        let env = TakoEnvironment.make(.filter)
        for (source, expected) in [
            ("semver.major('v2.3.4') == 2", true), ("semver.minor('1.4') == 4", true),
            ("semver.compare('1.2.0', '1.10.0') == -1", true), ("semver.satisfies('1.5.0', '[1.0.0...2.0.0)')", true),
            ("semver.satisfies('2.0.0', '^1')", false),
        ] {
            guard case .value(.bool(let b))? = env.compile(source).program?.evaluate([:]) else {
                Issue.record("\(source) did not evaluate to a bool")
                continue
            }
            #expect(b == expected, "\(source)")
        }
    }
}
