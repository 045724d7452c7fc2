// Timestamp and duration accessors (getFullYear ... getMilliseconds), with an optional
// time zone: an IANA name or a fixed offset such as `-02:30`.

import Foundation

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
            guard parts.count == 2, let h = Int64(parts[0]), let m = Int64(parts[1]), h < 24, m < 60 else { return nil }
            return sign * (h * 3600 + m * 60)
        }
        if zone == "UTC" { return 0 }
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
