// Parsing of RFC 3339 timestamps and Go-style duration strings (`1h2m3.5s`).

enum TimeParsing {
    /// `2009-02-13T23:31:30Z`, `...30.123+01:00`. Years 0001 to 9999.
    static func timestamp(_ text: String) -> CELTimestamp? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int64? {
            guard i + digits <= b.count else { return nil }
            var n: Int64 = 0
            for k in i..<i + digits {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                n = n * 10 + Int64(b[k] - 48)
            }
            i += digits
            return n
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c || (c == 84 && b[i] == 116) else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              expect(84), let hour = number(2), expect(58), let minute = number(2), expect(58), let second = number(2)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1, (1...12).contains(month), day >= 1, day <= monthDays[Int(month - 1)],
              hour < 24, minute < 60, second < 61 else { return nil }
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
            guard let oh = number(2), expect(58), let om = number(2) else { return nil }
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
            total.hi += s.partialValue + (n.partialValue + fractionNanos) / 1_000_000_000
            total.lo += (n.partialValue + fractionNanos) % 1_000_000_000
            guard abs(total.hi) <= CELDuration.maxSeconds * 2 else { return nil }
        }
        let sign: Int64 = negative ? -1 : 1
        return CELDuration(seconds: sign * total.hi, nanos: sign * total.lo)
    }
}
