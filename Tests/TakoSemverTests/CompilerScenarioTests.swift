import TakoSemver
// The questions the tako compiler asks about subscriptions, as it will ask them: an
// empty range, a declared schema version outside the range, a publisher range that is
// disjoint from or only partly inside the subscription's, and the CEL functions.
import Testing

@Suite("Compiler scenarios")
struct CompilerScenarioTests {
    static func r(_ s: String) -> VersionRange { try! VersionRange(s) }
    static func v(_ s: String) -> Version { try! Version(s) }

    @Test func emptyRangesAreDetected() {
        #expect(Self.r(">=2.0.0 <1.0.0").isEmpty)
        #expect(Self.r(">=2.0.0, <1.0.0 || >3 <2").isEmpty)
        #expect(Self.r("^1.2.3 <1.0.0").isEmpty)
        #expect(Self.r("=1.2.3 !=1.2.3").isEmpty)
        #expect(!Self.r(">=1.0.0-0 <1.0.0").isEmpty)  // the prereleases of 1.0.0
        #expect(Self.r(">1.0.0 <1.0.1").isEmpty)  // no release between, none admitted
        #expect(!Self.r(">1.0.0 <1.0.1-rc").isEmpty)  // 1.0.1-0 ... admitted
    }

    @Test func declaredVersionOutsideTheSubscription() {
        let sub = Self.r("^1.2.0")
        #expect(sub.contains(Self.v("1.4.2")))
        #expect(!sub.contains(Self.v("2.0.0")))
        #expect(!sub.contains(Self.v("1.3.0-rc.1")))  // no prerelease in the range
        #expect(Self.r("^1.2.0-0").contains(Self.v("1.3.0-rc.1")))
    }

    @Test func disjointAndPartialOverlap() {
        let publisher = Self.r(">=2.0.0 <2.5.0")
        #expect(!Self.r("^1.2").intersects(publisher))
        let partial = Self.r(">=2.2.0 <3.0.0")
        #expect(partial.intersects(publisher) && !publisher.isSubset(of: partial))
        #expect(publisher.example(notIn: partial) == Self.v("2.0.0"))
        let upper = Self.r("<2.1.0")
        #expect(publisher.example(notIn: upper) == Self.v("2.1.0"))
        #expect(publisher.example(notIn: Self.r("^2")) == nil)
        // Only prereleases outside: the witness is a prerelease.
        let pre = Self.r(">=2.0.0-0 <2.1.0")
        #expect(pre.example(notIn: Self.r(">=2.0.0 <2.1.0")) == Self.v("2.0.0-0"))
    }

    @Test func diagnosticColumnsMapIntoTheFile() throws {
        // schema_version: "^1.2.x.4" — the string starts at column 23 of its line.
        let e = try #require(VersionRange.parse("^1.2.x.4").failureValue)
        let stringColumn = 23
        #expect(e.columns.lowerBound + stringColumn - 1 == 29)
    }

    @Test func celFunctionsOverStrings() throws {
        #expect(try Semver.minor("1.4").get() == 4)
        #expect(try Semver.patch("v1.2.3-rc.1+b").get() == 3)
        #expect(try Semver.compare("1.0.0-rc.1", "1.0.0").get() == -1)
        #expect(try Semver.compare("1.0.0+a", "1.0.0+b").get() == 0)
        #expect(try !Semver.satisfies("2.0.0", ">=1.0, <2").get())
        #expect(try Semver.satisfies("1.5.0", "[1.0.0...2.0.0)").get())
        if case .failure(let e) = Semver.major("one") { #expect(e.id == .unexpectedCharacter) } else { Issue.record("accepted 'one'") }
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let e) = self { return e } else { return nil } }
}
