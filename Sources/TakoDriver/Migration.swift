import TakoBasics
import TakoLowering

/// `takoc migrate`: a file of the Go dialect rewritten in this project's form by editing
/// its lines at the ranges lowering reported, so that comments, quoting and layout survive.
public struct Migration: Sendable {
    public let path: String
    public let original: String
    /// Each original line (without its "\n") and the lines that replace it (the same line
    /// when nothing changes).
    public let lines: [(old: String, new: [String])]
    /// The file ends with a newline.
    let endsWithNewline: Bool
    /// The file's diagnostics before the change (YAML errors stop a migration).
    public let diagnostics: [Diagnostic]
    /// The file has errors that leave no document to edit (YAML syntax, not UTF-8).
    public let unreadable: Bool

    public var changed: Bool { lines.contains { $0.new != [$0.old] } }

    public var migrated: String {
        var out = lines.flatMap(\.new).joined(separator: "\n")
        if endsWithNewline { out += "\n" }
        return out
    }

    /// Reads and lowers `path`, and applies the edits lowering found.
    public static func migrate(path: String) throws -> Migration {
        let bytes = try Driver.readFile(path)
        return migrate(path: path, bytes: bytes)
    }

    public static func migrate(path: String, bytes: [UInt8]) -> Migration {
        let lowered = Lowering.lower(path: path, bytes: bytes)
        let yamlBroken = lowered.manifest == nil && lowered.diagnostics.hasErrors
        return edit(
            path: path, text: lowered.source.text, edits: yamlBroken ? [] : lowered.migration, diagnostics: lowered.diagnostics,
            unreadable: yamlBroken)
    }

    /// The fixes of `diagnostics` that point into `path` (`takoc check --fix`), applied to
    /// `text` by the same line edits as a migration. A fix that overlaps an earlier one is left
    /// for the next run.
    public static func applyingFixes(_ diagnostics: [Diagnostic], path: String, text: String) -> Migration {
        var edits: [MigrationEdit] = []
        var taken: [SourceRange] = []
        for fix in diagnostics.compactMap(\.fix) {
            let mine = fix.replacements.filter { $0.range.file == path }
            guard !mine.isEmpty, mine.count == fix.replacements.count else { continue }
            let overlaps = { (r: DiagnosticFix.Replacement) -> Bool in
                taken.contains { $0.start < r.range.end && r.range.start < $0.end || $0.start == r.range.start }
            }
            if mine.contains(where: overlaps) { continue }
            for r in mine {
                taken.append(r.range)
                if r.text.isEmpty, r.range.start.column == 1, r.range.end.column == 1, r.range.end.line == r.range.start.line + 1 {
                    edits.append(
                        MigrationEdit(
                            .removeLines, at: SourceRange(file: path, line: r.range.start.line, column: 1), because: fix.description))
                } else {
                    edits.append(MigrationEdit(.replace(r.text), at: r.range, because: fix.description))
                }
            }
        }
        return edit(path: path, text: text, edits: edits, diagnostics: diagnostics, unreadable: false)
    }

    static func edit(
        path: String, text: String, edits found: [MigrationEdit], diagnostics: [Diagnostic], unreadable yamlBroken: Bool
    ) -> Migration {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        var scalars = lines.map { Array($0.unicodeScalars) }

        // Edits inside one line, right to left so that earlier columns stay valid: the
        // replacements, and keys of a flow mapping (`{ type: string, defualt: prod }`), which
        // cannot be commented out with their line: such a key is cut out of the line (and the
        // line says so in a comment), a key to add goes in after its neighbour.
        var edits: [MigrationEdit] = []
        var inline: [MigrationEdit] = []
        for edit in found {
            switch edit.kind {
            case .replace: inline.append(edit)
            case .removeLines: edits.append(edit)
            case .commentOut, .insertLineAfter:
                if isInFlow(edit.range, scalars) { inline.append(edit) } else { edits.append(edit) }
            }
        }
        inline.sort { ($0.range.start.line, $0.range.start.column) > ($1.range.start.line, $1.range.start.column) }
        var notes: [Int: [String]] = [:]
        for edit in inline {
            let (l, c, el) = (edit.range.start.line - 1, edit.range.start.column - 1, edit.range.end.line - 1)
            guard l == el, l >= 0, l < scalars.count, c >= 0 else { continue }
            let line = scalars[l]
            let ec = min(edit.range.end.column - 1, line.count)
            guard c <= ec else { continue }
            switch edit.kind {
            case .replace(let text):
                scalars[l].replaceSubrange(c..<ec, with: Array(text.unicodeScalars))
            case .insertLineAfter(let text):
                scalars[l].insert(contentsOf: Array(", \(text)".unicodeScalars), at: ec)
            case .removeLines: continue
            case .commentOut:
                var lo = c, hi = ec
                var end = hi
                while end < line.count, line[end] == " " { end += 1 }
                if end < line.count, line[end] == "," {
                    hi = end + 1
                    while hi < line.count, line[hi] == " " { hi += 1 }
                } else {
                    var start = lo
                    while start > 0, line[start - 1] == " " { start -= 1 }
                    if start > 0, line[start - 1] == "," { lo = start - 1 }
                }
                let removed = String(String.UnicodeScalarView(line[c..<ec]))
                scalars[l].removeSubrange(lo..<hi)
                notes[l, default: []].insert("takoc migrate: removed '\(removed)', \(edit.reason)", at: 0)
            }
        }
        var newLines = scalars.map { [String(String.UnicodeScalarView($0))] }
        for (l, texts) in notes {
            newLines[l][0] += " # " + texts.joined(separator: "; ")
        }

        // Lines turned into comments, and lines added.
        var commented = Set<Int>()
        for edit in edits {
            switch edit.kind {
            case .replace: continue
            case .removeLines:
                let l = edit.range.start.line - 1
                if l >= 0, l < newLines.count { newLines[l] = [] }
            case .commentOut:
                let first = edit.range.start.line - 1
                let last = lastLine(of: edit.range, in: scalars)
                guard first >= 0, first <= last, last < scalars.count, !commented.contains(first) else { continue }
                let indent = String(String.UnicodeScalarView(scalars[first].prefix { $0 == " " || $0 == "\t" }))
                newLines[first].insert("\(indent)# takoc migrate: \(edit.reason)", at: 0)
                for i in first...last where !commented.contains(i) {
                    commented.insert(i)
                    let line = newLines[i].removeLast()
                    let lead = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
                    let body = String(line.unicodeScalars.dropFirst(lead))
                    if body.isEmpty {
                        newLines[i].append(line)
                    } else {
                        newLines[i].append(String(line.unicodeScalars.prefix(lead)) + "# " + body)
                    }
                }
            case .insertLineAfter(let text):
                let last = lastLine(of: edit.range, in: scalars)
                guard last >= 0, last < scalars.count else { continue }
                let indent = String(repeating: " ", count: max(0, edit.range.start.column - 1))
                newLines[last].append(indent + text)
            }
        }
        let pairs = zip(lines, newLines).map { (old: $0, new: $1) }
        return Migration(
            path: path, original: text, lines: pairs, endsWithNewline: endsWithNewline, diagnostics: diagnostics,
            unreadable: yamlBroken)
    }

    /// Whether a pair stands inside a flow mapping: other text before its key on the line
    /// (other than a sequence's "- "), or after its value (other than a comment).
    private static func isInFlow(_ range: SourceRange, _ lines: [[Unicode.Scalar]]) -> Bool {
        let l = range.start.line - 1, c = range.start.column - 1
        guard range.end.line == range.start.line, l >= 0, l < lines.count, c <= lines[l].count else { return false }
        let line = lines[l]
        let ec = min(range.end.column - 1, line.count)
        let before = line[..<c].filter { $0 != " " && $0 != "\t" }
        let after = line[max(c, ec)...].drop { $0 == " " || $0 == "\t" }
        return !(before.isEmpty || before == ["-"]) || !(after.isEmpty || after.first == "#")
    }

    /// The last line (0-based) a node's range covers with text of its own: a block value's
    /// end is where the next key starts, after any blank and comment lines.
    private static func lastLine(of range: SourceRange, in lines: [[Unicode.Scalar]]) -> Int {
        let first = range.start.line - 1
        var last = range.end.line - 1
        if last >= lines.count {
            last = lines.count - 1
        } else if last > first, last >= 0 {
            let before = lines[last].prefix(max(0, range.end.column - 1))
            if before.allSatisfy({ $0 == " " || $0 == "\t" }) { last -= 1 }
        }
        while last > first {
            let body = lines[last].drop { $0 == " " || $0 == "\t" }
            if body.isEmpty || body.first == "#" { last -= 1 } else { break }
        }
        return last
    }

    /// The change as a unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with three lines of
    /// context), empty when nothing changes.
    public func unifiedDiff(context: Int = 3) -> String {
        guard changed else { return "" }
        // Changed original lines, and their hunks: runs of changes closer than 2 × context.
        let changedIndices = lines.indices.filter { lines[$0].new != [lines[$0].old] }
        var hunks: [ClosedRange<Int>] = []
        for i in changedIndices {
            let lo = max(0, i - context), hi = min(lines.count - 1, i + context)
            if let last = hunks.last, lo <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...hi
            } else {
                hunks.append(lo...hi)
            }
        }
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        var newLineNumber = 1
        var oldLine = 0
        for hunk in hunks {
            while oldLine < hunk.lowerBound {
                newLineNumber += lines[oldLine].new.count
                oldLine += 1
            }
            var body = ""
            var newCount = 0
            var minus: [String] = [], plus: [String] = []
            func flush() {
                for m in minus { body += "-\(m)\n" }
                for p in plus { body += "+\(p)\n" }
                minus = []
                plus = []
            }
            for i in hunk {
                let (old, new) = lines[i]
                let last = i == lines.count - 1 && !endsWithNewline
                if new.first == old {
                    // Unchanged, perhaps with lines added after it.
                    flush()
                    body += " \(old)\n"
                    if last && new.count == 1 { body += "\\ No newline at end of file\n" }
                    plus = Array(new.dropFirst())
                } else {
                    minus.append(old)
                    plus += new
                }
                newCount += new.count
            }
            flush()
            let oldStart = hunk.lowerBound + 1, oldCount = hunk.count
            out += "@@ -\(oldStart),\(oldCount) +\(newCount == 0 ? newLineNumber - 1 : newLineNumber),\(newCount) @@\n" + body
            newLineNumber += newCount
            oldLine = hunk.upperBound + 1
        }
        return out
    }
}
