import Foundation

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

/// The path of a source file, interned: a number that stands for the path in every range
/// of the file. Equal paths have equal numbers in one process.
///
/// Every located value of the IR holds a `SourceRange`; with the path as a `String` each
/// range was 48 bytes and copying it counted a reference. Interned, a range is 20 bytes of
/// plain integers.
public struct SourcePath: Hashable, Sendable, CustomStringConvertible {
    let index: UInt32

    /// The number of `path`, registering it on first use. Costs a lock and a hash: callers
    /// that make many ranges in one file make it once.
    public init(_ path: String) {
        index = Self.table.index(of: path)
    }

    /// The path as given.
    public var description: String { Self.table.path(at: index) }

    private static let table = Table()

    /// Paths by number and numbers by path, behind a lock (files are lowered on every
    /// core). Paths are never removed: a process sees one per file it reads.
    private final class Table: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String] = []
        private var indices: [String: UInt32] = [:]

        func index(of path: String) -> UInt32 {
            lock.lock()
            defer { lock.unlock() }
            if let index = indices[path] { return index }
            let index = UInt32(paths.count)
            paths.append(path)
            indices[path] = index
            return index
        }

        func path(at index: UInt32) -> String {
            lock.lock()
            defer { lock.unlock() }
            return paths[Int(index)]
        }
    }
}

/// A half-open range `[start, end)` inside one file.
///
/// Stored as the interned path and 32-bit lines and columns (20 bytes, no reference to
/// count); `file`, `start` and `end` read and write it as before.
public struct SourceRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: SourcePath
    private var startLine: Int32
    private var startColumn: Int32
    private var endLine: Int32
    private var endColumn: Int32

    public init(path: SourcePath, start: SourceLocation, end: SourceLocation) {
        self.path = path
        startLine = Int32(clamping: start.line)
        startColumn = Int32(clamping: start.column)
        endLine = Int32(clamping: end.line)
        endColumn = Int32(clamping: end.column)
    }

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.init(path: SourcePath(file), start: start, end: end)
    }

    public init(file: String, line: Int, column: Int) {
        self.init(file: file, start: .init(line: line, column: column), end: .init(line: line, column: column))
    }

    /// The file's path, as given.
    public var file: String {
        get { path.description }
        set { path = SourcePath(newValue) }
    }

    public var start: SourceLocation {
        get { SourceLocation(line: Int(startLine), column: Int(startColumn)) }
        set {
            startLine = Int32(clamping: newValue.line)
            startColumn = Int32(clamping: newValue.column)
        }
    }

    public var end: SourceLocation {
        get { SourceLocation(line: Int(endLine), column: Int(endColumn)) }
        set {
            endLine = Int32(clamping: newValue.line)
            endColumn = Int32(clamping: newValue.column)
        }
    }

    /// `file:line:col`, the provenance string carried into plans.
    public var description: String { "\(file):\(startLine):\(startColumn)" }

    // The encoded form is the one of a plain struct of `file`, `start` and `end`.
    private enum CodingKeys: String, CodingKey {
        case file, start, end
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try container.decode(String.self, forKey: .file),
            start: try container.decode(SourceLocation.self, forKey: .start),
            end: try container.decode(SourceLocation.self, forKey: .end))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }
}

/// The text of one file, with a line table for turning offsets into locations and for
/// printing the source line under a diagnostic.
public struct SourceFile: Sendable {
    /// The path shown to users (as given on the command line, or `owner/repo/tako.yml`).
    public let path: String
    public let text: String
    /// Where each line starts in `text.utf8`, and after the last one the end of the text
    /// plus one (as if a terminator followed). Offsets, not substrings: a `Substring` per
    /// line was 32 bytes, and an organisation's files are kept until the plan is written.
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Line ends are "\n", "\r\n" and "\r". Each is a character of its own (a grapheme
        // never joins CR or LF to anything but CR LF), so the bytes are enough to find them.
        var starts: [Int] = [0]
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            if memchr(base, 0x0D, bytes.count) == nil {
                // Only "\n" ends lines (the common case): found with memchr, counted first so
                // that the table, which is kept, is allocated once at its size.
                func forEachBreak(_ body: (Int) -> Void) {
                    var offset = 0
                    while offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
                        offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                        body(offset)
                    }
                }
                var breaks = 0
                forEachBreak { _ in breaks += 1 }
                starts.reserveCapacity(breaks + 2)
                forEachBreak { starts.append($0) }
            } else {
                var breaks = 0
                for byte in bytes where byte == 0x0A || byte == 0x0D { breaks += 1 }
                starts.reserveCapacity(breaks + 2)
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    guard byte == 0x0A || byte == 0x0D else { continue }
                    if byte == 0x0D, index < bytes.count, bytes[index] == 0x0A { index += 1 }
                    starts.append(index)
                }
            }
        }
        starts.append(text.utf8.count + 1)
        lineStarts = starts
    }

    /// The number of lines (a file without a final line break ends in a line of its own;
    /// one with it ends in an empty line).
    public var lineCount: Int { lineStarts.count - 1 }

    /// The lines of `text`, without their terminators.
    public var lines: [Substring] { (1...lineCount).map { line($0)! } }

    /// The text of a 1-based line, without its terminator, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineCount else { return nil }
        let utf8 = text.utf8
        let start = lineStarts[number - 1]
        // Drops the "\n" or "\r" before the next line's start (after the last line: the end).
        var end = lineStarts[number] - 1
        if number < lineCount, end > start, utf8[utf8.index(utf8.startIndex, offsetBy: end)] == 0x0A,
            utf8[utf8.index(utf8.startIndex, offsetBy: end - 1)] == 0x0D
        {
            end -= 1
        }
        return text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
    }
}
