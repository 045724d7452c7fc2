// The parser, checker and evaluator never crash: random token soups (deterministic
// seeds) compile to a program or to diagnostics, and programs evaluate to a result.

import TakoCEL
import Testing

@Suite("robustness")
struct RobustnessTests {
    struct XorShift {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    static let pieces = [
        "a", "b", ".", "(", ")", "[", "]", "{", "}", ",", ":", "?", "!", "-", "+", "*", "/", "%", "<", "<=", "==",
        "!=", "&&", "||", " in ", "1", "0u", "2.5", "'s'", "\"t\"", "b'x'", "r'\\d'", "'''m'''", "true", "null",
        "size", "has", "all", "exists", "map", "filter", "x", "`q-r`", ".?", "[?", "optional.of", "'\\u00e9'", "\\",
        "'", "\"", "`", "1e", "0x", "9223372036854775808", "timestamp('2020-01-01T00:00:00Z')", "duration('1s')",
        "int", "dyn", "cel.bind", "matches", "'[a-'", "transformMap", "i", "v", "\n", " ",
    ]

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomInputsNeverCrash(seed: UInt64) {
        var rng = XorShift(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        var env = Environment()
        env.declareVariable("a", .map(.string, .dyn))
        env.declareVariable("b", .list(.int))
        env.costLimit = 10_000
        var unchecked = env
        unchecked.checkTypes = false
        let activation = Activation(["a": ["k": 1, "l": [1, 2]], "b": [1, 2, 3]])
        var outcomes = 0
        for i in 0..<2_000 {
            var text = ""
            for _ in 0..<(Int(rng.next() % 12) + 1) { text += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
            let compilation = (i % 2 == 0 ? env : unchecked).compile(text)
            if let program = compilation.program {
                _ = program.evaluate(activation)
            } else {
                #expect(!compilation.diagnostics.isEmpty, "\(text)")
                _ = compilation.renderedDiagnostics
            }
            outcomes += 1
        }
        #expect(outcomes == 2_000)
    }
}
