import Foundation
import Testing

@testable import TakoSemver

@Suite("Version")
struct VersionTests {
    @Test func strictParsing() throws {
        let v = try Version("1.2.3-rc.1+build.05")
        #expect(v.major == 1 && v.minor == 2 && v.patch == 3)
        #expect(v.prerelease == [.alphanumeric("rc"), .numeric(1)])
        #expect(v.build == ["build", "05"])
        #expect(v.description == "1.2.3-rc.1+build.05")
        #expect(throws: SemverParseError.self) { try Version("v1.2.3") }
        #expect(throws: SemverParseError.self) { try Version("1.2") }
        #expect(throws: SemverParseError.self) { try Version("01.2.3") }
    }

    @Test func coercingAndPartialModes() throws {
        #expect(try Version("v1.4", mode: .coercing).description == "1.4.0")
        #expect(try Version("01.1.1", mode: .coercing).description == "1.1.1")
        #expect(throws: SemverParseError.self) { try Version("01.1.1", mode: .partial) }
        #expect(try Version("1", mode: .partial).description == "1.0.0")
    }

    @Test func precedenceFollowsSemVer() throws {
        let ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0",
        ]
        let versions = try ordered.map { try Version($0) }
        #expect(versions == versions.shuffled().sorted())
        for (a, b) in zip(versions, versions.dropFirst()) { #expect(a < b) }
    }

    @Test func buildMetadataIsIgnoredForEqualityButKept() throws {
        let a = try Version("1.0.0+a"), b = try Version("1.0.0+b")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(!a.isIdentical(to: b))
        #expect(Set([a, b]).count == 1)
        #expect(a.description == "1.0.0+a")
    }

    @Test func codableRoundTrip() throws {
        let v = try Version("1.2.3-rc.1+b")
        let data = try JSONEncoder().encode([v])
        #expect(String(decoding: data, as: UTF8.self) == "[\"1.2.3-rc.1+b\"]")
        #expect(try JSONDecoder().decode([Version].self, from: data)[0].isIdentical(to: v))
    }

    @Test func errorColumns() throws {
        func error(_ text: String, _ mode: VersionParseMode = .strict) -> SemverParseError? {
            if case .failure(let e) = Version.parse(text, mode: mode) { return e }
            return nil
        }
        #expect(error("1.2.3.4")?.columns == 6..<8)
        #expect(error("1.2.3.4")?.id == .tooManyParts)
        #expect(error("1.2.3-beta.01")?.columns == 12..<14)
        #expect(error("1.2.3-")?.id == .invalidPrerelease)
        #expect(error("1.2.3 ")?.columns == 6..<7)
        #expect(error("")?.id == .empty)
    }

    @Test func semverFunctions() throws {
        #expect(try Semver.major("v2.3.4").get() == 2)
        #expect(try Semver.compare("1.2.3", "1.10.0").get() == -1)
        #expect(try Semver.satisfies("1.4.0", "^1.2").get())
        #expect(throws: SemverParseError.self) { try Semver.satisfies("1.4.0", "^1.2.x.4").get() }
    }
}
