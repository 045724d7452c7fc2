import Foundation

/// Renders diagnostics in the formats of contract.md. Pure: takes the diagnostics and the
/// source files they point into, returns text.
public struct DiagnosticRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, sarif, github
    }

    /// Files by the path used in diagnostics, for printing source lines.
    public var sources: [String: SourceFile]

    public init(sources: [SourceFile] = []) {
        var byPath: [String: SourceFile] = [:]
        for file in sources { byPath[file.path] = file }
        self.sources = byPath
    }

    public func render(_ diagnostics: [Diagnostic], as format: Format) -> String {
        let sorted = diagnostics.sortedForOutput()
        switch format {
        case .text:
            let lines = LineCache()
            return sorted.map { text($0, lines: lines) }.joined()
        case .json: return json(sorted)
        case .sarif: return sarif(sorted)
        case .github: return sorted.map(github).joined()
        }
    }

    // MARK: text

    /// `FILE:LINE:COL: error: MESSAGE [ID]`, the source line, a caret under the column
    /// (tildes to the end of the range when it stays on the line), then the notes.
    public func text(_ d: Diagnostic) -> String { text(d, lines: LineCache()) }

    func text(_ d: Diagnostic, lines: LineCache) -> String {
        var out = header(d.range) + "\(d.severity.rawValue): \(d.message) [\(d.id)]\n"
        out += snippet(d.range, lines: lines)
        for note in d.notes {
            out += header(note.range) + "note: \(note.message)\n"
            out += snippet(note.range, lines: lines)
        }
        return out
    }

    /// Source lines as scalars, converted once per render even when many diagnostics share a line.
    final class LineCache {
        private struct Key: Hashable { var file: String; var line: Int }
        private var lines: [Key: [Unicode.Scalar]] = [:]

        func scalars(_ file: SourceFile, _ number: Int, _ line: Substring) -> [Unicode.Scalar] {
            let key = Key(file: file.path, line: number)
            if let known = lines[key] { return known }
            let converted = Array(line.unicodeScalars)
            lines[key] = converted
            return converted
        }
    }

    private func header(_ range: SourceRange?) -> String {
        guard let range else { return "" }
        return "\(range.file):\(range.start.line):\(range.start.column): "
    }

    /// The widest source line a snippet shows whole, in Unicode scalars.
    static let snippetWidth = 240

    private func snippet(_ range: SourceRange?, lines: LineCache) -> String {
        guard let range, let file = sources[range.file], let line = file.line(range.start.line) else { return "" }
        var scalars = lines.scalars(file, range.start.line, line)
        var col = max(1, min(range.start.column, scalars.count + 1))
        var endColumn = range.end.line == range.start.line ? range.end.column : 0
        // A very long line (a minified value, a huge scalar) is shown as a window around the
        // caret, so that many diagnostics on it cannot make the output quadratic.
        var before = "", after = ""
        if scalars.count > Self.snippetWidth {
            let first = max(0, min(col - 1 - Self.snippetWidth / 4, scalars.count - Self.snippetWidth))
            let last = min(scalars.count, first + Self.snippetWidth)
            if first > 0 { before = "…" }
            if last < scalars.count { after = "…" }
            scalars = Array(scalars[first..<last])
            col -= first - (before.isEmpty ? 0 : 1)
            endColumn -= first - (before.isEmpty ? 0 : 1)
            scalars = Array(before.unicodeScalars) + scalars
        }
        let shown = String(String.UnicodeScalarView(scalars)) + after
        // Keep tabs in the padding so the caret lines up under tab-indented text.
        let pad = String(String.UnicodeScalarView(scalars.prefix(col - 1).map { $0 == "\t" ? "\t" : " " }))
        var underline = "^"
        if endColumn > col + 1 {
            let end = min(endColumn, scalars.count + 1)
            if end > col + 1 { underline += String(repeating: "~", count: end - col - 1) }
        }
        return "  \(shown)\n  \(pad)\(underline)\n"
    }

    // MARK: json

    /// `{"format_version": "1", "diagnostics": [...]}` with sorted keys.
    public func json(_ diagnostics: [Diagnostic]) -> String {
        struct Loc: Encodable { var line: Int; var column: Int }
        struct Note: Encodable { var message: String; var file: String?; var line: Int?; var column: Int? }
        struct Replacement: Encodable { var file: String; var line: Int; var column: Int; var end: Loc; var text: String }
        struct Fix: Encodable { var description: String; var replacements: [Replacement] }
        struct Item: Encodable {
            var file: String?
            var line: Int?
            var column: Int?
            var end: Loc?
            var severity: String
            var id: String
            var message: String
            var notes: [Note]
            var fix: Fix?
            var code: String?
        }
        struct Document: Encodable {
            var format_version = "1"
            var diagnostics: [Item]
            var errors: Int
            var warnings: Int
        }
        let items = diagnostics.map { d in
            Item(
                file: d.range?.file, line: d.range?.start.line, column: d.range?.start.column,
                end: d.range.map { Loc(line: $0.end.line, column: $0.end.column) },
                severity: d.severity.rawValue, id: d.id.rawValue, message: d.message,
                notes: d.notes.map {
                    Note(message: $0.message, file: $0.range?.file, line: $0.range?.start.line, column: $0.range?.start.column)
                },
                fix: d.fix.map { f in
                    Fix(
                        description: f.description,
                        replacements: f.replacements.map {
                            Replacement(
                                file: $0.range.file, line: $0.range.start.line, column: $0.range.start.column,
                                end: Loc(line: $0.range.end.line, column: $0.range.end.column), text: $0.text)
                        })
                }, code: d.code)
        }
        let doc = Document(
            diagnostics: items,
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count)
        return CanonicalJSON.string(doc) + "\n"
    }

    // MARK: github

    /// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=ID::MESSAGE`.
    public func github(_ d: Diagnostic) -> String {
        let command = d.severity == .error ? "error" : (d.severity == .warning ? "warning" : "notice")
        var props: [String] = []
        if let r = d.range {
            props.append("file=\(Self.escapeProperty(r.file))")
            props.append("line=\(r.start.line)")
            props.append("col=\(r.start.column)")
            if r.end.line > r.start.line || r.end.column > r.start.column {
                props.append("endLine=\(r.end.line)")
                if r.end.line == r.start.line { props.append("endColumn=\(r.end.column)") }
            }
        }
        props.append("title=\(Self.escapeProperty(d.id.rawValue))")
        var message = d.message
        for note in d.notes {
            message += "\n" + (note.range.map { "\($0): " } ?? "") + "note: " + note.message
        }
        return "::\(command) \(props.joined(separator: ","))::\(Self.escapeData(message))\n"
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
