import TakoBasics
import Testing

/// `containsBytes` answers as `String.contains` does, byte for byte.
@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("echo $X | sh -c", "-c", true),
        ("eval \"$CMD\"", "eval", true),
        ("evaluate", "eval", true),
        ("ev", "eval", false),
        ("", "", true),
        ("", "a", false),
        ("abc", "", true),
        ("${{ inputs.a }}", "${{", true),
        ("$ {{", "${{", false),
        ("héllo wörld", "ö", true),
        ("héllo", "e", false),
        ("aaab", "aab", true),
    ])
    func findsWhatContainsFinds(_ text: String, _ needle: String, _ expected: Bool) {
        #expect(text.containsBytes(needle) == expected)
    }
}
