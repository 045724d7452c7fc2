import TakoSemver
// tako's interval notation: square bracket inclusive, round exclusive, open upper end
// allowed. Prereleases follow the Masterminds rule: admitted when a bound has a tag.
import Testing

@Suite("Interval notation")
struct IntervalNotationTests {
    static func v(_ s: String) -> Version { try! Version(s) }
    static func r(_ s: String) -> VersionRange { try! VersionRange(s) }

    @Test(arguments: [
        ("[1.0.0...2.0.0)", ["1.0.0", "1.5.0", "1.99.99"], ["0.9.9", "2.0.0", "1.5.0-beta", "2.0.0-rc.1"]),
        ("(1.1.0...2.0.0]", ["1.1.1", "2.0.0"], ["1.1.0", "2.0.1", "1.2.0-rc"]),
        ("[1.0.0...]", ["1.0.0", "99.0.0"], ["0.9.9", "1.0.1-rc"]),
        ("[1.0.0...)", ["1.0.0", "99.0.0"], ["0.9.9"]),
        ("[1.0.0-0...2.0.0)", ["1.0.0-0", "1.5.0-beta", "2.0.0-rc.1", "1.0.0"], ["0.9.9", "2.0.0"]),
        ("(1.0.0...2.0.0-0)", ["1.0.1", "1.0.1-rc", "1.9.9"], ["1.0.0", "2.0.0-0", "2.0.0"]),
        ("[ 1.0 ... 2 )", ["1.0.0", "1.9.0"], ["2.0.0"]),
        ("[1.0.0...1.0.0]", ["1.0.0", "1.0.0+build"], ["1.0.1", "1.0.0-rc"]),
        ("[1.0.0...2.0.0) || [3.0.0...]", ["1.2.0", "3.1.0"], ["2.5.0"]),
        ("[1.0.0...2.0.0) || ^3.1", ["1.2.0", "3.1.0"], ["3.0.0", "4.0.0"]),
    ])
    func membership(_ range: String, _ inside: [String], _ outside: [String]) {
        let rg = Self.r(range)
        for s in inside { #expect(rg.contains(Self.v(s)), "\(range) should contain \(s)") }
        for s in outside { #expect(!rg.contains(Self.v(s)), "\(range) should not contain \(s)") }
    }

    @Test(arguments: [
        ("[1.0.0...2.0.0)", ">=1.0.0 <2.0.0"),
        ("(1.1.0...2.0.0]", ">1.1.0, <=2.0.0"),
        ("[1.0.0...]", ">=1.0.0"),
        ("[1.2.3...2.0.0)", "^1.2.3"),
        ("[1.2.0...1.3.0)", "~1.2"),
        ("[1.0.0-rc.1...2.0.0)", ">=1.0.0-rc.1 <2.0.0"),
    ])
    func sameSetAsMasterminds(_ interval: String, _ constraint: String) {
        #expect(Self.r(interval) == Self.r(constraint))
    }

    @Test func reversedBoundsGiveAnEmptyRange() {
        #expect(Self.r("[2.0.0...1.0.0]").isEmpty)
        #expect(Self.r("(1.0.0...1.0.0]").isEmpty)
        #expect(Self.r("[1.0.0...1.0.0)").isEmpty)
        #expect(!Self.r("[1.0.0...1.0.0]").isEmpty)
    }

    @Test func syntaxKeepsTheBounds() throws {
        let rg = Self.r("(1.1.0...2.0.0]")
        guard case .interval(let i) = rg.syntax.alternatives[0] else { Issue.record("not an interval"); return }
        #expect(!i.lowerInclusive && i.upperInclusive)
        #expect(i.lower == Self.v("1.1.0") && i.upper == Self.v("2.0.0"))
        #expect(i.columns == 1..<16)
        #expect(rg.syntax.sourceText == "(1.1.0...2.0.0]")
    }
}
