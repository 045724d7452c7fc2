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
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "\n" || c == "\r\n" || c == "\r" {
                lines.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
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
