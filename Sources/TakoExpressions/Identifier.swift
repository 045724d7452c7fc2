/// `[A-Za-z_][A-Za-z0-9_]*`: a name CEL can select with a dot, a segment a template path
/// writes in its dotted form, an environment variable name.
public enum Identifier {
    /// Answered on the bytes: every check of it is on the hot path of lowering or planning.
    public static func isValid(_ s: String) -> Bool {
        var first = true
        for b in s.utf8 {
            let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
            guard letter || (!first && b >= 0x30 && b <= 0x39) else { return false }
            first = false
        }
        return !first
    }
}
