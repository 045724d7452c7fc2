import Foundation
import TakoBasics
import TakoSyntax

/// Maps a position inside a scalar's value (an offset in Unicode scalars) back to the file,
/// so that a template hole or an expression inside a YAML string is reported where it is.
///
/// Exact for plain and quoted scalars on one line (escapes and `''` included) and for block
/// scalars; for multi-line flow scalars the walk follows line folding, which is exact unless
/// the scalar mixes folding with escapes at line ends.
struct ScalarPositions {
    private var locations: [SourceLocation] = []
    private let fallback: SourceLocation
    /// When the value is its raw text, character for character, on one line: where its
    /// first character is and how many there are. Then the walk is not needed (it would map
    /// each character to the next column).
    private var verbatim: (start: SourceLocation, count: Int)?

    init(node: YAMLNode, source: SourceFile) {
        self.init(scalar: node.scalar, start: node.range.start, source: source)
    }

    /// The same for a scalar that starts at `start` (its indicator or quote included).
    init(scalar: YAMLScalar?, start: SourceLocation, source: SourceFile) {
        fallback = start
        guard let scalar else { return }
        if let verbatim = Self.verbatimStart(scalar, at: start, in: source) {
            self.verbatim = verbatim
            return
        }
        let value = Array(scalar.value.unicodeScalars)
        var raw = RawCursor(source: source, at: start)
        switch scalar.style {
        case .plain:
            locations = Self.walk(value, &raw, escapes: nil)
        case .singleQuoted:
            raw.advance()
            locations = Self.walk(value, &raw, escapes: "'")
        case .doubleQuoted:
            raw.advance()
            locations = Self.walk(value, &raw, escapes: "\\")
        case .literal, .folded:
            // The block's indentation is its first non-blank line's: more spaces than that
            // are the value's (`  cp` inside a loop), so only that many are skipped.
            raw.nextLine()
            let indentation = Self.blockIndentation(from: start.line + 1, in: source)
            raw.skipIndentation(upTo: indentation)
            locations = Self.walk(value, &raw, escapes: nil, indentation: indentation)
        }
    }

    /// The file location of the value's character at `offset` (the end of the value maps
    /// just past its last character).
    func location(at offset: Int) -> SourceLocation {
        if let (start, count) = verbatim {
            return SourceLocation(line: start.line, column: start.column + min(offset, count))
        }
        if offset < locations.count { return locations[offset] }
        if let last = locations.last { return SourceLocation(line: last.line, column: last.column + 1) }
        return fallback
    }

    /// Where the value starts when the raw text from there holds the value exactly, on the
    /// scalar's first line: a plain scalar, or a quoted one without escapes. In single
    /// quotes a `'` in the value is always written `''`, so such a value is never verbatim.
    private static func verbatimStart(
        _ scalar: YAMLScalar, at start: SourceLocation, in source: SourceFile
    ) -> (start: SourceLocation, count: Int)? {
        let skip: Int
        switch scalar.style {
        case .plain: skip = 0
        case .singleQuoted, .doubleQuoted: skip = 1
        case .literal, .folded: return nil
        }
        guard !scalar.value.isEmpty, start.column >= 1, let line = source.line(start.line) else { return nil }
        if scalar.style == .singleQuoted, scalar.value.utf8.contains(UInt8(ascii: "'")) { return nil }
        // Compared as UTF-8, from the byte where the value's first character would be.
        var raw = line
        var value = scalar.value
        let verbatim = raw.withUTF8 { raw in
            value.withUTF8 { value -> Int? in
                var index = 0
                for _ in 0..<(start.column - 1 + skip) {
                    guard index < raw.count else { return nil }
                    index += 1
                    while index < raw.count, raw[index] & 0xC0 == 0x80 { index += 1 }
                }
                guard raw.count - index >= value.count, memcmp(raw.baseAddress! + index, value.baseAddress!, value.count) == 0 else {
                    return nil
                }
                // The value's length in scalars: its bytes that do not continue a character.
                var scalars = 0
                for byte in value where byte & 0xC0 != 0x80 { scalars += 1 }
                return scalars
            }
        }
        guard let verbatim else { return nil }
        return (SourceLocation(line: start.line, column: start.column + skip), verbatim)
    }

    /// Walks value and raw text together. Equal characters map one to one; a line break in
    /// the raw text that the value folded into a space or dropped skips the indentation.
    /// The indentation of a block scalar whose content starts on `line`: the spaces before its
    /// first line that is not blank.
    private static func blockIndentation(from line: Int, in source: SourceFile) -> Int {
        var number = line
        while let text = source.line(number) {
            let spaces = text.prefix { $0 == " " }.count
            if text.dropFirst(spaces).contains(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) { return spaces }
            number += 1
        }
        return 0
    }

    /// `indentation`: a block scalar's, the spaces skipped after each line break (nil: a
    /// flow scalar, whose line breaks skip all the blanks that follow).
    private static func walk(
        _ value: [Unicode.Scalar], _ raw: inout RawCursor, escapes: Unicode.Scalar?, indentation: Int? = nil
    ) -> [SourceLocation] {
        var out: [SourceLocation] = []
        out.reserveCapacity(value.count)
        for v in value {
            // Skip raw text that produced nothing: line ends and the indentation after them.
            var guardSteps = 0
            while let r = raw.current, r != v, guardSteps < 10_000 {
                guardSteps += 1
                if r == "\n" && (v == " " || v == "\n") { break }
                if let e = escapes, r == e { break }
                if r == "\n" { raw.nextLine(); raw.skipIndentation(upTo: indentation); continue }
                break
            }
            out.append(raw.location)
            guard let r = raw.current else { continue }
            if r == "\n", v == "\n", indentation != nil {
                // A block's line break: the next line starts after the block's indentation
                // (the spaces beyond it are the value's).
                raw.nextLine()
                raw.skipIndentation(upTo: indentation)
            } else if r == v && !(escapes == "'" && r == "'") {
                raw.advance()
            } else if r == "\n" {
                raw.nextLine()
                raw.skipIndentation(upTo: indentation)
            } else if let e = escapes, r == e {
                raw.skipEscape(quote: e)
            } else {
                raw.advance()
            }
        }
        return out
    }
}

/// A cursor over the source text by (line, column), in Unicode scalars. Only the line under
/// the cursor is held as scalars: converting every line of the file for each scalar made
/// lowering quadratic in the file's length.
private struct RawCursor {
    private let source: SourceFile
    private(set) var line: Int
    var column: Int
    /// The scalars of `line` (empty past the end of the file).
    private var text: [Unicode.Scalar]

    init(source: SourceFile, at start: SourceLocation) {
        self.source = source
        line = start.line
        column = start.column
        text = Self.scalars(of: start.line, in: source)
    }

    private static func scalars(of line: Int, in source: SourceFile) -> [Unicode.Scalar] {
        guard let text = source.line(line) else { return [] }
        return Array(text.unicodeScalars)
    }

    var location: SourceLocation { SourceLocation(line: line, column: column) }

    var current: Unicode.Scalar? {
        guard line >= 1, line <= source.lineCount else { return nil }
        if column - 1 < text.count { return text[column - 1] }
        return line < source.lineCount ? "\n" : nil
    }

    mutating func advance() { column += 1 }

    mutating func nextLine() {
        line += 1
        column = 1
        text = Self.scalars(of: line, in: source)
    }

    /// Skips blanks: at most `limit` spaces when given (a block scalar's indentation), else
    /// every space and tab.
    mutating func skipIndentation(upTo limit: Int? = nil) {
        if let limit {
            var skipped = 0
            while skipped < limit, let c = current, c == " " {
                column += 1
                skipped += 1
            }
            return
        }
        while let c = current, c == " " || c == "\t" { column += 1 }
    }

    /// Skips one escape: `''` in single quotes; `\x`, `\xNN`, `\uNNNN`, `\UNNNNNNNN` in double quotes.
    mutating func skipEscape(quote: Unicode.Scalar) {
        advance()
        guard quote == "\\", let c = current else {
            if quote == "'" { advance() }
            return
        }
        advance()
        let hexDigits: Int
        switch c {
        case "x": hexDigits = 2
        case "u": hexDigits = 4
        case "U": hexDigits = 8
        default: hexDigits = 0
        }
        column += hexDigits
    }
}
