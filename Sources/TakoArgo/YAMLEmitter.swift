import TakoBasics

/// A YAML document as a tree of values, written by the emitter below: block style, keys in
/// the order they were given, every string either plain (only when it cannot be read as
/// anything but that string) or double-quoted with escapes. The same tree is written as
/// compact JSON, the form the Kubernetes API server stores, to measure a manifest.
public indirect enum YAMLValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case list([YAMLValue])
    case map([(String, YAMLValue)])

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        case (.list(let x), .list(let y)): x == y
        case (.map(let x), .map(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let s): hasher.combine(s)
        case .int(let n): hasher.combine(n)
        case .bool(let b): hasher.combine(b)
        case .null: hasher.combine(0)
        case .list(let items): hasher.combine(items)
        case .map(let pairs): for (k, v) in pairs { hasher.combine(k); hasher.combine(v) }
        }
    }
}

public enum YAMLEmitter {
    /// The document, starting with `---` after `header` comment lines, ending with a newline.
    public static func document(_ value: YAMLValue, header: [String] = []) -> String {
        var out = ""
        for line in header { out += "# " + line + "\n" }
        out += "---\n"
        write(value, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: YAMLValue, indent: Int, into out: inout String) {
        switch value {
        case .map(let pairs) where !pairs.isEmpty:
            for (key, item) in pairs {
                out += String(repeating: " ", count: indent) + scalar(key) + ":"
                entry(item, indent: indent, into: &out)
            }
        case .list(let items) where !items.isEmpty:
            for item in items {
                out += String(repeating: " ", count: indent) + "-"
                switch item {
                case .map(let pairs) where !pairs.isEmpty:
                    // The first key on the dash's line, the others under it.
                    var first = true
                    for (key, inner) in pairs {
                        out += (first ? " " : String(repeating: " ", count: indent + 2)) + scalar(key) + ":"
                        entry(inner, indent: indent + 2, into: &out)
                        first = false
                    }
                case .list(let inner) where !inner.isEmpty:
                    out += "\n"
                    write(.list(inner), indent: indent + 2, into: &out)
                default:
                    out += " " + inline(item) + "\n"
                }
            }
        default:
            out += String(repeating: " ", count: indent) + inline(value) + "\n"
        }
    }

    /// What follows `key:`: a scalar on the same line, or a block on the next lines.
    private static func entry(_ value: YAMLValue, indent: Int, into out: inout String) {
        switch value {
        case .map(let pairs) where !pairs.isEmpty:
            out += "\n"
            write(value, indent: indent + 2, into: &out)
        case .list(let items) where !items.isEmpty:
            out += "\n"
            write(value, indent: indent, into: &out)
        default:
            out += " " + inline(value) + "\n"
        }
    }

    private static func inline(_ value: YAMLValue) -> String {
        switch value {
        case .string(let s): scalar(s)
        case .int(let n): String(n)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .list: "[]"
        case .map: "{}"
        }
    }

    /// Words a YAML 1.1 or 1.2 reader takes for something other than a string.
    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]

    /// A string as a plain scalar when that is unambiguous: letters, digits and `-_./`,
    /// starting with a letter or `/`, not a reserved word; else double-quoted.
    static func scalar(_ s: String) -> String {
        if let first = s.unicodeScalars.first, first == "/" || (isAlphanumeric(first) && first.value >= 0x41),
            s.unicodeScalars.allSatisfy({ $0.isASCII && (isAlphanumeric($0) || "-_./".unicodeScalars.contains($0)) }),
            !reserved.contains(s.lowercased())
        {
            return s
        }
        return quoted(s)
    }

    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x30 && c.value <= 0x39) || (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }

    /// A double-quoted scalar: `"` and `\` escaped, control characters and the characters
    /// YAML takes for line breaks (U+0085, U+2028, U+2029) as escapes. Valid YAML and JSON.
    static func quoted(_ s: String) -> String {
        JSONText.string(s) { [0x7F, 0x85, 0x2028, 0x2029, 0xFEFF].contains($0.value) }
    }

    /// Compact JSON of the same tree: what the object takes in the API server's store.
    public static func json(_ value: YAMLValue) -> String {
        var out = ""
        json(value, into: &out)
        return out
    }

    private static func json(_ value: YAMLValue, into out: inout String) {
        switch value {
        case .string(let s): out += quoted(s)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                json(item, into: &out)
            }
            out += "]"
        case .map(let pairs):
            out += "{"
            for (i, (key, item)) in pairs.enumerated() {
                if i > 0 { out += "," }
                out += quoted(key) + ":"
                json(item, into: &out)
            }
            out += "}"
        }
    }
}
