// What a user sees when an expression is wrong: cel-go style messages with the
// source line and a caret, stable kinds, positions, and "did you mean".

import TakoCEL
import Testing

@Suite("diagnostics")
struct DiagnosticTests {
    @Test func noMatchingOverloadWithCaret() {
        #expect(
            errors("1 + 'a'") == """
                ERROR: <input>:1:3: found no matching overload for '_+_' applied to '(int, string)'
                 | 1 + 'a'
                 | ..^
                """)
    }

    @Test func receiverOverloadIsShownWithItsReceiver() {
        #expect(errors("1.startsWith('a')").contains("found no matching overload for 'startsWith' applied to 'int.(string)'"))
    }

    @Test func undeclaredReferenceSuggestsCloseName() {
        var env = Environment()
        env.declareVariable("event", .dyn)
        #expect(
            errors("evnt.x == 1", env) == """
                ERROR: <input>:1:1: undeclared reference to 'evnt'; did you mean 'event'?
                 | evnt.x == 1
                 | ^
                """)
    }

    @Test func unknownFieldSuggestsCloseField() {
        let env = eventEnvironment()
        let compilation = env.compile("event.naem == 'x'")
        #expect(compilation.program == nil)
        let d = compilation.diagnostics[0]
        #expect(d.message == "undefined field 'naem'; did you mean 'name'?")
        #expect(d.kind == .undefinedField)
        // At the field's name, not at the dot before it.
        #expect(d.position == SourcePosition(line: 1, column: 7, offset: 6))
    }

    @Test func unknownFunctionSuggestsCloseFunction() {
        #expect(errors("'a'.startWith('b')").contains("did you mean 'startsWith'?"))
        #expect(errors("sise([1])").contains("undeclared reference to 'sise'; did you mean 'size'?"))
        #expect(errors("[1].exist(x, x > 0)").contains("undeclared reference to 'exist'; did you mean 'exists'?"))
    }

    @Test func noSuggestionWhenNothingIsClose() {
        #expect(!errors("zzzzzz").contains("did you mean"))
    }

    @Test func positionsCountUnicodeScalarsOnLaterLines() {
        let compilation = Environment().compile("'αβγ' == 'x' &&\n  'é' + 1 == 2")
        let d = compilation.diagnostics[0]
        #expect(d.position.line == 2)
        #expect(d.position.column == 7)
        #expect(d.kind == .noMatchingOverload)
        #expect(compilation.renderedDiagnostics.hasSuffix(" |   'é' + 1 == 2\n | ......^"))
    }

    @Test func syntaxErrorsAreReportedNotThrown() {
        for source in ["1 +", "(1", "[1, 2", "{1: }", "a.", "'unterminated", "1 = 2", "a ? b", "\u{0}", "0x", "r'''x"] {
            let compilation = Environment().compile(source)
            #expect(compilation.program == nil, "\(source)")
            #expect(!compilation.diagnostics.isEmpty, "\(source)")
        }
    }

    @Test func operatorsFromOtherLanguagesGetASuggestion() {
        #expect(errors("a = 1").contains("unexpected character '='; did you mean '=='?"))
        #expect(errors("a & b").contains("did you mean '&&'?"))
        #expect(errors("true or false").contains("unexpected identifier 'or'; did you mean '||'?"))
    }

    @Test func reservedIdentifiers() {
        let d = Environment().compile("package + 1").diagnostics
        #expect(d.first?.kind == .reservedIdentifier)
    }

    @Test func messageConstructionOfUnknownType() {
        #expect(errors("Nope{a: 1}").contains("undeclared reference to 'Nope'"))
        #expect(!errors("Nope{a: 1}").contains("in container"))
        // A bare word meant as text, and not a name followed by a field.
        #expect(errors("'a' == stable").contains("undeclared reference to 'stable'; for the text stable, write it in quotes: 'stable'"))
        #expect(!errors("stable.x == 'a'").contains("quotes"))
    }

    @Test func intLiteralOutOfRange() {
        #expect(Environment().compile("9223372036854775808").diagnostics.first?.kind == .invalidLiteral)
        #expect(eval("-9223372036854775808").value.map { "\($0)" } == "int(-9223372036854775808)")
    }
}
