import Testing
@testable import TakoBasics

@Suite struct TemplateSyntaxTests {
    func pieces(_ s: String) -> [String] {
        let scalars = Array(s.unicodeScalars)
        guard case .success(let p) = TemplateSyntax.pieces(scalars) else { return ["unclosed"] }
        return p.map {
            switch $0 {
            case .text(let r): "T:" + String(String.UnicodeScalarView(scalars[r]))
            case .hole(_, let r): "H:" + String(String.UnicodeScalarView(scalars[r]))
            }
        }
    }

    @Test func holesEndOutsideStrings() {
        #expect(pieces("a {{ x }} b") == ["T:a ", "H: x ", "T: b"])
        #expect(pieces(#"{{ "}}" }}"#) == [#"H: "}}" "#])
        #expect(pieces(#"{{ '\'}}' }}"#) == [#"H: '\'}}' "#])
        #expect(pieces(#"{{ r'\' }}"#) == [#"H: r'\' "#])
        #expect(pieces(#"{{ """}}""" }}x"#) == [#"H: """}}""" "#, "T:x"])
        #expect(pieces("{ {x}} {{") == ["unclosed"])
        #expect(pieces("{{ 'open }}") == ["unclosed"])
        #expect(pieces("no holes { }") == ["T:no holes { }"])
    }

    @Test func pipesSplitOutsideStringsAndOr() {
        #expect(TemplateSyntax.split(hole: " a || b | upper ").expression == "a || b")
        #expect(TemplateSyntax.split(hole: " a || b | upper ").pipes == ["upper"])
        #expect(TemplateSyntax.split(hole: #"x + "|" | default("|")"#).pipes == [#"default("|")"#])
    }

    @Test func pipesParseAndPrintBack() throws {
        for text in ["shell_quote", "json", "lower", "upper", "trim", #"default("a \"b\" \\ c")"#] {
            let pipe = try TemplatePipe.parse(text).get()
            #expect(pipe.description == text)
        }
        #expect(try TemplatePipe.parse("default('x')").get() == .default("x"))
        #expect(try TemplatePipe.parse("default ( \"x\" )").get() == .default("x"))
        #expect(throws: TemplatePipe.PipeError.self) { try TemplatePipe.parse("default(x)").get() }
        #expect(throws: TemplatePipe.PipeError.self) { try TemplatePipe.parse("default(\"a\", \"b\")").get() }
        #expect(throws: TemplatePipe.PipeError.self) { try TemplatePipe.parse("quote").get() }
    }
}
