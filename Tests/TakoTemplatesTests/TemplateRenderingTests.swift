import TakoBasics
import TakoCEL
import TakoExpressions
import Testing

@testable import TakoTemplates

@Suite struct TemplateRenderingTests {
    func render(_ v: Value?, _ pipes: [TemplatePipe]) -> String? { try? TemplateRendering.render(v, pipes: pipes).get() }

    @Test func valuesWithoutPipes() {
        #expect(render(.string("x"), []) == "x")
        #expect(render(.bool(true), []) == "true")
        #expect(render(.int(-3), []) == "-3")
        #expect(render(.double(2.5), []) == "2.5")
        #expect(render(.double(4), []) == "4")
        #expect(render(.null, []) == nil)
        #expect(render(.list([.string("a")]), []) == nil)
        #expect(render(nil, []) == nil)
    }

    @Test func pipesApplyLeftToRight() {
        #expect(render(.string("  Hi "), [.trim, .upper]) == "HI")
        #expect(render(.string("ÉTÉ"), [.lower]) == "été")
        #expect(render(.string("it's $(rm -rf /)"), [.shellQuote]) == "'it'\\''s $(rm -rf /)'")
        #expect(render(.string(""), [.shellQuote]) == "''")
        #expect(render(nil, [.default("d")]) == "d")
        #expect(render(.string(""), [.default("d")]) == "d")
        #expect(render(.null, [.default("d"), .upper]) == "D")
        #expect(render(.string("x"), [.default("d")]) == "x")
        #expect(render(.list([.string("a\n\"b\""), .int(1), .bool(false), .null]), [.json]) == #"["a\n\"b\"",1,false,null]"#)
        #expect(render(.map(CELMap(["k": .double(1.5)])), [.json, .shellQuote]) == #"'{"k":1.5}'"#)
        #expect(render(.double(.nan), [.json]) == nil)
    }

    @Test func aMissingKeyIsWhatDefaultReplaces() throws {
        let program = try #require(TakoEnvironment.evaluation.compile("event.payload.nope").program)
        let result = program.evaluate(["event": .map(CELMap(["payload": .map(CELMap([:]))]))])
        #expect(try TemplateRendering.render(result, pipes: [.default("x")]).get() == "x")
        #expect(throws: TemplateRendering.Failure.self) { try TemplateRendering.render(result, pipes: []).get() }
        let division = try #require(TakoEnvironment.evaluation.compile("1 / 0").program).evaluate([:])
        #expect(throws: TemplateRendering.Failure.self) { try TemplateRendering.render(division, pipes: [.default("x")]).get() }
    }

    @Test func theCompilerKnowsWhichTypesHaveText() {
        #expect(TemplateRendering.check(.string, pipes: []) == nil)
        #expect(TemplateRendering.check(.dyn, pipes: [.upper]) == nil)
        #expect(TemplateRendering.check(.list(.string), pipes: []) != nil)
        #expect(TemplateRendering.check(.list(.string), pipes: [.json, .shellQuote]) == nil)
        #expect(TemplateRendering.check(.map(.string, .int), pipes: [.trim]) != nil)
    }
}
