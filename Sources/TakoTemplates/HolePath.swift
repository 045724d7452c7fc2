/// The path form of a hole (language.md §7): `inputs.NAME`, `steps.ID.outputs.NAME`,
/// `event.payload.KEY`, `env.NAME`, and the Go tool's spellings of the same (`.Inputs.x`,
/// `.Steps.id.name`, `.Payload.k`), each rewritten to the canonical one. A hole whose text
/// is not a path is a CEL expression.
public enum HolePath {
    /// `a.b-c['d']` → ["a", "b-c", "d"], with one optional leading dot (the Go tool's form).
    public static func segments(_ text: String) -> [String]? {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var text = text
            return text.withUTF8 { asciiSegments($0) }
        }
        var s = Substring(text)
        let dotted = s.first == "."
        if dotted { s = s.dropFirst() }
        var segments: [String] = []
        while true {
            if s.hasPrefix("['") {
                guard let end = s.dropFirst(2).firstIndex(of: "'"), s[s.index(after: end)...].hasPrefix("]") else { return nil }
                segments.append(String(s[s.index(s.startIndex, offsetBy: 2)..<end]))
                s = s[s.index(end, offsetBy: 2)...]
            } else {
                let name = s.prefix { isLetter($0) || isNumber($0) || $0 == "_" || (dotted && $0 == "-") }
                guard let first = name.first, isLetter(first) || first == "_" else { return nil }
                segments.append(String(name))
                s = s.dropFirst(name.count)
            }
            if s.isEmpty { return segments }
            if s.first == "." { s = s.dropFirst() } else if !s.hasPrefix("['") { return nil }
        }
    }

    /// `segments` of ASCII text, the same rules on bytes (an ASCII character is one byte,
    /// except "\r\n", which no rule tells from its bytes); the loop above on characters was
    /// a noticeable part of lowering a large organisation. Keep the two in step.
    private static func asciiSegments(_ s: UnsafeBufferPointer<UInt8>) -> [String]? {
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        func isNumber(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func opensQuoted(_ i: Int) -> Bool { i + 1 < s.count && s[i] == UInt8(ascii: "[") && s[i + 1] == UInt8(ascii: "'") }
        let dotted = s.first == UInt8(ascii: ".")
        var i = dotted ? 1 : 0
        var segments: [String] = []
        while true {
            if opensQuoted(i) {
                guard let end = s[(i + 2)...].firstIndex(of: UInt8(ascii: "'")), end + 1 < s.count, s[end + 1] == UInt8(ascii: "]") else {
                    return nil
                }
                segments.append(String(decoding: UnsafeBufferPointer(rebasing: s[(i + 2)..<end]), as: UTF8.self))
                i = end + 2
            } else {
                var end = i
                while end < s.count,
                    isLetter(s[end]) || isNumber(s[end]) || s[end] == UInt8(ascii: "_") || (dotted && s[end] == UInt8(ascii: "-"))
                { end += 1 }
                guard end > i, isLetter(s[i]) || s[i] == UInt8(ascii: "_") else { return nil }
                segments.append(String(decoding: UnsafeBufferPointer(rebasing: s[i..<end]), as: UTF8.self))
                i = end
            }
            if i == s.count { return segments }
            if s[i] == UInt8(ascii: ".") { i += 1 } else if !opensQuoted(i) { return nil }
        }
    }

    /// `Character.isLetter` and `isNumber` answer from the Unicode tables; a one-byte
    /// character is answered here (the same answers, without the lookup that made these
    /// checks a noticeable part of lowering a large organisation).
    private static func isLetter(_ c: Character) -> Bool {
        if c.utf8.count == 1, let a = c.asciiValue { return (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) }
        return c.isLetter
    }

    private static func isNumber(_ c: Character) -> Bool {
        if c.utf8.count == 1, let a = c.asciiValue { return a >= 0x30 && a <= 0x39 }
        return c.isNumber
    }

    /// The Go tool's capitalised and shortened roots mapped to the canonical ones.
    public enum Root: String, Sendable {
        case inputs, steps, event, env
    }

    public static func canonical(_ segments: [String]) -> (root: Root, path: [String])? {
        let rest = Array(segments.dropFirst())
        switch segments[0] {
        case "inputs", "Inputs": return (.inputs, rest)
        case "env", "Env": return (.env, rest)
        case "event", "Event": return (.event, rest)
        case "payload", "Payload": return (.event, ["payload"] + rest)
        case "steps":
            return (.steps, rest)
        case "Steps":
            // `.Steps.ID.NAME` means `steps.ID.outputs.NAME`.
            if rest.count == 2 { return (.steps, [rest[0], "outputs", rest[1]]) }
            return (.steps, rest)
        default: return nil
        }
    }
}
