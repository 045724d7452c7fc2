/// Text for another language's quoted strings: each character the table names replaced by
/// its escape (DOT and Mermaid labels, XML and HTML text, a template's quoted argument).
public enum TextEscaping {
    public static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if let escape = table[c] { out += escape } else { out.append(c) }
        }
        return out
    }

    /// `&`, `<`, `>` and `"` as XML's entities (SVG text and attributes).
    public static let xml: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"]
    /// XML's, and `'` too.
    public static let html: [Character: String] = xml.merging(["'": "&#39;"]) { first, _ in first }
}
