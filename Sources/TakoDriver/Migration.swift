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
        let text = lowered.source.text
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        let yamlBroken = lowered.manifest == nil && lowered.diagnostics.hasErrors
        let edits = yamlBroken ? [] : lowered.migration
        var scalars = lines.map { Array($0.unicodeScalars) }

        // Replacements inside lines, right to left so that earlier columns stay valid.
        let replacements = edits.compactMap { e -> (SourceRange, String)? in
            if case .replace(let text) = e.kind { return (e.range, text) }
            return nil
        }.sorted { ($0.0.start.line, $0.0.start.column) > ($1.0.start.line, $1.0.start.column) }
        for (range, text) in replacements {
            let (l, c, el, ec) = (range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1)
            guard l == el, l >= 0, l < scalars.count, c >= 0, ec <= scalars[l].count, c <= ec else { continue }
            scalars[l].replaceSubrange(c..<ec, with: Array(text.unicodeScalars))
        }
        var newLines = scalars.map { [String(String.UnicodeScalarView($0))] }

        // Lines turned into comments, and lines added.
        var commented = Set<Int>()
        for edit in edits {
            switch edit.kind {
            case .replace: continue
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
        return Migration(path: path, original: text, lines: pairs, endsWithNewline: endsWithNewline, diagnostics: lowered.diagnostics,
                         unreadable: yamlBroken)
    }

    /// The last line (0-based) a node's range covers with text of its own: a block value's
    /// end is where the next key starts, after any blank and comment lines.
    private static func lastLine(of range: SourceRange, in lines: [[Unicode.Scalar]]) -> Int {
        let first = range.start.line - 1
        var last = min(range.end.line - 1, lines.count - 1)
        if last > first, last >= 0 {
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
