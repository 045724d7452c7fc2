import Foundation
import Testing

@testable import TakoPlanFormat

/// `PlanFile.sealAndEncode` gives what `seal` then `encode` give, with one encoding.
@Suite struct SealAndEncodeTests {
    @Test(arguments: [0, 1, 7])
    func sameAsSealThenEncode(runs: Int) {
        let plan = PlanWriterTests.plan(runs: runs)
        let (sealed, encoded) = PlanFile.sealAndEncode(plan)
        #expect(sealed == PlanFile.seal(plan))
        #expect(encoded == PlanFile.encode(PlanFile.seal(plan)))
    }

    @Test func aSealedPlanIsSealedAgainTheSame() {
        let once = PlanFile.seal(PlanWriterTests.plan(runs: 3))
        #expect(PlanFile.sealAndEncode(once).plan == once)
        #expect(PlanFile.sealAndEncode(once).encoded == PlanFile.encode(once))
    }
}
