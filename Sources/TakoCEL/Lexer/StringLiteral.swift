// Decoding of string and bytes literal bodies: every escape of the CEL grammar.

enum StringLiteral {
    struct DecodeError: Error {
        var message: String
    }

    /// Decodes the body between the quotes into UTF-8 bytes. In strings, `\x`, octal
    /// and `\u` escapes name code points; in bytes, `\x` and octal escapes name bytes.
    static func decode(_ body: [Unicode.Scalar], raw: Bool, bytes: Bool) -> Result<[UInt8], DecodeError> {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = 0
        func append(_ scalar: Unicode.Scalar) {
            out.append(contentsOf: Array(String(scalar).utf8))
        }
        while i < body.count {
            let s = body[i]
            guard s == "\\", !raw else {
                append(s)
                i += 1
                continue
            }
            guard i + 1 < body.count else { return .failure(DecodeError(message: "invalid escape at end of literal")) }
            let e = body[i + 1]
            i += 2
            switch e {
            case "a": out.append(7)
            case "b": out.append(8)
            case "f": out.append(12)
            case "n": out.append(10)
            case "r": out.append(13)
            case "t": out.append(9)
            case "v": out.append(11)
            case "\\", "?", "\"", "'", "`": out.append(UInt8(e.value))
            case "x", "X", "u", "U":
                let count = (e == "u") ? 4 : (e == "U" ? 8 : 2)
                guard i + count <= body.count, let value = UInt32(String(String.UnicodeScalarView(body[i..<i + count])), radix: 16) else {
                    return .failure(DecodeError(message: "invalid \\\(e) escape"))
                }
                i += count
                if bytes && count == 2 {
                    out.append(UInt8(value))
                } else {
                    // In bytes, \u and \U name a code point encoded as UTF-8.
                    guard let scalar = Unicode.Scalar(value) else {
                        return .failure(DecodeError(message: "invalid code point in \\\(e) escape"))
                    }
                    append(scalar)
                }
            case "0"..."3":
                guard i + 2 <= body.count,
                      let value = UInt32(String(String.UnicodeScalarView(body[(i - 1)..<(i + 2)])), radix: 8) else {
                    return .failure(DecodeError(message: "invalid octal escape"))
                }
                i += 2
                if bytes { out.append(UInt8(value)) } else { append(Unicode.Scalar(value)!) }
            default:
                return .failure(DecodeError(message: "invalid escape sequence '\\\(e)'"))
            }
        }
        return .success(out)
    }

    static func string(fromUTF8 bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
