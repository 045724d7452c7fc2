/// A position in a source file. Lines and columns are 1-based; columns count Unicode
/// scalar values, as libyaml does, so a caret lines up under non-ASCII text too.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range `[start, end)` inside one file.
public struct SourceRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = end
    }

    public init(file: String, line: Int, column: Int) {
        self.init(file: file, start: .init(line: line, column: column), end: .init(line: line, column: column))
    }

    /// `file:line:col`, the provenance string carried into plans.
    public var description: String { "\(file):\(start.line):\(start.column)" }
}

/// The text of one file, with a line table for turning offsets into locations and for
/// printing the source line under a diagnostic.
public struct SourceFile: Sendable {
    /// The path shown to users (as given on the command line, or `owner/repo/tako.yml`).
    public let path: String
    public let text: String
    /// The lines of `text`, without their terminators.
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Line ends are "\n", "\r\n" and "\r". Each is a character of its own (a grapheme
        // never joins CR or LF to anything but CR LF), so the bytes are enough to find them;
        // walking the text character by character cost a sizeable part of lowering.
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                index = utf8.index(after: index)
                continue
            }
            lines.append(text[start..<index])
            index = utf8.index(after: index)
            if byte == 0x0D, index < utf8.endIndex, utf8[index] == 0x0A { index = utf8.index(after: index) }
            start = index
        }
        lines.append(text[start..<text.endIndex])
        self.lines = lines
    }

    /// The text of a 1-based line, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}
