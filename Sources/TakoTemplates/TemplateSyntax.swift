import TakoBasics
import TakoExpressions

/// The lexical form of templates (language.md §7), shared by the compiler, which checks
/// them, and the plan reader, which renders what the compiler left for run time: literal
/// text with `{{ EXPR | pipe | pipe }}` holes.
///
/// A hole ends at the first `}}` outside a CEL string literal, so `{{ "}}" }}` is one hole.
/// Pipes are separated by a `|` that is neither half of CEL's `||` nor inside a string.
/// The text is scanned as UTF-8: every character the syntax looks at is ASCII, a single
/// byte that is part of no other character. Offsets are in bytes.
public enum TemplateSyntax {
    /// Whether `{{` occurs (a `{` byte is always the character `{`).
    public static func mayHaveHole(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x7B && previous == 0x7B { return true }
            previous = byte
        }
        return false
    }

    public enum Piece: Equatable, Sendable {
        /// Literal text.
        case text(Range<Int>)
        /// A hole: `outer` includes the braces, `inner` is what is between them.
        case hole(outer: Range<Int>, inner: Range<Int>)
    }

    public struct Unclosed: Error, Equatable, Sendable {
        /// Where the `{{` that is never closed starts.
        public var start: Int
    }

    /// The text's pieces, or where a hole is left open.
    public static func pieces(_ s: [UInt8]) -> Result<[Piece], Unclosed> {
        var pieces: [Piece] = []
        var textStart = 0
        var i = 0
        while i + 1 < s.count {
            guard s[i] == open, s[i + 1] == open else { i += 1; continue }
            guard let close = closing(s, from: i + 2) else { return .failure(Unclosed(start: i)) }
            if textStart < i { pieces.append(.text(textStart..<i)) }
            pieces.append(.hole(outer: i..<(close + 2), inner: (i + 2)..<close))
            i = close + 2
            textStart = i
        }
        if textStart < s.count { pieces.append(.text(textStart..<s.count)) }
        return .success(pieces)
    }

    /// The offset of the `}}` that closes a hole whose inside starts at `start`.
    static func closing(_ s: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < s.count {
            if s[i] == doubleQuote || s[i] == singleQuote {
                guard let end = endOfString(s, at: i) else { return nil }
                i = end
            } else if s[i] == close, i + 1 < s.count, s[i + 1] == close {
                return i
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The offset just past the CEL string literal whose opening quote is at `i` (single,
    /// double or tripled; raw when prefixed with `r` or `R`), or nil if it never ends.
    static func endOfString(_ s: [UInt8], at i: Int) -> Int? {
        let quote = s[i]
        let raw = i > 0 && (s[i - 1] == UInt8(ascii: "r") || s[i - 1] == UInt8(ascii: "R"))
        let triple = i + 2 < s.count && s[i + 1] == quote && s[i + 2] == quote
        var j = i + (triple ? 3 : 1)
        while j < s.count {
            if s[j] == backslash && !raw { j += 2; continue }
            if s[j] == quote {
                if !triple { return j + 1 }
                if j + 2 < s.count, s[j + 1] == quote, s[j + 2] == quote { return j + 3 }
            }
            if s[j] == newline && !triple { return nil }
            j += 1
        }
        return nil
    }

    /// A hole's inside split at its pipes: the expression first, then each pipe, as ranges
    /// of `s` (not trimmed).
    public static func segments(_ s: [UInt8], in range: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            if s[i] == doubleQuote || s[i] == singleQuote {
                i = min(endOfString(s, at: i) ?? range.upperBound, range.upperBound)
                continue
            }
            if s[i] == bar {
                if i + 1 < range.upperBound, s[i + 1] == bar { i += 2; continue }
                out.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        out.append(start..<range.upperBound)
        return out
    }

    /// The hole of a plan's template text, e.g. `inputs.name | shell_quote`: the expression
    /// and the pipes, each trimmed.
    public static func split(hole inner: String) -> (expression: String, pipes: [String]) {
        let s = Array(inner.utf8)
        let parts = segments(s, in: 0..<s.count).map { trimmed(s, $0).text }
        return (parts[0], Array(parts.dropFirst()))
    }

    /// The text of `s[r]` without leading and trailing whitespace (Unicode's), and the byte
    /// offset where it starts.
    public static func trimmed(_ s: [UInt8], _ r: Range<Int>) -> (text: String, start: Int) {
        let text = String(decoding: s[r], as: UTF8.self)
        let scalars = text.unicodeScalars
        var lo = scalars.startIndex, hi = scalars.endIndex
        var skipped = 0
        while lo < hi, scalars[lo].properties.isWhitespace { skipped += UTF8.width(scalars[lo]); lo = scalars.index(after: lo) }
        while hi > lo, scalars[scalars.index(before: hi)].properties.isWhitespace { hi = scalars.index(before: hi) }
        if skipped == 0 && hi == scalars.endIndex { return (text, r.lowerBound) }
        return (String(scalars[lo..<hi]), r.lowerBound + skipped)
    }

    /// A path's canonical spelling, the one the plan writes and reads back: `inputs.name`,
    /// with `['name']` for a segment that is not an identifier.
    public static func pathText(_ segments: [String]) -> String {
        var out = ""
        for (i, seg) in segments.enumerated() {
            if Identifier.isValid(seg) { out += (i == 0 ? "" : ".") + seg } else { out += "['\(seg)']" }
        }
        return out
    }

    static let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), bar = UInt8(ascii: "|")
    static let singleQuote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let newline = UInt8(ascii: "\n")
}

/// A pipe that turns a hole's value into the text put in its place.
public enum TemplatePipe: Hashable, Sendable, CustomStringConvertible {
    /// Whether the text put in a shell command is one quoted word: `shell_quote`, with no
    /// `json` after it (which would wrap the quoted word in double quotes again).
    public static func isShellQuoted(_ pipes: [TemplatePipe]) -> Bool {
        guard let last = pipes.lastIndex(of: .shellQuote) else { return false }
        return !pipes[(last + 1)...].contains(.json)
    }

    /// POSIX shell single quoting: the value becomes exactly one word.
    case shellQuote
    /// The value as JSON (a string is quoted, a list or map is encoded).
    case json
    case lower
    case upper
    /// Leading and trailing whitespace removed.
    case trim
    /// The given text when the value is missing, null or empty.
    case `default`(String)
    /// The text escaped for the inside of a JSON string literal, without the quotes (the Go tool's pipe).
    case jsonEscape
    /// The text percent-encoded as a form value: space as '+', every byte outside
    /// A-Z a-z 0-9 '-' '.' '_' '~' as %XX (the Go tool's pipe).
    case urlEncode
    /// '&', '<', '>', '"' and "'" replaced by HTML entities (the Go tool's pipe).
    case htmlEscape

    public static let names = ["shell_quote", "json", "lower", "upper", "trim", "default", "json_escape", "url_encode", "html_escape"]

    /// A pipe as written (`shell_quote`, `default("x")`), or a message saying what is wrong.
    public static func parse(_ text: String) -> Result<TemplatePipe, PipeError> {
        switch text {
        case "shell_quote": return .success(.shellQuote)
        case "json": return .success(.json)
        case "lower": return .success(.lower)
        case "upper": return .success(.upper)
        case "trim": return .success(.trim)
        case "json_escape": return .success(.jsonEscape)
        case "url_encode": return .success(.urlEncode)
        case "html_escape": return .success(.htmlEscape)
        case "": return .failure(PipeError("an empty pipe; expected one of \(listed)"))
        default: break
        }
        if text.hasPrefix("default") {
            var rest = Substring(text.dropFirst("default".count))
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "(", rest.last == ")" else {
                return .failure(PipeError("'default' takes its text in parentheses: default(\"TEXT\")"))
            }
            let argument = rest.dropFirst().dropLast().trimmingSpaces
            guard let value = stringLiteral(argument) else {
                return .failure(
                    PipeError("the argument of 'default' must be one quoted string, e.g. default(\"none\"); found '\(argument)'"))
            }
            return .success(.default(value))
        }
        let name = String(text.prefix { $0.isLetter || $0 == "_" })
        let hint = Suggestions.didYouMean(name, in: names)
        return .failure(PipeError("unknown pipe '\(text)'; expected one of \(listed)\(hint)"))
    }

    static var listed: String { "shell_quote, json, lower, upper, trim, default(\"TEXT\"), json_escape, url_encode, html_escape" }

    /// `"text"` or `'text'` with `\\`, `\"`, `\'`, `\n` and `\t` escapes.
    static func stringLiteral(_ s: Substring) -> String? {
        guard s.count >= 2, let q = s.first, q == "\"" || q == "'", s.last == q else { return nil }
        var out = ""
        var escaped = false
        for c in s.dropFirst().dropLast() {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\\", "\"", "'": out.append(c)
                default: return nil
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == q {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaped ? nil : out
    }

    /// The canonical spelling, which parses back to the same pipe.
    public var description: String {
        switch self {
        case .shellQuote: return "shell_quote"
        case .json: return "json"
        case .lower: return "lower"
        case .upper: return "upper"
        case .trim: return "trim"
        case .jsonEscape: return "json_escape"
        case .urlEncode: return "url_encode"
        case .htmlEscape: return "html_escape"
        case .default(let text):
            let quoted = TextEscaping.replacing(text, ["\\": "\\\\", "\"": "\\\"", "\n": "\\n", "\t": "\\t"])
            return "default(\"\(quoted)\")"
        }
    }

    public struct PipeError: Error, Equatable, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
