// Tokens of the CEL lexical grammar.

/// One token and the scalar offset where it starts.
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
