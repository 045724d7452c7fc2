/// The quantities of Kubernetes resource requests, as a step's `resources` and
/// `tako exec --cpus/--memory` write them.
public enum ResourceQuantity {
    /// A Kubernetes CPU quantity: a number of cores (`2`, `0.5`) or millicores (`500m`).
    public static func cpuMillis(_ text: String) -> Int? {
        if text.hasSuffix("m") {
            guard let n = Int(text.dropLast()), n >= 0 else { return nil }
            return n
        }
        guard let d = Double(text), d.isFinite, d >= 0, d <= 1_000_000, !text.contains("e"), !text.contains("E") else { return nil }
        return Int((d * 1000).rounded())
    }

    /// A Kubernetes memory quantity: bytes, or a whole number with a binary (`Ki`, `Mi`,
    /// `Gi`, `Ti`, `Pi`) or decimal (`k`, `M`, `G`, `T`, `P`) suffix.
    public static func memoryBytes(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40), ("Pi", 1 << 50),
            ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
            ("P", 1_000_000_000_000_000),
        ]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let n = Int(text.dropLast(suffix.count)), n >= 0 else { return nil }
            let (bytes, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : bytes
        }
        guard let n = Int(text), n >= 0 else { return nil }
        return n
    }
}
