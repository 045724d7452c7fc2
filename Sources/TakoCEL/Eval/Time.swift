// Timestamp and duration values: seconds plus nanoseconds, with the ranges of
// google.protobuf.Timestamp (years 1 to 9999) and Duration (±10,000 years).

import Foundation

/// A point in time: seconds since the Unix epoch and nanoseconds (0...999,999,999).
public struct CELTimestamp: Sendable, Hashable, Comparable {
    public var seconds: Int64
    public var nanos: Int32

    public static let minSeconds: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
    public static let maxSeconds: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z

    public init?(seconds: Int64, nanos: Int32 = 0) {
        var s = seconds
        var n = nanos
        if n < 0 { s -= 1; n += 1_000_000_000 }
        guard s >= CELTimestamp.minSeconds, s <= CELTimestamp.maxSeconds else { return nil }
        self.seconds = s
        self.nanos = n
    }

    public static func < (a: CELTimestamp, b: CELTimestamp) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }

    /// RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits.
    public var description: String {
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = civilFromDays(days)
        let text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
            Int(secondOfDay / 3600), Int(secondOfDay % 3600 / 60), Int(secondOfDay % 60))
        return text + fractionText(nanos) + "Z"
    }
}

/// A signed span of time: seconds and nanoseconds with the same sign.
public struct CELDuration: Sendable, Hashable, Comparable {
    public var seconds: Int64
    public var nanos: Int32

    public static let maxSeconds: Int64 = 315_576_000_000

    public init?(seconds: Int64, nanos: Int64 = 0) {
        var s = seconds.addingReportingOverflow(nanos / 1_000_000_000)
        if s.overflow { return nil }
        var n = nanos % 1_000_000_000
        if s.partialValue > 0 && n < 0 { s.partialValue -= 1; n += 1_000_000_000 }
        if s.partialValue < 0 && n > 0 { s.partialValue += 1; n -= 1_000_000_000 }
        guard abs(s.partialValue) <= CELDuration.maxSeconds else { return nil }
        self.seconds = s.partialValue
        self.nanos = Int32(n)
    }

    public init?(totalNanos: Int64) {
        self.init(seconds: totalNanos / 1_000_000_000, nanos: totalNanos % 1_000_000_000)
    }

    public static func < (a: CELDuration, b: CELDuration) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }

    /// The proto-JSON form: `1.5s`, `-0.000000001s`, `3600s`.
    public var description: String {
        let negative = seconds < 0 || nanos < 0
        let text = "\(abs(seconds))" + fractionText(abs(nanos))
        return (negative ? "-" : "") + text + "s"
    }
}

func fractionText(_ nanos: Int32) -> String {
    if nanos == 0 { return "" }
    if nanos % 1_000_000 == 0 { return String(format: ".%03d", nanos / 1_000_000) }
    if nanos % 1_000 == 0 { return String(format: ".%06d", nanos / 1_000) }
    return String(format: ".%09d", nanos)
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = floorDiv(z, 146_097)
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
}

/// (year, month, day) → days since 1970-01-01.
func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
    let y = m <= 2 ? y0 - 1 : y0
    let era = floorDiv(y, 400)
    let yoe = y - era * 400
    let mp = m > 2 ? m - 3 : m + 9
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}
