/// The words of a command line as a golden case's `args` file writes it: separated by
/// blanks or newlines, with '...' or "..." around a word that holds blanks (no escapes,
/// no expansion: what is between the quotes is the word).
public enum CommandWords {
    public static func split(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The words joined back into one line, quoting the ones that need it.
    public static func join(_ words: [String]) -> String {
        words.map { w in
            w.isEmpty || w.contains(where: { " \t\n'\"".contains($0) }) ? (w.contains("'") ? "\"\(w)\"" : "'\(w)'") : w
        }.joined(separator: " ")
    }
}
