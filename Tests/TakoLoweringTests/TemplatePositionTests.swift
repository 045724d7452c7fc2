import TakoBasics
import Testing

@testable import TakoLowering

/// Holes are reported at their exact column in plain, quoted and block scalars.
@Suite struct TemplatePositionTests {
    func firstError(_ yaml: String) -> Diagnostic? {
        Lowering.lower(path: "t.yml", bytes: Array(yaml.utf8)).diagnostics.first { $0.severity == .error }
    }

    let head = "version: \"1\"\nworkflows:\n  w:\n    inputs: { a: { type: string } }\n    steps:\n"

    @Test func plainScalar() throws {
        let d = try #require(firstError(head + "      - run: echo {{ inputs.b }}\n"))
        #expect(d.id == .unknownInput)
        #expect(d.range?.start == SourceLocation(line: 6, column: 19))
    }

    @Test func doubleQuotedWithEscapes() throws {
        let d = try #require(firstError(head + "      - run: \"echo \\\"x\\\" {{ inputs.b }}\"\n"))
        #expect(d.range?.start == SourceLocation(line: 6, column: 26))
    }

    @Test func singleQuotedWithDoubledQuote() throws {
        let d = try #require(firstError(head + "      - run: 'it''s {{ inputs.b }}'\n"))
        #expect(d.range?.start == SourceLocation(line: 6, column: 21))
    }

    @Test func nonASCIIBeforeTheHole() throws {
        // Columns count Unicode scalars, not bytes.
        let d = try #require(firstError(head + "      - run: echo h\u{E9}llo \u{1F600} {{ inputs.b }}\n"))
        #expect(d.range?.start == SourceLocation(line: 6, column: 27))
        #expect(d.range?.end == SourceLocation(line: 6, column: 41))
    }

    @Test func nonASCIIWithEscapes() throws {
        let d = try #require(firstError(head + "      - run: \"\u{E9}\\\"x\\\" {{ inputs.b }}\"\n"))
        #expect(d.range?.start == SourceLocation(line: 6, column: 22))
    }

    @Test func literalBlock() throws {
        let d = try #require(firstError(head + "      - run: |\n          echo ok\n          echo {{ inputs.b }}\n"))
        #expect(d.range?.start == SourceLocation(line: 8, column: 16))
    }

    @Test func holesAfterMultiByteCharactersCountCharacters() throws {
        let d = try #require(firstError(head + "      - run: echo ünïcödé {{ inputs.a }} ✓ {{ inputs.b }}\n"))
        #expect(d.range?.start == SourceLocation(line: 6, column: 44))
    }

    @Test func aCELErrorInsideAHoleAfterMultiByteText() throws {
        let d = try #require(firstError(head + "      - run: echo ✓✓ {{ inputs.a + 1 }}\n"))
        #expect(d.id == .celNoMatchingOverload)
        #expect(d.range?.start == SourceLocation(line: 6, column: 34))
    }
}
