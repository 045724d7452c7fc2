import Foundation
import Testing

@testable import TakoPlanFormat

/// Where a file stops being JSON, for `tako exec` on a damaged or hand-edited plan.
@Suite struct JSONSyntaxTests {
    static func error(_ text: String) -> JSONSyntaxError? { JSONSyntax.firstError(in: Array(text.utf8)) }

    @Test func validJSONHasNoError() throws {
        for text in ["{}", "[]", " 0 ", "-1.5e+3", "\"a\\u00e9\\n\"", "true", "null", "{\"a\": [1, {\"b\": false}], \"c\": \"ü\"}\n"] {
            #expect(Self.error(text) == nil, "\(text)")
        }
        let plan = PlanFile.encode(PlanFileTests.samplePlan())
        #expect(JSONSyntax.firstError(in: [UInt8](plan)) == nil)
    }

    @Test func theFirstProblemIsPlacedByLineAndColumn() {
        #expect(
            Self.error("{\n  \"a\" 1\n}") == JSONSyntaxError(line: 2, column: 7, message: "expected ':' after the member name, found '1'"))
        #expect(
            Self.error("[1, 2,]")
                == JSONSyntaxError(
                    line: 1, column: 7, message: "expected another element after ',', found ']' (JSON allows no trailing comma)"))
        #expect(
            Self.error("{\"a\": \"é")
                == JSONSyntaxError(line: 1, column: 9, message: "expected '\"' to close the string, found the end of the file"))
        #expect(
            Self.error("")
                == JSONSyntaxError(
                    line: 1, column: 1,
                    message: "expected a value (an object, array, string, number, true, false or null), found the end of the file"))
        #expect(Self.error("{} x")?.message == "expected the end of the file after the value, found 'x'")
        #expect(Self.error("01")?.message == "a number with a leading zero, which JSON does not allow")
        #expect(Self.error("\"a\tb\"")?.message.hasPrefix("expected '\"' to close the string, found a control character") == true)
        #expect(Self.error("[\"\\x\"]")?.column == 4)
        #expect(Self.error("[tru]")?.message == "expected 'true', found ']'")
        #expect(Self.error("[\"\u{FF}\"]") == nil)
        #expect(
            JSONSyntax.firstError(in: [0x5B, 0x22, 0xFF, 0x22, 0x5D])?.message
                == "a byte that is not UTF-8 in a string; the file must be UTF-8 text")
    }

    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(Self.error(deep)?.message.hasPrefix("arrays and objects nested more than") == true)
    }

    @Test func aPlanThatIsNotJSONSaysWhere() {
        #expect(throws: PlanFormatError.notJSON(line: 2, column: 1, problem: "expected ',' or '}' after the member, found '\"'")) {
            try PlanFile.decode(Data("{\"format_version\": \"1.0\"\n\"runs\": []}".utf8))
        }
        #expect(PlanFormatError.notJSON(line: 2, column: 1, problem: "x").position! == (2, 1))
    }
}
