import Testing

@testable import TakoBasics
@testable import TakoLowering

/// What the renderers do with awkward input: very long lines, odd paths, notes without a place.
@Suite struct RenderingTests {
    let head = "version: \"1\"\nworkflows:\n  w:\n    inputs: { x: { type: string } }\n    steps:\n"

    @Test func aLongLineIsShownAsAWindowAroundTheCaret() {
        let yaml =
            head + "      - run: \"" + String(repeating: "echo a; ", count: 100) + "{{ inputs.y }}"
            + String(repeating: " echo b;", count: 100) + "\"\n"
        let lowered = Lowering.lower(path: "t.yml", bytes: Array(yaml.utf8))
        let text = DiagnosticRenderer(sources: [lowered.source]).render(lowered.diagnostics, as: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "t.yml:6:815: error: unknown input 'y'; did you mean 'x'? [unknown-input]")
        #expect(lines[1].hasPrefix("  … a; echo a;") && lines[1].hasSuffix("echo …"))
        #expect(lines[1].unicodeScalars.count <= 2 + DiagnosticRenderer.snippetWidth + 2)
        // The caret still sits under the hole.
        let caret = lines[2].unicodeScalars.firstIndex(of: "^").map {
            lines[2].unicodeScalars.distance(from: lines[2].unicodeScalars.startIndex, to: $0)
        }
        let hole = lines[1].range(of: "{{ inputs.y }}").map {
            lines[1].unicodeScalars.distance(from: lines[1].unicodeScalars.startIndex, to: $0.lowerBound)
        }
        #expect(caret != nil && caret == hole)
        #expect(lines[2].hasSuffix("^~~~~~~~~~~~~~"))
    }

    @Test func manyDiagnosticsOnOneHugeLineStayLinear() {
        // 3,000 scalars on one line, each with a bad hole (one scalar stops after twenty).
        let steps = Array(repeating: "\"echo {{ inputs.y }}\"", count: 3_000).joined(separator: ", ")
        let yaml = "version: \"1\"\nworkflows:\n  w:\n    inputs: { x: { type: string } }\n    steps: [" + steps + "]\n"
        let lowered = Lowering.lower(path: "t.yml", bytes: Array(yaml.utf8))
        let text = DiagnosticRenderer(sources: [lowered.source]).render(lowered.diagnostics, as: .text)
        #expect(lowered.diagnostics.count == 3_000)
        #expect(text.utf8.count < 3_000 * 700)
    }

    @Test func sarifURIsAreRelativeReferencesOrFileURIs() {
        #expect(DiagnosticRenderer.sarifURI("acme/app/tako.yml") == "acme/app/tako.yml")
        #expect(DiagnosticRenderer.sarifURI("./ci dir/tako.yml") == "ci%20dir/tako.yml")
        #expect(DiagnosticRenderer.sarifURI("/tmp/é#.yml") == "file:///tmp/%C3%A9%23.yml")
    }

    @Test func sarifGivesAnEmptyRangeOneCharacterAndKeepsPlacelessNotesInTheMessage() {
        let d = Diagnostic(
            .missingKey, "m", at: SourceRange(file: "t.yml", line: 3, column: 4),
            notes: [DiagnosticNote("no place"), DiagnosticNote("here", at: SourceRange(file: "t.yml", line: 1, column: 1))])
        let sarif = DiagnosticRenderer().render([d], as: .sarif)
        #expect(sarif.contains("\"endColumn\" : 5"))
        #expect(sarif.contains("\"text\" : \"m\\nnote: no place\""))
        #expect(sarif.contains("\"relatedLocations\""))
        #expect(sarif.contains("\"columnKind\" : \"unicodeCodePoints\""))
    }

    @Test func everyIDHasACatalogueSummary() {
        for id in DiagnosticID.allCases {
            #expect(id.summary.first?.isUppercase == false, "\(id): summaries are lowercase, like messages")
        }
    }
}
