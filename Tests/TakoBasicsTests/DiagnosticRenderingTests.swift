import Testing
@testable import TakoBasics

@Suite struct DiagnosticRenderingTests {
    let file = SourceFile(path: "svc/tako.yml", text: "version: \"1\"\nworkflows:\n  build:\n    stpes: []\n")

    @Test func textHasHeaderSnippetCaretAndNote() {
        let d = Diagnostic.error("unknown-key", "unexpected key 'stpes' in workflow; did you mean 'steps'?",
                                 at: SourceRange(file: "svc/tako.yml", start: .init(line: 4, column: 5), end: .init(line: 4, column: 10)),
                                 notes: [DiagnosticNote("workflow 'build' starts here", at: SourceRange(file: "svc/tako.yml", line: 3, column: 3))])
        let out = DiagnosticRenderer(sources: [file]).render([d], as: .text)
        #expect(out == """
            svc/tako.yml:4:5: error: unexpected key 'stpes' in workflow; did you mean 'steps'? [unknown-key]
                  stpes: []
                  ^~~~~
            svc/tako.yml:3:3: note: workflow 'build' starts here
                build:
                ^

            """)
    }

    @Test func diagnosticsSortByFileThenPositionThenSeverity() {
        let a = Diagnostic.warning("w", "w", at: SourceRange(file: "b.yml", line: 1, column: 1))
        let b = Diagnostic.error("e", "e", at: SourceRange(file: "a.yml", line: 9, column: 1))
        let c = Diagnostic.error("e", "e2", at: SourceRange(file: "b.yml", line: 1, column: 1))
        #expect([a, b, c, b].sortedForOutput() == [b, c, a])
    }

    @Test func githubAnnotationEscapesNewlinesAndCommas() {
        let d = Diagnostic.error("x-id", "bad,\nthing", at: SourceRange(file: "a,b.yml", line: 2, column: 3))
        #expect(DiagnosticRenderer().render([d], as: .github) == "::error file=a%2Cb.yml,line=2,col=3,title=x-id::bad,%0Athing\n")
    }

    @Test func jsonIsVersionedAndCountsSeverities() {
        let d = Diagnostic.warning("w-id", "careful", at: SourceRange(file: "a.yml", line: 2, column: 3))
        let out = DiagnosticRenderer().render([d], as: .json)
        #expect(out.contains("\"format_version\" : \"1\""))
        #expect(out.contains("\"warnings\" : 1"))
        #expect(out.contains("\"errors\" : 0"))
    }

    @Test func suggestionsPickClosestWithinTwoEdits() {
        #expect(Suggestions.closest(to: "stpes", in: ["steps", "inputs", "env"]) == "steps")
        #expect(Suggestions.closest(to: "zzzzzz", in: ["steps"]) == nil)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
    }
}
