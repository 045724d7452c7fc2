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

    /// In pieces, with the runs encoded apart (takoc makes them on every core): written one
    /// after the other, the same bytes, whether the runs fill no piece, one, exactly one, or
    /// end in a short one.
    @Test(arguments: [0, 1, RunPiece.runsPerPiece, RunPiece.runsPerPiece + 1, 2 * RunPiece.runsPerPiece + 7])
    func sameInPieces(runs: Int) {
        let plan = PlanWriterTests.plan(runs: runs)
        var asked: [Range<Int>] = []
        let (sealed, pieces) = PlanFile.sealAndEncodeInPieces(plan) { pieces in
            asked = pieces.map(\.runs)
            // Made in reverse, as threads may finish: each piece's bytes depend on it alone.
            return pieces.reversed().map { $0.encoded() }.reversed()
        }
        #expect(sealed == PlanFile.seal(plan))
        #expect(pieces.reduce(Data(), +) == PlanFile.encode(PlanFile.seal(plan)))
        #expect(asked.count == (runs + RunPiece.runsPerPiece - 1) / RunPiece.runsPerPiece)
        #expect(asked.flatMap { Array($0) } == Array(0..<runs))
        // The plan before its runs, each piece of runs, the plan's end.
        #expect(pieces.count == (runs == 0 ? 1 : asked.count + 2))
    }

    @Test func aSealedPlanIsSealedAgainTheSame() {
        let once = PlanFile.seal(PlanWriterTests.plan(runs: 3))
        #expect(PlanFile.sealAndEncode(once).plan == once)
        #expect(PlanFile.sealAndEncode(once).encoded == PlanFile.encode(once))
    }
}
