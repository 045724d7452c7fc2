// The lexer: tokens of the CEL lexical grammar, the scanner that produces them
// (working on Unicode scalars, so offsets and columns count scalars), and the decoding
// of string and bytes literal bodies with every escape.

struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case eof
        /// A malformed token; the message says why.
        case error(String)
        /// Integer digits as written (decimal or `0x` hex), without sign or suffix.
        case int(String)
        case uint(String)
        case double(String)
        case string(String)
        case bytes([UInt8])
        case ident(String)
        /// A backtick-quoted field name.
        case quotedIdent(String)
        /// Operators and punctuation: `( ) [ ] { } . , : ? + - * / % ! < <= > >= == != && || in`.
        case punct(String)
    }

    var kind: Kind
    var offset: Int
    var end: Int

    func isPunct(_ text: String) -> Bool {
        if case .punct(let value) = kind { return value == text }
        return false
    }
}

/// Words the grammar reserves: not usable as identifiers.
let reservedWords: Set<String> = [
    "as", "break", "const", "continue", "else", "for", "function", "if", "import",
    "let", "loop", "package", "namespace", "return", "var", "void", "while",
]

struct Lexer {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let position = index + ahead
        return position < scalars.count ? scalars[position] : nil
    }

    /// Reads all tokens, ending with `.eof`.
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .eof { break }
        }
        return tokens
    }

    private mutating func skipTrivia() {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{0C}":
                index += 1
            case "/" where peek(1) == "/":
                while let c = peek(), c != "\n" { index += 1 }
            default:
                return
            }
        }
    }

    mutating func next() -> Token {
        skipTrivia()
        let start = index
        guard let c = peek() else { return Token(kind: .eof, offset: start, end: start) }
        let kind = lexToken(c)
        if index == start { index += 1 }  // always make progress
        return Token(kind: kind, offset: start, end: index)
    }

    private mutating func lexToken(_ c: Unicode.Scalar) -> Token.Kind {
        if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) { return lexNumber() }
        if isIdentStart(c) {
            // String and bytes prefixes: r, b, rb, br (any case).
            if let literal = lexPrefixedString() { return literal }
            let start = index
            while let s = peek(), isIdentStart(s) || isDigit(s) { index += 1 }
            let word = text(start, index)
            return word == "in" ? .punct("in") : .ident(word)
        }
        if c == "\"" || c == "'" {
            return lexString(raw: false, bytes: false)
        }
        if c == "`" { return lexQuotedIdent() }
        index += 1
        let two = peek().map { String(c) + String($0) }
        switch c {
        case "=", "!", "<", ">":
            if peek() == "=" {
                index += 1
                return .punct(two!)
            }
            if c == "=" { return .error("unexpected character '='; did you mean '=='?") }
            return .punct(String(c))
        case "&", "|":
            if peek() == c {
                index += 1
                return .punct(two!)
            }
            return .error("unexpected character '\(c)'; did you mean '\(c)\(c)'?")
        case "(", ")", "[", "]", "{", "}", ".", ",", ":", "?", "+", "-", "*", "/", "%":
            return .punct(String(c))
        default:
            return .error("unexpected character '\(String(c).debugDescription.dropFirst().dropLast())'")
        }
    }

    private mutating func lexPrefixedString() -> Token.Kind? {
        var raw = false
        var bytes = false
        var ahead = 0
        while ahead < 2, let s = peek(ahead) {
            switch s {
            case "r" where !raw, "R" where !raw: raw = true
            case "b" where !bytes, "B" where !bytes: bytes = true
            default:
                if s == "\"" || s == "'" { break }
                return nil
            }
            if s == "\"" || s == "'" { break }
            ahead += 1
        }
        guard ahead > 0, let quote = peek(ahead), quote == "\"" || quote == "'" else { return nil }
        index += ahead
        return lexString(raw: raw, bytes: bytes)
    }

    private mutating func lexString(raw: Bool, bytes: Bool) -> Token.Kind {
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        index += triple ? 3 : 1
        let bodyStart = index
        while true {
            guard let s = peek() else { return .error("unterminated string literal") }
            if s == "\\" && !raw {
                index += 2
                continue
            }
            if s == "\\" && raw {
                // A raw string still cannot end in an escaped quote character.
                index += peek(1) == quote ? 2 : 1
                continue
            }
            if !triple && (s == "\n" || s == "\r") { return .error("unterminated string literal") }
            if s == quote {
                if !triple {
                    let body = Array(scalars[bodyStart..<index])
                    index += 1
                    return decode(body, raw: raw, bytes: bytes)
                }
                if peek(1) == quote && peek(2) == quote {
                    let body = Array(scalars[bodyStart..<index])
                    index += 3
                    return decode(body, raw: raw, bytes: bytes)
                }
            }
            index += 1
        }
    }

    private func decode(_ body: [Unicode.Scalar], raw: Bool, bytes: Bool) -> Token.Kind {
        switch StringLiteral.decode(body, raw: raw, bytes: bytes) {
        case .success(let value): return bytes ? .bytes(value) : .string(StringLiteral.string(fromUTF8: value))
        case .failure(let error): return .error(error.message)
        }
    }

    private mutating func lexQuotedIdent() -> Token.Kind {
        index += 1
        let start = index
        while let s = peek(), s != "`" {
            guard isIdentStart(s) || isDigit(s) || s == "." || s == "-" || s == "/" || s == " " else {
                return .error("invalid character in quoted identifier")
            }
            index += 1
        }
        guard peek() == "`" else { return .error("unterminated quoted identifier") }
        let name = text(start, index)
        index += 1
        return name.isEmpty ? .error("empty quoted identifier") : .quotedIdent(name)
    }

    private mutating func lexNumber() -> Token.Kind {
        let start = index
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            index += 2
            let digitsStart = index
            while let s = peek(), s.properties.isASCIIHexDigit { index += 1 }
            let digits = "0x" + text(digitsStart, index)
            if digitsStart == index { return .error("invalid hex literal") }
            if peek() == "u" || peek() == "U" {
                index += 1
                return .uint(digits)
            }
            return .int(digits)
        }
        while let s = peek(), isDigit(s) { index += 1 }
        var isDouble = false
        if peek() == ".", let after = peek(1), isDigit(after) {
            isDouble = true
            index += 1
            while let s = peek(), isDigit(s) { index += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var ahead = 1
            if peek(1) == "+" || peek(1) == "-" { ahead = 2 }
            if let d = peek(ahead), isDigit(d) {
                isDouble = true
                index += ahead
                while let s = peek(), isDigit(s) { index += 1 }
            }
        }
        let literal = text(start, index)
        if isDouble { return .double(literal) }
        if peek() == "u" || peek() == "U" {
            index += 1
            return .uint(literal)
        }
        return .int(literal)
    }

    private func text(_ start: Int, _ end: Int) -> String {
        // Identifiers and numbers are ASCII: build them from bytes directly.
        if scalars[start..<end].allSatisfy({ $0.value < 128 }) {
            return String(unsafeUninitializedCapacity: end - start) { buffer in
                for i in start..<end { buffer[i - start] = UInt8(scalars[i].value) }
                return end - start
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}

@inline(__always) func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
@inline(__always) func isIdentStart(_ s: Unicode.Scalar) -> Bool {
    (s.value >= 65 && s.value <= 90) || (s.value >= 97 && s.value <= 122) || s == "_"
}

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
                } else if bytes {
                    // As in cel-cpp and cel-go: no Unicode escapes in bytes literals.
                    return .failure(DecodeError(message: "\\\(e) escapes are not allowed in bytes literals"))
                } else {
                    guard let scalar = Unicode.Scalar(value) else {
                        return .failure(DecodeError(message: "invalid code point in \\\(e) escape"))
                    }
                    append(scalar)
                }
            case "0"..."3":
                guard i + 2 <= body.count,
                    let value = UInt32(String(String.UnicodeScalarView(body[(i - 1)..<(i + 2)])), radix: 8)
                else {
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
