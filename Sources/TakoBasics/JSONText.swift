/// JSON scalars written by hand, for the places that write JSON text without JSONEncoder:
/// the same bytes JSONEncoder gives (slashes not escaped).
public enum JSONText {
    /// A string: `"`, `\` and control characters escaped (`\b \t \n \f \r`, others `\u00XX`),
    /// and every character of the Basic Multilingual Plane that `alsoEscaped` picks as `\uXXXX`
    /// (YAML's double-quoted scalars take the same escapes, and want its line breaks U+0085,
    /// U+2028, U+2029 escaped too).
    public static func string(_ text: String, alsoEscaped: (Unicode.Scalar) -> Bool = { _ in false }) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || (scalar.value <= 0xFFFF && alsoEscaped(scalar)):
                out += "\\u"
                for shift in [12, 8, 4, 0] { out.append(digits[Int((scalar.value >> UInt32(shift)) & 0x0F)]) }
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A number: whole numbers without a fraction, others in Swift's shortest round-trip
    /// form; a value that is not finite (which JSON cannot hold) as 0.
    public static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.isFinite ? "\(value)" : "0"
    }

    private static let digits = Array("0123456789abcdef")
}
