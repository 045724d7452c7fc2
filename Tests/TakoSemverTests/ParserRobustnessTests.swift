import TakoSemver
// Random strings over the dialect's alphabet: the parsers never trap, every error
// points inside (or just past) the string, and whatever parses round-trips through its
// canonical form.
import TakoTestSupport
import Testing

@Suite("Parser robustness")
struct ParserRobustnessTests {
    static let alphabet: [Character] = Array("0123456789..xX*vV-+^~=!<>|,[]() \tabé")

    @Test func randomInputNeverTraps() throws {
        var g = SplitMix64(seed: 7)
        var parsed = 0
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...14, using: &g)
            let text = String((0..<n).map { _ in Self.alphabet.randomElement(using: &g)! })
            let scalars = text.unicodeScalars.count
            switch VersionRange.parse(text) {
            case .success(let r):
                parsed += 1
                let back = try VersionRange(r.canonical)
                #expect(back == r, "'\(text)' → '\(r.canonical)'")
            case .failure(let e):
                #expect(e.columns.lowerBound >= 1 && e.columns.upperBound <= scalars + 2, "'\(text)': \(e)")
                #expect(e.columns.lowerBound < e.columns.upperBound)
            }
            for mode in VersionParseMode.allCases {
                if case .failure(let e) = Version.parse(text, mode: mode) {
                    #expect(e.columns.lowerBound >= 1 && e.columns.upperBound <= scalars + 2, "'\(text)': \(e)")
                }
            }
        }
        #expect(parsed > 100)
    }
}
