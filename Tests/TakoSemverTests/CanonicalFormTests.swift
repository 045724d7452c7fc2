import TakoSemver
// The canonical printed form: one string per set, in the Masterminds dialect, parsing
// back to the same set. Releases-only runs print without tags; runs that admit
// prereleases always start at a prerelease so the group mentions one.
import Testing

@Suite("Canonical form")
struct CanonicalFormTests {
    @Test(arguments: [
        ("^1.2.3", ">=1.2.3 <2.0.0"),
        ("~1.2", ">=1.2.0 <1.3.0"),
        ("1.x", ">=1.0.0 <2.0.0"),
        ("1.2.3", "=1.2.3"),
        ("*", "*"),
        (">=0.0.0", "*"),
        ("<2", "<2.0.0"),
        ("<=1.1", "<1.2.0"),
        (">1.1", ">=1.2.0"),
        ("^0.2.3", ">=0.2.3 <0.3.0"),
        ("^0.0.3", "=0.0.3"),
        ("^0", "<1.0.0"),
        ("1.0.0 - 1.4.0", ">=1.0.0 <1.4.1"),
        ("1.0 - 1.4", ">=1.0.0 <1.5.0"),
        (">=1.0.0 <2.0.0 || >=1.5.0 <3.0.0", ">=1.0.0 <3.0.0"),
        (">=1.0.0 <2.0.0 || >=2.0.0 <3.0.0", ">=1.0.0 <3.0.0"),
        (">=2.0.0 <1.0.0", "<0.0.0"),
        ("!=1.2.3", "<1.2.3 || >=1.2.4"),
        ("^1.2.3-beta.2", ">=1.2.3-beta.2 <2.0.0-0"),
        (">=1.0.0-0 <=2.0.0", ">=1.0.0-0 <=2.0.0"),
        ("*-0", ">=0.0.0-0"),
        (">=1.0.0-rc.1 <1.0.0", ">=1.0.0-rc.1 <1.0.0"),
        ("[1.0.0...2.0.0)", ">=1.0.0 <2.0.0"),
        ("(1.1.0...2.0.0]", ">=1.1.1 <2.0.1"),
        ("[1.0.0-rc...2.0.0]", ">=1.0.0-rc <=2.0.0"),
        (">=1.0.0-0 !=1.5.0", ">=1.0.0-0 <1.5.0 || >=1.5.1-0"),
        (">=1.0.0-0 <2.0.0-0 !=1.2", ">=1.0.0-0 <1.2.0-0 || >=1.2.0-0 <1.3.0-0 !=1.2 || >=1.3.0-0 <2.0.0-0"),
        (">=4.0.0-0 <5.0.0-0 !=4.1-alpha", ">=4.0.0-0 <4.1.0-0 || >=4.1.0-0 <4.2.0-0 !=4.1-alpha || >=4.2.0-0 <5.0.0-0"),
    ])
    func prints(_ text: String, _ canonical: String) throws {
        let r = try VersionRange(text)
        #expect(r.canonical == canonical)
        let back = try VersionRange(r.canonical)
        #expect(back == r)
        #expect(back.canonical == canonical)
    }

    @Test func equalSetsCompareEqualWhateverTheSpelling() throws {
        let spellings = ["^1.2", "~1.2 || ~1.3 || >=1.4.0 <2.0.0", ">=1.2, <2", "[1.2.0...2.0.0)", "1.2.0 - 1"]
        let ranges = try spellings.map { try VersionRange($0) }
        #expect(Set(ranges).count == 1)
        #expect(Set(ranges.map(\.canonical)).count == 1)
    }

    @Test func syntaxKeepsTheMastermindsStringForm() throws {
        #expect(try VersionRange("2.x,   >=1.2.3 || >4.5.6, < 5.7").syntax.sourceText == "2.x >=1.2.3 || >4.5.6 <5.7")
        #expect(try VersionRange("=> 1.0").syntax.sourceText == "=>1.0")
    }
}
