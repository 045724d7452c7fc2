import TakoBasics

/// A value with the place in the file where the user wrote it.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// A duration written as `90s`, `5m`, `2h` or `1h30m`.
public struct DurationValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// Parses `[0-9]+(h|m|s)` groups in decreasing unit order; nil otherwise.
    public init?(parsing text: String) {
        var total = 0, number = 0, sawDigit = false, lastUnit = Int.max
        for c in text {
            if let d = c.wholeNumberValue, c.isASCII {
                number = number &* 10 &+ d
                sawDigit = true
                guard number < 1_000_000_000 else { return nil }
            } else {
                let unit: Int
                switch c {
                case "h": unit = 3600
                case "m": unit = 60
                case "s": unit = 1
                default: return nil
                }
                guard sawDigit, unit < lastUnit else { return nil }
                total += number * unit
                number = 0
                sawDigit = false
                lastUnit = unit
            }
        }
        guard !sawDigit, lastUnit != Int.max else { return nil }
        self.seconds = total
    }

    public static func < (a: DurationValue, b: DurationValue) -> Bool { a.seconds < b.seconds }

    public var description: String {
        var s = seconds, out = ""
        if s >= 3600 { out += "\(s / 3600)h"; s %= 3600 }
        if s >= 60 { out += "\(s / 60)m"; s %= 60 }
        if s > 0 || out.isEmpty { out += "\(s)s" }
        return out
    }
}

/// Name rules of language.md §1.
public enum NameRules {
    /// Artifacts, workflows, inputs, step ids, outputs: `[A-Za-z][A-Za-z0-9_-]*`.
    public static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCIILetter else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == "-" }
    }

    /// Event types: `[a-z][a-z0-9_]*`.
    public static func isEventType(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0.isASCIIDigit || $0 == "_" }
    }

    /// `owner/repo`, each part `[A-Za-z0-9._-]+` and not `.` or `..`.
    public static func isRepoName(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty && part != "." && part != ".."
                    && part.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "." || $0 == "_" || $0 == "-" }
            }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
