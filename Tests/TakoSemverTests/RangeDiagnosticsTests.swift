import TakoSemver
// What a user sees when a range is wrong: the message, the stable ID, and the columns
// of the offending part (1-based, half-open, in Unicode scalars).
import Testing

@Suite("Range diagnostics")
struct RangeDiagnosticsTests {
    static func error(_ text: String) -> SemverParseError? {
        if case .failure(let e) = VersionRange.parse(text) { return e }
        return nil
    }

    /// `marked` shows the expected columns with `^` under the range text.
    @Test(arguments: [
        ("^1.2.x.4", "      ^^", SemverDiagnosticID.tooManyParts),
        (">= bar", "   ^", .unexpectedCharacter),
        ("12.3.34~ 1.2.3", "       ^", .unexpectedCharacter),
        ("1.2.3 ||", "      ^^", .emptyAlternative),
        ("|| 1.2.3", "^^", .emptyAlternative),
        (">=1.0.0,", "       ^", .emptyAlternative),
        (">=", "^^", .missingVersion),
        ("^*", "^^", .caretWildcard),
        ("^x || 1.0", "^^", .caretWildcard),
        ("~0.0.0", "^^^^^^", .tildeZero),
        ("~>0.0.0-rc", "^^^^^^^^^^", .tildeZero),
        ("<=*", "^^^", .wildcardComparison),
        ("1.0.0 - x", "^^^^^^^^^", .wildcardComparison),
        ("[1.0.0...2.0.0", "              ^", .malformedInterval),
        ("[1.0.0..2.0.0)", "      ^", .malformedInterval),
        ("[1.x...2.0.0)", " ^^^", .wildcardInInterval),
        (">=1.2.3-01", "        ^^", .invalidPrerelease),
        (">=1.2.3+", "        ^", .invalidBuild),
        (">=99999999999999999999", "  ^^^^^^^^^^^^^^^^^^^^", .invalidNumber),
        ("   ", "^^^", .empty),
        ("1.0.0 -2.0.0", "      ^", .unexpectedCharacter),
        ("1.0.0 | 2.0.0", "      ^", .unexpectedCharacter),
        ("[1.0.0...2.0.0) 3", "                ^", .unexpectedCharacter),
    ])
    func pointsAtTheBadPart(_ text: String, _ marked: String, _ id: SemverDiagnosticID) throws {
        let e = try #require(Self.error(text), "'\(text)' should be rejected")
        let start = marked.firstIndex(of: "^").map { marked.distance(from: marked.startIndex, to: $0) + 1 } ?? 0
        let end = start + marked.filter { $0 == "^" }.count
        #expect(e.id == id, "\(e)")
        #expect(e.columns == start..<end, "\(e)")
        #expect(!(e.message.first?.isUppercase ?? true), "messages start lowercase")
    }

    @Test func messagesNameTheProblem() throws {
        #expect(
            Self.error("^1.2.x.4")?.description
                == "col 7: unexpected '.4' after '1.2.x'; a version has at most three numbers [semver-too-many-parts]")
        #expect(Self.error("^*")?.message.contains("only 0.0.0") == true)
        #expect(Self.error("~0.0.0")?.message.contains("every version") == true)
    }

    @Test(arguments: [
        "*", "x", "~*", ">=*", "=*", "*-0", "1.x.3", "v1.2", "01.2.3", ">= 1.2 , < 2", "=> 1.0 =< 2",
        "~> 1.2", "1.0.0 - 2.0.0 <=2.0.0", "^0.0.0", "!=1.2", "!=1.2-rc", "[1.0...2)", "(1.0.0...]",
    ])
    func acceptsTheDialect(_ text: String) {
        #expect(Self.error(text) == nil)
    }
}
