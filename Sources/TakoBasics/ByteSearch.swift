#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Whether the text holds `needle`, compared as UTF-8 bytes. With Foundation imported,
    /// `String.contains(String)` goes through NSString's search, which was a measurable share
    /// of lowering when it is asked of every run command and condition (`make bench-plan`).
    public func containsBytes(_ needle: String) -> Bool {
        var text = self
        var needle = needle
        return text.withUTF8 { hay in
            needle.withUTF8 { part in
                guard !part.isEmpty else { return true }
                guard part.count <= hay.count, let hayBase = hay.baseAddress, let partBase = part.baseAddress else { return false }
                let first = part[0]
                for start in 0...(hay.count - part.count) where hay[start] == first {
                    if memcmp(hayBase + start, partBase, part.count) == 0 { return true }
                }
                return false
            }
        }
    }
}
