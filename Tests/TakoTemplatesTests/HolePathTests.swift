import Testing

@testable import TakoTemplates

@Suite struct HolePathTests {
    @Test func segmentsOfEverySpelling() {
        #expect(HolePath.segments("inputs.version") == ["inputs", "version"])
        #expect(HolePath.segments("steps.build.outputs['image-tag']") == ["steps", "build", "outputs", "image-tag"])
        #expect(HolePath.segments(".Inputs.dry-run") == ["Inputs", "dry-run"])
        #expect(HolePath.segments("inputs.dry-run") == nil, "a dash is part of a name only in the Go tool's dotted form")
        #expect(HolePath.segments("inputs.x + 1") == nil)
        #expect(HolePath.segments("1abc") == nil)
        #expect(HolePath.segments("inputs.") == nil)
        #expect(HolePath.segments("event.payload['x") == nil)
    }

    /// The byte loop for ASCII text and the character loop for the rest give the same answers.
    @Test func asciiAndUnicodeTextAgree() {
        #expect(HolePath.segments("inputs.größe") == ["inputs", "größe"])
        #expect(HolePath.segments("event.payload['ключ']") == ["event", "payload", "ключ"])
        for text in ["a.b", ".A.b-c", "a['b'].c", "a..b", "_x.y2", "a['b']['c']", "a[b]"] {
            // The same text with a non-ASCII suffix segment takes the other loop.
            let unicode = HolePath.segments(text + ".é")
            let ascii = HolePath.segments(text + ".e")
            #expect((unicode == nil) == (ascii == nil), "\(text)")
        }
    }

    @Test func theGoToolsRootsAreRewritten() {
        #expect(HolePath.canonical(["Inputs", "x"])! == (.inputs, ["x"]))
        #expect(HolePath.canonical(["Payload", "k"])! == (.event, ["payload", "k"]))
        #expect(HolePath.canonical(["Steps", "build", "tag"])! == (.steps, ["build", "outputs", "tag"]))
        #expect(HolePath.canonical(["steps", "build", "outputs", "tag"])! == (.steps, ["build", "outputs", "tag"]))
        #expect(HolePath.canonical(["Env", "HOME"])! == (.env, ["HOME"]))
        #expect(HolePath.canonical(["input", "x"]) == nil)
    }

    @Test func aShellQuotedHoleEndsQuoted() {
        #expect(TemplatePipe.isShellQuoted([.shellQuote]))
        #expect(TemplatePipe.isShellQuoted([.json, .shellQuote]))
        #expect(TemplatePipe.isShellQuoted([.shellQuote, .lower]))
        #expect(!TemplatePipe.isShellQuoted([.shellQuote, .json]))
        #expect(!TemplatePipe.isShellQuoted([]))
    }

    @Test func holesAreLookedForOnlyWhereTwoBracesMeet() {
        #expect(TemplateSyntax.mayHaveHole("echo {{ inputs.x }}"))
        #expect(!TemplateSyntax.mayHaveHole("echo { x } {"))
        #expect(!TemplateSyntax.mayHaveHole(""))
    }
}
