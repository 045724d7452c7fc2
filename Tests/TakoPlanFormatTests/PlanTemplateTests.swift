import Testing
@testable import TakoPlanFormat

@Suite struct PlanTemplateTests {
    @Test func parsesTextAndHoles() throws {
        let t = try #require(PlanTemplate(parsing: "echo {{ inputs.version }} > {{steps.build.outputs['out-file']}}!"))
        #expect(t.parts == [.text("echo "), .hole(TemplatePath(["inputs", "version"])), .text(" > "),
                            .hole(TemplatePath(["steps", "build", "outputs", "out-file"])), .text("!")])
        #expect(t.text == "echo {{ inputs.version }} > {{ steps.build.outputs['out-file'] }}!")
    }

    @Test func fillsKnownHolesAndKeepsTheRest() throws {
        let t = try #require(PlanTemplate(parsing: "a {{ inputs.x }} b {{ event.payload.v }}"))
        let filled = t.filling { $0.segments == ["inputs", "x"] ? "1" : nil }
        #expect(filled.text == "a 1 b {{ event.payload.v }}")
        #expect(filled.renderedText == nil)
        #expect(filled.filling { _ in "2" }.renderedText == "a 1 b 2")
    }

    @Test func rejectsDamagedTemplates() {
        #expect(PlanTemplate(parsing: "{{ inputs.x") == nil)
        #expect(PlanTemplate(parsing: "{{ inputs.x + 1 }}") == nil)
        #expect(PlanTemplate(parsing: "{{ }}") == nil)
        #expect(PlanTemplate(parsing: "{{ inputs. }}") == nil)
    }
}
