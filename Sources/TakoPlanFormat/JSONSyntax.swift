/// Where a file stops being JSON (RFC 8259): the line and column of the first byte that
/// cannot continue the text, and what was expected there. Foundation's decoder only says
/// "not valid JSON"; a person fixing a hand-edited or truncated plan needs the place.
/// Columns count Unicode scalars from 1, like the compiler's diagnostics.
struct JSONSyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
}

struct JSONSyntax {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// Nesting deeper than this is refused as the decoder would (and the stack stays small).
    static let maxDepth = 512

    /// Nil when `bytes` is one JSON value with only whitespace around it.
    static func firstError(in bytes: [UInt8]) -> JSONSyntaxError? {
        var parser = JSONSyntax(bytes: bytes)
        do {
            parser.skipWhitespace()
            if parser.index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                throw parser.error("a byte order mark, which JSON does not allow; save the file as UTF-8 without one")
            }
            try parser.value(depth: 0)
            parser.skipWhitespace()
            if parser.index < bytes.count { throw parser.error("expected the end of the file after the value, found \(parser.found)") }
            return nil
        } catch let error as JSONSyntaxError {
            return error
        } catch {
            return nil
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// What stands at the current place, for a message.
    private var found: String {
        guard let byte = current else { return "the end of the file" }
        if byte < 0x20 { return byte == 0x0A ? "the end of the line" : "a control character" }
        if byte >= 0x80 {
            var end = index + 1
            while end < bytes.count, end - index < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let text = String(validating: bytes[index..<end], as: UTF8.self) { return "'\(text)'" }
            return "a byte that is not UTF-8"
        }
        return "'\(String(UnicodeScalar(byte)))'"
    }

    private func error(_ message: String) -> JSONSyntaxError {
        // Columns in scalars: count the bytes that start one.
        let column = bytes[lineStart..<min(index, bytes.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
            if byte == 0x0A {
                line += 1
                lineStart = index
            }
        }
    }

    private mutating func value(depth: Int) throws {
        guard depth < Self.maxDepth else { throw error("arrays and objects nested more than \(Self.maxDepth) deep") }
        switch current ?? 0 {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: throw error("expected a value (an object, array, string, number, true, false or null), found \(found)")
        }
    }

    private mutating func object(depth: Int) throws {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes, found \(found)") }
            try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after the member name, found \(found)") }
            index += 1
            skipWhitespace()
            try value(depth: depth + 1)
            if try closed(by: "}", after: "member") { return }
        }
    }

    private mutating func array(depth: Int) throws {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try value(depth: depth + 1)
            if try closed(by: "]", after: "element") { return }
        }
    }

    /// After a member or an element: `,` and another one to come (false), or the closing
    /// bracket, taken (true).
    private mutating func closed(by bracket: Unicode.Scalar, after what: String) throws -> Bool {
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            if current == UInt8(ascii: bracket) {
                throw error("expected another \(what) after ',', found '\(bracket)' (JSON allows no trailing comma)")
            }
            return false
        case UInt8(ascii: bracket):
            index += 1
            return true
        default:
            throw error("expected ',' or '\(bracket)' after the \(what), found \(found)")
        }
    }

    private mutating func string() throws {
        index += 1
        while true {
            guard let byte = current else { throw error("expected '\"' to close the string, found the end of the file") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                switch current {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    for _ in 0..<4 {
                        guard let h = current, (h >= 0x30 && h <= 0x39) || (h | 0x20 >= 0x61 && h | 0x20 <= 0x66) else {
                            throw error("expected four hexadecimal digits after '\\u', found \(found)")
                        }
                        index += 1
                    }
                default:
                    throw error("expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\', found \(found)")
                }
            case 0x00..<0x20:
                throw error("expected '\"' to close the string, found \(found) (write it as an escape such as \\n)")
            case 0x80...:
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0
                guard length > 0, index + length <= bytes.count,
                    String(validating: bytes[index..<index + length], as: UTF8.self) != nil
                else {
                    throw error("a byte that is not UTF-8 in a string; the file must be UTF-8 text")
                }
                index += length
            default:
                index += 1
            }
        }
    }

    private mutating func number() throws {
        func digits() -> Int {
            let start = index
            while let d = current, d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
            if let d = current, d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") {
                throw error("a number with a leading zero, which JSON does not allow")
            }
        } else if digits() == 0 {
            throw error("expected a digit, found \(found)")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { throw error("expected a digit after the decimal point, found \(found)") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { throw error("expected a digit in the exponent, found \(found)") }
        }
    }

    private mutating func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard current == expected else {
                throw error("expected '\(word)', found \(found)")
            }
            index += 1
        }
    }
}
