// Time: parsing of RFC 3339 timestamps and Go-style duration strings, and the
// timestamp and duration accessors (getFullYear ... getMilliseconds) with an optional
// time zone: an IANA name or a fixed offset such as `-02:30`.

import Foundation

enum TimeParsing {
    /// `2009-02-13T23:31:30Z`, `...30.123+01:00`. Years 0001 to 9999.
    static func timestamp(_ text: String) -> CELTimestamp? {
        // Leading and trailing whitespace is ignored, as cel-cpp does.
        let b = Array(Conversions.trimmed(text).utf8)
        var i = 0
        /// Exactly `digits` digits, or (when `flexible`) one to `digits` digits.
        func number(_ digits: Int, flexible: Bool = false) -> Int64? {
            var n: Int64 = 0
            var count = 0
            while count < digits, i < b.count, b[i] >= 48, b[i] <= 57 {
                n = n * 10 + Int64(b[i] - 48)
                i += 1
                count += 1
            }
            return count == digits || (flexible && count > 0) ? n : nil
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c || (c == 84 && b[i] == 116) else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2, flexible: true), expect(45),
            let day = number(2, flexible: true), expect(84), let hour = number(2, flexible: true), expect(58),
            let minute = number(2, flexible: true), expect(58), let second = number(2, flexible: true)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1, (1...12).contains(month), day >= 1, day <= monthDays[Int(month - 1)],
            hour < 24, minute < 60, second < 61
        else { return nil }
        var nanos: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offset: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let sign: Int64 = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = number(2), expect(58), let om = number(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return CELTimestamp(seconds: seconds, nanos: Int32(nanos))
    }

    /// Go's duration syntax: optional sign, then one or more `<decimal><unit>` with
    /// units `h m s ms us µs ns`; or `0`.
    static func duration(_ text: String) -> CELDuration? {
        var scalars = Array(text.unicodeScalars)
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars.removeFirst()
        }
        if scalars == ["0"] { return CELDuration(seconds: 0) }
        guard !scalars.isEmpty else { return nil }
        var i = 0
        // Accumulate in nanoseconds with overflow detection (Decimal-free).
        var total: (hi: Int64, lo: Int64) = (0, 0)  // seconds, nanos
        while i < scalars.count {
            var whole: Int64 = 0
            var fraction: Double = 0
            var scale: Double = 1
            var sawDigit = false
            while i < scalars.count, isDigit(scalars[i]) {
                let r = whole.multipliedReportingOverflow(by: 10)
                guard !r.overflow else { return nil }
                whole = r.partialValue + Int64(scalars[i].value - 48)
                sawDigit = true
                i += 1
            }
            if i < scalars.count, scalars[i] == "." {
                i += 1
                while i < scalars.count, isDigit(scalars[i]) {
                    scale /= 10
                    fraction += Double(scalars[i].value - 48) * scale
                    sawDigit = true
                    i += 1
                }
            }
            guard sawDigit else { return nil }
            var unit = String.UnicodeScalarView()
            while i < scalars.count, !isDigit(scalars[i]), scalars[i] != "." {
                unit.append(scalars[i])
                i += 1
            }
            let nanosPerUnit: Int64
            switch String(unit) {
            case "h": nanosPerUnit = 3_600_000_000_000
            case "m": nanosPerUnit = 60_000_000_000
            case "s": nanosPerUnit = 1_000_000_000
            case "ms": nanosPerUnit = 1_000_000
            case "us": nanosPerUnit = 1_000
            case "ns": nanosPerUnit = 1
            default: return nil
            }
            // seconds part and nanos part of whole * unit
            let unitSeconds = nanosPerUnit / 1_000_000_000
            let unitNanos = nanosPerUnit % 1_000_000_000
            let s = whole.multipliedReportingOverflow(by: unitSeconds)
            guard !s.overflow else { return nil }
            let n = whole.multipliedReportingOverflow(by: unitNanos)
            guard !n.overflow else { return nil }
            let fractionNanos = Int64((fraction * Double(nanosPerUnit)).rounded())
            let nanos = n.partialValue.addingReportingOverflow(fractionNanos)
            guard !nanos.overflow else { return nil }
            let seconds = s.partialValue.addingReportingOverflow(nanos.partialValue / 1_000_000_000)
            guard !seconds.overflow else { return nil }
            let sum = total.hi.addingReportingOverflow(seconds.partialValue)
            guard !sum.overflow, abs(sum.partialValue) <= CELDuration.maxSeconds * 2 else { return nil }
            total.hi = sum.partialValue
            total.lo += nanos.partialValue % 1_000_000_000
        }
        let sign: Int64 = negative ? -1 : 1
        return CELDuration(seconds: sign * total.hi, nanos: sign * total.lo)
    }
}

enum TimeFunctions {
    enum Field: Sendable {
        case fullYear, month, date, dayOfMonth, dayOfWeek, dayOfYear, hours, minutes, seconds, milliseconds
    }

    /// Offset in seconds east of UTC for `zone` at `seconds`, or nil for an unknown zone.
    static func offset(_ zone: String, at seconds: Int64) -> Int64? {
        let scalars = Array(zone.utf8)
        if let first = scalars.first, first == 43 || first == 45 || (first >= 48 && first <= 57) {
            let sign: Int64 = first == 45 ? -1 : 1
            let body = first == 43 || first == 45 ? String(zone.dropFirst()) : zone
            let parts = body.split(separator: ":")
            guard parts.count == 2, let h = Int64(parts[0]), let m = Int64(parts[1]), h <= 24, m < 60 else { return nil }
            return sign * (h * 3600 + m * 60)
        }
        if zone == "UTC" || zone.isEmpty { return 0 }
        guard let tz = TimeZone(identifier: zone) else { return nil }
        return Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    static func timestampField(_ field: Field, _ t: CELTimestamp, zone: String?) -> Value {
        var seconds = t.seconds
        if let zone {
            guard let offset = offset(zone, at: t.seconds) else { return .err("unknown time zone '\(zone)'") }
            seconds += offset
        }
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = civilFromDays(days)
        switch field {
        case .fullYear: return .int(Int64(y))
        case .month: return .int(Int64(m - 1))
        case .date: return .int(Int64(d))
        case .dayOfMonth: return .int(Int64(d - 1))
        case .dayOfWeek:
            // 1970-01-01 was a Thursday (4).
            return .int(((days % 7) + 11) % 7)
        case .dayOfYear: return .int(days - daysFromCivil(Int64(y), 1, 1))
        case .hours: return .int(secondOfDay / 3600)
        case .minutes: return .int(secondOfDay % 3600 / 60)
        case .seconds: return .int(secondOfDay % 60)
        case .milliseconds: return .int(Int64(t.nanos / 1_000_000))
        }
    }

    static func durationField(_ field: Field, _ d: CELDuration) -> Value {
        switch field {
        case .hours: return .int(d.seconds / 3600)
        case .minutes: return .int(d.seconds / 60)
        case .seconds: return .int(d.seconds)
        case .milliseconds: return .int(Int64(d.nanos / 1_000_000))
        default: return .noSuchOverload
        }
    }

    static func accessor(_ field: Field) -> BuiltinFunction {
        BuiltinFunction(
            unary: { v in
                switch v {
                case .timestamp(let t): return timestampField(field, t, zone: nil)
                case .duration(let d): return durationField(field, d)
                default: return .noSuchOverload
                }
            },
            binary: { v, z in
                guard case .timestamp(let t) = v, case .string(let zone) = z else { return .noSuchOverload }
                return timestampField(field, t, zone: zone)
            })
    }
}
