import Testing

@testable import TakoBasics

@Suite struct DiagnosticRenderingTests {
    let file = SourceFile(path: "svc/tako.yml", text: "version: \"1\"\nworkflows:\n  build:\n    stpes: []\n")

    @Test func textHasHeaderSnippetCaretAndNote() {
        let d = Diagnostic(
            .unknownKey, "unexpected key 'stpes' in workflow; did you mean 'steps'?",
            at: SourceRange(file: "svc/tako.yml", start: .init(line: 4, column: 5), end: .init(line: 4, column: 10)),
            notes: [DiagnosticNote("workflow 'build' starts here", at: SourceRange(file: "svc/tako.yml", line: 3, column: 3))])
        let out = DiagnosticRenderer(sources: [file]).render([d], as: .text)
        #expect(
            out == """
                svc/tako.yml:4:5: error: unexpected key 'stpes' in workflow; did you mean 'steps'? [unknown-key]
                      stpes: []
                      ^~~~~
                svc/tako.yml:3:3: note: workflow 'build' starts here
                    build:
                    ^

                """)
    }

    @Test func diagnosticsSortByFileThenPositionThenSeverity() {
        let a = Diagnostic(.ignoredKey, "w", at: SourceRange(file: "b.yml", line: 1, column: 1))
        let b = Diagnostic(.unknownKey, "e", at: SourceRange(file: "a.yml", line: 9, column: 1))
        let c = Diagnostic(.unknownKey, "e2", at: SourceRange(file: "b.yml", line: 1, column: 1))
        #expect([a, b, c, b].sortedForOutput() == [b, c, a])
    }

    @Test func githubAnnotationEscapesNewlinesAndCommas() {
        let d = Diagnostic(.wrongType, "bad,\nthing", at: SourceRange(file: "a,b.yml", line: 2, column: 3))
        #expect(DiagnosticRenderer().render([d], as: .github) == "::error file=a%2Cb.yml,line=2,col=3,title=wrong-type::bad,%0Athing\n")
    }

    @Test func jsonIsVersionedAndCountsSeverities() {
        let d = Diagnostic(.shellInjection, "careful", at: SourceRange(file: "a.yml", line: 2, column: 3))
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

    /// The SARIF rules come from the catalogue: one per ID used, with its summary.
    @Test func sarifRulesAreTheCatalogueEntriesUsed() {
        let d = Diagnostic(.shellInjection, "careful", at: SourceRange(file: "a.yml", line: 2, column: 3))
        let e = Diagnostic(.unknownKey, "bad", at: SourceRange(file: "a.yml", line: 1, column: 1))
        let out = DiagnosticRenderer().render([d, e, d], as: .sarif)
        #expect(out.contains("\"text\" : \"\(DiagnosticID.shellInjection.summary)\""))
        #expect(out.contains("\"text\" : \"\(DiagnosticID.unknownKey.summary)\""))
        #expect(out.components(separatedBy: "\"shortDescription\"").count == 3)
    }

    /// An ID's severity is the catalogue's: a warning can never be made an error by its site.
    @Test func theCatalogueFixesTheSeverity() {
        #expect(Diagnostic(.shellInjection, "x", at: nil).severity == .warning)
        #expect(Diagnostic(.unknownKey, "x", at: nil).severity == .error)
        #expect(DiagnosticNote.firstDefined("steps", at: nil).message == "'steps' first defined here")
    }
}
