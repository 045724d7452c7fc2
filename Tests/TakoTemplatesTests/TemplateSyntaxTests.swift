import TakoBasics
import Testing

@testable import TakoTemplates

@Suite struct TemplateSyntaxTests {
    func pieces(_ s: String) -> [String] {
        let bytes = Array(s.utf8)
        guard case .success(let p) = TemplateSyntax.pieces(bytes) else { return ["unclosed"] }
        return p.map {
            switch $0 {
            case .text(let r): "T:" + String(decoding: bytes[r], as: UTF8.self)
            case .hole(_, let r): "H:" + String(decoding: bytes[r], as: UTF8.self)
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
        #expect(pieces("é{{ 'ü}}' }}ß") == ["T:é", "H: 'ü}}' ", "T:ß"])
    }

    @Test func pipesSplitOutsideStringsAndOr() {
        #expect(TemplateSyntax.split(hole: " a || b | upper ").expression == "a || b")
        #expect(TemplateSyntax.split(hole: " a || b | upper ").pipes == ["upper"])
        #expect(TemplateSyntax.split(hole: #"x + "|" | default("|")"#).pipes == [#"default("|")"#])
    }

    @Test func trimmingKnowsUnicodeWhitespaceAndCountsBytes() {
        let bytes = Array("\u{00A0} inputs.x \u{3000}".utf8)
        let (text, start) = TemplateSyntax.trimmed(bytes, 0..<bytes.count)
        #expect(text == "inputs.x")
        #expect(start == 3)
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
