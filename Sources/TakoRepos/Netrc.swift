/// The login and password `~/.netrc` gives a host, as curl reads it: whitespace-separated
/// tokens `machine NAME`, `default`, `login`, `password`, `account`, `port` and `macdef`
/// (whose body, up to an empty line, is skipped). The first `machine` entry for the host
/// wins; `default` applies when none does. A login given in the URL must match.
enum Netrc {
    struct Entry: Equatable {
        var login: String?
        var password: String?
    }

    static func lookup(host: String, user: String?, in text: String) -> Entry? {
        var tokens = tokenize(text)[...]
        var found: Entry?
        var fallback: Entry?
        while let token = tokens.popFirst() {
            let isDefault = token == "default"
            guard token == "machine" || isDefault else {
                if token == "macdef" { skipMacro(&tokens) }
                continue
            }
            let machine = isDefault ? nil : tokens.popFirst()
            var entry = Entry()
            while let next = tokens.first, next != "machine", next != "default" {
                tokens.removeFirst()
                switch next {
                case "login": entry.login = tokens.popFirst()
                case "password": entry.password = tokens.popFirst()
                case "account", "port": _ = tokens.popFirst()
                case "macdef": skipMacro(&tokens)
                default: break
                }
            }
            if let user, let login = entry.login, login != user { continue }
            if let machine, machine.lowercased() == host.lowercased() {
                if found == nil { found = entry }
            } else if isDefault, fallback == nil {
                fallback = entry
            }
        }
        guard let entry = found ?? fallback, entry.password != nil else { return nil }
        return entry
    }

    /// Tokens with their line breaks kept as "\n" markers (for macdef bodies); quoted tokens
    /// ("a b") and backslash escapes as curl reads them.
    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inToken = false
        var quoted = false
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; inToken = true; continue }
            if quoted {
                if character == "\"" { quoted = false } else { current.append(character) }
                continue
            }
            if character == "\"" && !inToken { quoted = true; inToken = true; continue }
            if character.isWhitespace {
                if inToken { tokens.append(current); current = ""; inToken = false }
                if character.isNewline { tokens.append("\n") }
                continue
            }
            if character == "#" && !inToken {
                // A comment runs to the end of the line.
                quoted = false
                current = ""
                inToken = false
                escaped = false
                tokens.append("#")
                continue
            }
            current.append(character)
            inToken = true
        }
        if inToken { tokens.append(current) }
        // Drop comments (from "#" to the line's end) and then the line markers, except
        // where a macdef needs them.
        var result: [String] = []
        var inComment = false
        for token in tokens {
            if token == "#" { inComment = true; continue }
            if token == "\n" { inComment = false; result.append(token); continue }
            if !inComment { result.append(token) }
        }
        return collapse(result)
    }

    /// Line markers are kept only as pairs that mean an empty line (the end of a macdef).
    private static func collapse(_ tokens: [String]) -> [String] {
        var result: [String] = []
        var newlines = 0
        for token in tokens {
            if token == "\n" { newlines += 1; continue }
            if newlines >= 2 { result.append("\n\n") }
            newlines = 0
            result.append(token)
        }
        return result
    }

    private static func skipMacro(_ tokens: inout ArraySlice<String>) {
        while let token = tokens.popFirst(), token != "\n\n" {}
    }
}
