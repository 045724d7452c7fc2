/// Where each template hole of a `run` command stands in the shell's grammar: in a plain
/// word, inside single or double quotes, in a here-document, a comment or an arithmetic
/// expansion, and whether the command it belongs to parses its arguments as shell again
/// (`eval`, `sh -c`). Also the `$NAME` and `${NAME...}` expansions of the script, with the
/// same facts. The shell-injection check reads these facts; it does not run the script.
///
/// A POSIX `sh` reading with the common bash forms (`$'...'`, `<<<`): quotes, backslashes,
/// `$(...)`, backquotes, `$((...))`, comments, here-documents (`<<`, `<<-`, quoted
/// delimiters), and the simple command's words (assignments and redirections skipped, the
/// wrappers `command`, `builtin`, `exec`, `sudo`, `nohup`, `time` and `env` looked through).
/// Offsets are bytes of the value: every character the grammar looks at is ASCII.
struct ShellScan {
    enum Quoting: Equatable {
        case none
        case singleQuotes
        case doubleQuotes
        /// A here-document's body; `expands` when its delimiter is unquoted, so that `$(...)` runs.
        case hereDocument(delimiter: String, expands: Bool)
        case comment
        case arithmetic
    }

    struct Site: Equatable {
        var quoting: Quoting
        /// `eval` or `sh -c` (the shell named) when the command parses its words again.
        var evaluator: String?
    }

    struct VariableUse: Equatable {
        var name: String
        /// `$NAME` or `${NAME...}`'s first bytes, up to the end of the name.
        var range: Range<Int>
        var site: Site
    }

    private(set) var holeSites: [Site] = []
    private(set) var variables: [VariableUse] = []

    /// One simple command being read: its words so far.
    private struct Command {
        var words = 0
        var name: String?
        var evaluator: String?
        /// Where a word is being read, and its literal text (for the command's name).
        var inWord = false
        var word: [UInt8] = []
        var wordHasHole = false
        var nextIsRedirectTarget = false
        var wordIsRedirectTarget = false
    }

    private enum Frame {
        /// Commands: the script itself, `$(...)` and backquotes. `closer` ends the frame.
        case commands(Command, closer: UInt8?)
        case single
        case ansiC
        case double
        case arithmetic(depth: Int)
    }

    private static let shells: Set<String> = ["sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"]
    private static let wrappers: Set<String> = ["command", "builtin", "exec", "sudo", "nohup", "time", "env", "xargs", "nice"]

    init(_ s: [UInt8], holes: [Range<Int>]) {
        var frames: [Frame] = [.commands(Command(), closer: nil)]
        var pending: [(delimiter: String, stripTabs: Bool, expands: Bool)] = []
        var hole = 0
        var i = 0
        var holeSites: [Site] = []
        var variables: [VariableUse] = []

        func evaluator() -> String? {
            for frame in frames.reversed() {
                if case .commands(let c, _) = frame, let e = c.evaluator { return e }
            }
            return nil
        }
        func site(_ quoting: Quoting) -> Site { Site(quoting: quoting, evaluator: evaluator()) }
        func current() -> Quoting {
            switch frames.last! {
            case .commands: return .none
            case .single, .ansiC: return .singleQuotes
            case .double: return .doubleQuotes
            case .arithmetic: return .arithmetic
            }
        }
        func endWord() {
            guard case .commands(var c, let closer) = frames.last!, c.inWord else { return }
            let text = String(decoding: c.word, as: UTF8.self)
            if c.wordIsRedirectTarget {
                // `> file`: not a word of the command.
            } else if c.name == nil, !c.wordHasHole, Self.isAssignment(c.word) {
                // `NAME=value` before the command.
            } else {
                c.words += 1
                if c.name == nil || (Self.wrappers.contains(c.name!) && c.words == 2 && !text.hasPrefix("-")) {
                    c.name = c.wordHasHole ? "" : text
                    if text == "eval" { c.evaluator = "eval" }
                } else if let name = c.name, Self.shells.contains(name), c.evaluator == nil, text.hasPrefix("-"), !text.hasPrefix("--"),
                    text.contains("c")
                {
                    c.evaluator = "\(name) -c"
                }
            }
            c.inWord = false
            c.word = []
            c.wordHasHole = false
            c.wordIsRedirectTarget = false
            frames[frames.count - 1] = .commands(c, closer: closer)
        }
        func beginWord() {
            guard case .commands(var c, let closer) = frames.last!, !c.inWord else { return }
            c.inWord = true
            c.wordIsRedirectTarget = c.nextIsRedirectTarget
            c.nextIsRedirectTarget = false
            frames[frames.count - 1] = .commands(c, closer: closer)
        }
        func appendToWord(_ byte: UInt8?, hole: Bool = false) {
            beginWord()
            guard case .commands(var c, let closer) = frames.last! else { return }
            if let byte { c.word.append(byte) }
            if hole { c.wordHasHole = true }
            frames[frames.count - 1] = .commands(c, closer: closer)
        }
        func endCommand() {
            endWord()
            guard case .commands(_, let closer) = frames.last! else { return }
            frames[frames.count - 1] = .commands(Command(), closer: closer)
        }
        func redirect() {
            endWord()
            guard case .commands(var c, let closer) = frames.last! else { return }
            c.nextIsRedirectTarget = true
            frames[frames.count - 1] = .commands(c, closer: closer)
        }
        func at(_ k: Int) -> UInt8? { k < s.count ? s[k] : nil }
        /// A `$` expansion at `i` (outside single quotes): pushes a frame or records a variable.
        /// Returns the index after what it consumed.
        func dollar(_ i: Int) -> Int {
            guard let next = at(i + 1) else { return i + 1 }
            if next == UInt8(ascii: "(") {
                if at(i + 2) == UInt8(ascii: "(") {
                    frames.append(.arithmetic(depth: 0))
                    return i + 3
                }
                frames.append(.commands(Command(), closer: UInt8(ascii: ")")))
                return i + 2
            }
            if next == UInt8(ascii: "'"), case .commands = frames.last! {
                frames.append(.ansiC)
                return i + 2
            }
            var start = i + 1
            if next == UInt8(ascii: "{") { start += 1 }
            var end = start
            while end < s.count, Self.isNameByte(s[end]), !(end == start && Self.isDigit(s[end])) { end += 1 }
            if end > start {
                variables.append(VariableUse(name: String(decoding: s[start..<end], as: UTF8.self), range: i..<end, site: site(current())))
            }
            return end > start ? end : i + 1
        }

        /// Reads the bodies of the pending here-documents from `start`, line by line; holes on
        /// their lines are in a here-document. Returns where the commands go on.
        func hereDocuments(from start: Int) -> Int {
            var i = start
            while let doc = pending.first, i < s.count {
                var end = i
                var lineHoles = 0
                while end < s.count, s[end] != UInt8(ascii: "\n") {
                    if hole + lineHoles < holes.count, holes[hole + lineHoles].lowerBound == end {
                        end = holes[hole + lineHoles].upperBound
                        lineHoles += 1
                    } else {
                        end += 1
                    }
                }
                var line = s[i..<end]
                if doc.stripTabs { line = line.drop { $0 == UInt8(ascii: "\t") } }
                if lineHoles == 0, String(decoding: line, as: UTF8.self) == doc.delimiter {
                    pending.removeFirst()
                } else {
                    for _ in 0..<lineHoles {
                        holeSites.append(
                            Site(quoting: .hereDocument(delimiter: doc.delimiter, expands: doc.expands), evaluator: evaluator()))
                        hole += 1
                    }
                }
                i = end < s.count ? end + 1 : end
            }
            return i
        }

        while i < s.count {
            if hole < holes.count, holes[hole].lowerBound == i {
                holeSites.append(site(current()))
                if case .commands = frames.last! { appendToWord(nil, hole: true) }
                i = holes[hole].upperBound
                hole += 1
                continue
            }
            let b = s[i]
            switch frames.last! {
            case .single:
                if b == UInt8(ascii: "'") { frames.removeLast() }
                i += 1
            case .ansiC:
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "'") { frames.removeLast() }
                i += 1
            case .double:
                switch b {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""): frames.removeLast(); i += 1
                case UInt8(ascii: "$"): i = dollar(i)
                case UInt8(ascii: "`"): frames.append(.commands(Command(), closer: UInt8(ascii: "`"))); i += 1
                default: i += 1
                }
            case .arithmetic(let depth):
                switch b {
                case UInt8(ascii: "("): frames[frames.count - 1] = .arithmetic(depth: depth + 1); i += 1
                case UInt8(ascii: ")"):
                    if depth == 0, at(i + 1) == UInt8(ascii: ")") {
                        frames.removeLast(); i += 2
                    } else {
                        frames[frames.count - 1] = .arithmetic(depth: max(0, depth - 1)); i += 1
                    }
                case UInt8(ascii: "$"): i = dollar(i)
                default: i += 1
                }
            case .commands(_, let closer):
                if let closer, b == closer {
                    endCommand()
                    frames.removeLast()
                    if case .commands = frames.last! { appendToWord(nil) }
                    i += 1
                    continue
                }
                switch b {
                case UInt8(ascii: "\\"):
                    if at(i + 1) == UInt8(ascii: "\n") { i += 2; continue }
                    appendToWord(at(i + 1))
                    i += 2
                case UInt8(ascii: "'"): appendToWord(nil); frames.append(.single); i += 1
                case UInt8(ascii: "\""): appendToWord(nil); frames.append(.double); i += 1
                case UInt8(ascii: "`"): appendToWord(nil); frames.append(.commands(Command(), closer: UInt8(ascii: "`"))); i += 1
                case UInt8(ascii: "$"): appendToWord(nil); i = dollar(i)
                case UInt8(ascii: " "), UInt8(ascii: "\t"): endWord(); i += 1
                case UInt8(ascii: "\n"):
                    endCommand()
                    i += 1
                    if !pending.isEmpty { i = hereDocuments(from: i) }
                case UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"):
                    endCommand(); i += 1
                case UInt8(ascii: ">"): redirect(); i += 1
                case UInt8(ascii: "<"):
                    if at(i + 1) == UInt8(ascii: "<"), at(i + 2) != UInt8(ascii: "<") {
                        endWord()
                        var k = i + 2
                        let stripTabs = at(k) == UInt8(ascii: "-")
                        if stripTabs { k += 1 }
                        while at(k) == UInt8(ascii: " ") || at(k) == UInt8(ascii: "\t") { k += 1 }
                        var delimiter: [UInt8] = []
                        var quoted = false
                        while let c = at(k), !Self.endsDelimiter(c) {
                            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                                quoted = true
                            } else {
                                delimiter.append(c)
                            }
                            k += 1
                        }
                        pending.append((String(decoding: delimiter, as: UTF8.self), stripTabs, !quoted))
                        i = k
                    } else if at(i + 1) == UInt8(ascii: "<") {
                        // `<<< word`: a here-string, whose word is read as any other.
                        endWord()
                        i += 3
                    } else {
                        redirect()
                        i += 1
                    }
                case UInt8(ascii: "#"):
                    if case .commands(let c, _) = frames.last!, c.inWord { appendToWord(b); i += 1; continue }
                    // A comment to the end of the line.
                    while i < s.count, s[i] != UInt8(ascii: "\n") {
                        if hole < holes.count, holes[hole].lowerBound == i {
                            holeSites.append(site(.comment))
                            i = holes[hole].upperBound
                            hole += 1
                        } else {
                            i += 1
                        }
                    }
                default:
                    appendToWord(b)
                    i += 1
                }
            }
        }
        // Holes after an unclosed quote or in an unfinished here-document keep the last state.
        while hole < holes.count {
            holeSites.append(site(current()))
            hole += 1
        }
        self.holeSites = holeSites
        self.variables = variables
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || isDigit(b)
            || b == UInt8(ascii: "_")
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func endsDelimiter(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: ";") || b == UInt8(ascii: "&")
            || b == UInt8(ascii: "|") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "(")
            || b == UInt8(ascii: ")")
    }

    /// `NAME=...`: an assignment word.
    private static func isAssignment(_ word: [UInt8]) -> Bool {
        guard let eq = word.firstIndex(of: UInt8(ascii: "=")), eq > 0, !isDigit(word[0]) else { return false }
        return word[..<eq].allSatisfy(isNameByte)
    }
}
