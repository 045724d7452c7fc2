// Partial evaluation: variables or attribute paths marked unknown; the result is a
// value when the known part decides, otherwise the unknown attribute paths.

import TakoCEL
import Testing

@Suite("partial evaluation")
struct PartialEvaluationTests {
    func env() -> Environment {
        var env = Environment()
        env.declareVariable("steps", .map(.string, .dyn))
        env.declareVariable("event", .map(.string, .dyn))
        return env
    }

    let known = Value.map(CELMap(["name": .string("push")]))

    @Test func falseAndUnknownIsFalse() {
        let activation = Activation(["event": known], unknown: ["steps.build.outputs.version"])
        #expect(eval("event.name == 'tag' && steps.build.outputs.version == '1.0'", env(), activation).text == "bool(false)")
        #expect(eval("steps.build.outputs.version == '1.0' && event.name == 'tag'", env(), activation).text == "bool(false)")
    }

    @Test func trueOrUnknownIsTrue() {
        let activation = Activation(["event": known], unknown: ["steps.build.outputs.version"])
        #expect(eval("event.name == 'push' || steps.build.outputs.version == '1.0'", env(), activation).text == "bool(true)")
    }

    @Test func otherwiseUnknownPropagatesWithPaths() {
        let activation = Activation(["event": known], unknown: ["steps.build.outputs.version", "steps.test.outputs"])
        let r = eval(
            "event.name == 'push' && steps.build.outputs.version.startsWith('1.') && steps.test.outputs.ok == 'y'", env(), activation)
        #expect(r.text == "unknown: steps.build.outputs.version, steps.test.outputs.ok")
    }

    @Test func wholeVariableUnknown() {
        let activation = Activation(["event": known], unknown: ["steps"])
        #expect(eval("size(steps) > 0", env(), activation).text == "unknown: steps")
    }

    @Test func knownSiblingOfUnknownPathEvaluates() {
        let steps = Value.map(CELMap(["lint": .map(CELMap(["ok": .bool(true)]))]))
        let activation = Activation(["steps": steps], unknown: ["steps.build.outputs"])
        #expect(eval("steps.lint.ok", env(), activation).text == "bool(true)")
        #expect(eval("steps.build.outputs.version", env(), activation).text == "unknown: steps.build.outputs.version")
    }

    @Test func unknownWinsOverErrorButNotOverDecision() {
        let activation = Activation(["event": known], unknown: ["steps"])
        #expect(eval("1/0 == 1 || steps.x == 'a'", env(), activation).text == "unknown: steps.x")
        #expect(eval("1/0 == 1 || true", env(), activation).text == "bool(true)")
        #expect(eval("steps.x == 'a' ? 1 : 2", env(), activation).text == "unknown: steps.x")
    }

    @Test func wildcardPattern() {
        let activation = Activation(["event": known], unknown: ["steps.*.outputs"])
        #expect(eval("steps.deploy.outputs.url != ''", env(), activation).text == "unknown: steps.deploy.outputs.url")
    }

    @Test func comprehensionOverUnknown() {
        let activation = Activation(["event": known], unknown: ["steps"])
        #expect(eval("[1, 2].exists(x, x == 2) || steps.a == 'b'", env(), activation).text == "bool(true)")
        #expect(eval("[1, 2].all(x, steps.a == 'b')", env(), activation).text == "unknown: steps.a")
    }

    @Test func referencedAttributes() {
        let program = env().compile("event.name == 'x' && steps.build.outputs.version.startsWith('1.') && [1].all(s, s > 0)").program!
        #expect(program.referencedVariables == ["event", "steps"])
        #expect(program.referencedAttributes == ["event.name", "steps.build.outputs.version"])
    }
}
