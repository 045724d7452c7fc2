// `matches` with RE2 semantics on top of Foundation's ICU engine. The pattern is
// translated: RE2's ASCII-only classes (\d \w \s, [[:alpha:]]...) become explicit
// ASCII sets, `$` becomes `\z` (RE2's `$` matches only at the very end unless (?m)),
// `(?P<name>` becomes `(?<name>`, a `[` or `&` inside a set is escaped (ICU would read a
// nested set or an intersection), and what RE2 rejects (backreferences, lookaround,
// atomic groups, \Z, possessive quantifiers) is rejected here too.

import Foundation

/// A compiled RE2-style pattern. NSRegularExpression is immutable and thread-safe.
final class CompiledRegex: @unchecked Sendable {
    let regex: NSRegularExpression

    init(_ regex: NSRegularExpression) { self.regex = regex }

    static func compile(_ pattern: String) -> Result<CompiledRegex, CELError> {
        switch RE2.translate(pattern) {
        case .failure(let error): return .failure(error)
        case .success(let icu):
            guard let regex = try? NSRegularExpression(pattern: icu, options: []) else {
                return .failure(CELError("invalid regular expression '\(pattern)'"))
            }
            return .success(CompiledRegex(regex))
        }
    }

    func matches(_ text: String) -> Bool {
        let ns = text as NSString
        return regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }
}

enum RE2 {
    static let posix: [String: String] = [
        "alpha": "A-Za-z", "digit": "0-9", "alnum": "0-9A-Za-z", "upper": "A-Z", "lower": "a-z",
        "space": "\\t\\n\\x0B\\f\\r ", "xdigit": "0-9A-Fa-f", "punct": "!-/:-@\\[-`{-~", "word": "0-9A-Za-z_",
        "blank": "\\t ", "cntrl": "\\x00-\\x1F\\x7F", "print": "\\x20-\\x7E", "graph": "\\x21-\\x7E", "ascii": "\\x00-\\x7F",
    ]

    static func translate(_ pattern: String) -> Result<String, CELError> {
        let cs = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        var inClass = false
        var classStart = false
        var ungreedy = false
        let multiline = pattern.contains("(?m") || pattern.contains("(?sm") || pattern.contains("(?im") || pattern.contains("(?ism")
        func fail(_ what: String) -> Result<String, CELError> {
            .failure(CELError("invalid regular expression '\(pattern)': \(what) not supported"))
        }
        while i < cs.count {
            let c = cs[i]
            if c == "\\" {
                guard i + 1 < cs.count else { return .failure(CELError("invalid regular expression '\(pattern)': trailing backslash")) }
                let e = cs[i + 1]
                i += 2
                switch e {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "w": out += inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"
                case "s": out += inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"
                case "D" where !inClass: out += "[^0-9]"
                case "W" where !inClass: out += "[^0-9A-Za-z_]"
                case "S" where !inClass: out += "[^\\t\\n\\f\\r ]"
                case "0"..."7" where octal(cs, from: i - 1) != nil:
                    // RE2 octal escapes: \0, \01, \012, \123 (a lone \1-\7 is an error below).
                    let (value, length) = octal(cs, from: i - 1)!
                    out += "\\x{\(String(value, radix: 16))}"
                    i += length - 1
                case "1"..."9": return fail("backreference")
                case "p" where i < cs.count && cs[i] == "{", "P" where i < cs.count && cs[i] == "{",
                     "x" where i < cs.count && cs[i] == "{":
                    // \p{Name}, \x{10FFFF}: copied through the closing brace.
                    out += "\\"
                    out.unicodeScalars.append(e)
                    while i < cs.count {
                        out.unicodeScalars.append(cs[i])
                        i += 1
                        if cs[i - 1] == "}" { break }
                    }
                case "p" where i < cs.count && cs[i] != "{", "P" where i < cs.count && cs[i] != "{":
                    // RE2's one-letter class `\pL`; ICU wants braces.
                    out += "\\\(e){\(cs[i])}"
                    i += 1
                case "Z": return fail("\\Z")
                case "C" where !inClass:
                    // Any byte; on text it is any character (the same for ASCII).
                    out += "(?s:.)"
                default:
                    out += "\\"
                    out.unicodeScalars.append(e)
                }
                classStart = false
                continue
            }
            if inClass {
                if c == "[", i + 1 < cs.count, cs[i + 1] == ":" {
                    let rest = String(String.UnicodeScalarView(cs[(i + 2)...]))
                    if let end = rest.range(of: ":]") {
                        var name = String(rest[..<end.lowerBound])
                        let negated = name.hasPrefix("^")
                        if negated { name.removeFirst() }
                        guard let set = posix[name] else { return fail("class [:\(name):]") }
                        // A negated class is a nested complement set, which ICU unions in.
                        out += negated ? "[^" + set + "]" : set
                        classStart = false
                        i += 2 + name.unicodeScalars.count + (negated ? 1 : 0) + 2
                        continue
                    }
                }
                if c == "]" && !classStart {
                    inClass = false
                    out += "]"
                } else if c == "[" || c == "&" || (c == "]" && classStart) {
                    out += "\\"
                    out.unicodeScalars.append(c)
                } else {
                    out.unicodeScalars.append(c)
                }
                classStart = false
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                classStart = true
                out += "["
                if i + 1 < cs.count, cs[i + 1] == "^" {
                    out += "^"
                    i += 1
                }
                i += 1
                continue
            case "$" where !multiline:
                out += "\\z"
            case "(":
                if i + 2 < cs.count, cs[i + 1] == "?" {
                    let n = cs[i + 2]
                    if n == "=" || n == "!" || n == ">" { return fail("lookahead or atomic group") }
                    if n == "<", i + 3 < cs.count, cs[i + 3] == "=" || cs[i + 3] == "!" { return fail("lookbehind") }
                    if n == "P", i + 3 < cs.count, cs[i + 3] == "<" {
                        out += "(?<"
                        i += 4
                        continue
                    }
                    if n == "<" || n == ":" {
                        out += "(?"
                        i += 2
                        continue
                    }
                    // Flags: (?flags) or (?flags:...). ICU has no U (ungreedy): it is
                    // applied here by swapping the greediness of later quantifiers.
                    var j = i + 2
                    var flags = ""
                    var negative = false
                    while j < cs.count, cs[j] != ")" && cs[j] != ":" {
                        if cs[j] == "-" { negative = true }
                        if cs[j] == "U" { ungreedy = !negative } else { flags.unicodeScalars.append(cs[j]) }
                        j += 1
                    }
                    guard j < cs.count else { return .failure(CELError("invalid regular expression '\(pattern)': missing )")) }
                    if flags.hasSuffix("-") { flags.removeLast() }
                    if cs[j] == ":" || !flags.isEmpty { out += "(?" + flags + String(cs[j]) }
                    i = j + 1
                    continue
                }
                out += "("
            case "{":
                // A repetition {n}, {n,} or {n,m} (at most 1000, as in RE2); any other
                // brace is a literal, as RE2 reads it.
                guard let (text, length) = repetition(cs, from: i) else {
                    out += "\\{"
                    break
                }
                if text == nil { return fail("repetition above 1000") }
                out += text!
                i += length - 1
                if i + 1 < cs.count, cs[i + 1] == "+" { return fail("possessive quantifier") }
                i += greediness(cs, after: i, ungreedy: ungreedy, into: &out)
            case "}":
                out += "\\}"
            case "+", "*", "?":
                out.unicodeScalars.append(c)
                if i + 1 < cs.count, cs[i + 1] == "+" { return fail("possessive quantifier") }
                i += greediness(cs, after: i, ungreedy: ungreedy, into: &out)
            default:
                out.unicodeScalars.append(c)
            }
            i += 1
        }
        if inClass { return .failure(CELError("invalid regular expression '\(pattern)': missing ]")) }
        return .success(out.isEmpty ? "(?:)" : out)
    }

    /// After a quantifier at `index`: a following `?` (lazy) is copied, or dropped
    /// under RE2's ungreedy flag; without one, ungreedy mode adds it. Returns how many
    /// extra characters were consumed.
    static func greediness(_ cs: [Unicode.Scalar], after index: Int, ungreedy: Bool, into out: inout String) -> Int {
        let lazy = index + 1 < cs.count && cs[index + 1] == "?"
        if lazy {
            if !ungreedy { out += "?" }
            return 1
        }
        if ungreedy { out += "?" }
        return 0
    }

    /// An octal escape starting at `start` (the first digit): `0` alone, or three
    /// digits with the first in 0-3. Returns the value and the number of digits.
    static func octal(_ cs: [Unicode.Scalar], from start: Int) -> (UInt32, Int)? {
        func digit(_ k: Int) -> UInt32? {
            guard k < cs.count, cs[k].value >= 48, cs[k].value <= 55 else { return nil }
            return cs[k].value - 48
        }
        if let a = digit(start), let b = digit(start + 1), let c = digit(start + 2), a <= 3 {
            return (a * 64 + b * 8 + c, 3)
        }
        if digit(start) == 0 {
            if let b = digit(start + 1) { return (b, 2) }
            return (0, 1)
        }
        return nil
    }

    /// A repetition `{n}`, `{n,}` or `{n,m}` at `start`: its text (nil when a bound
    /// exceeds 1000) and length; nil when the brace does not start one.
    static func repetition(_ cs: [Unicode.Scalar], from start: Int) -> (String?, Int)? {
        var k = start + 1
        func number() -> Int? {
            var n = 0
            var seen = false
            while k < cs.count, isDigit(cs[k]) {
                n = min(n * 10 + Int(cs[k].value - 48), 100_000)
                seen = true
                k += 1
            }
            return seen ? n : nil
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if k < cs.count, cs[k] == "," {
            k += 1
            high = number()
        }
        guard k < cs.count, cs[k] == "}" else { return nil }
        let length = k - start + 1
        if low > 1000 || (high ?? 0) > 1000 { return (nil, length) }
        return (String(String.UnicodeScalarView(cs[start..<(k + 1)])), length)
    }

    static func matches(_ a: Value, _ b: Value) -> Value {
        guard case .string(let text) = a, case .string(let pattern) = b else { return .noSuchOverload }
        switch CompiledRegex.compile(pattern) {
        case .success(let regex): return .bool(regex.matches(text))
        case .failure(let error): return .error(error)
        }
    }
}
