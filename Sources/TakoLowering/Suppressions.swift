import Foundation
import TakoBasics

/// Inline suppressions: `# tako:ignore ID[,ID...] REASON` silences a reviewed warning.
///
/// - A comment that follows YAML on its line covers that line; a comment alone on its line
///   covers the next line that is neither blank nor a comment.
/// - Only warnings can be suppressed. Errors are compile errors (the plan is refused), as
///   rustc's `#[allow]` silences lints but never a hard error.
/// - A suppression without a reason still suppresses, with an `invalid-suppression` warning;
///   one that names no ID is an `invalid-suppression` warning and suppresses nothing.
/// - A suppression that silences nothing is an `unused-suppression` warning (ESLint's
///   `--report-unused-disable-directives`), except for warnings that depend on other
///   repositories, which a single file's check cannot know about.
///
/// A post-pass over the diagnostics and the files they point into: the stages never see it.
public enum Suppressions {
    public static let marker = "tako:ignore"

    /// Warnings that depend on other repositories or on the plan's root: a `takoc check` of
    /// one file never emits them, so their suppressions are not reported as unused there.
    public static let crossRepositoryIDs: Set<DiagnosticID> = [
        .uncheckedSchemaRange, .partialSchemaOverlap, .subscriptionShadowed, .unknownPublisher, .misnamedSubscription,
    ]

    /// One `# tako:ignore` comment.
    public struct Comment: Hashable, Sendable {
        public var ids: [String]
        public var reason: String
        /// From the `#` to the end of the line.
        public var range: SourceRange
        /// The line whose diagnostics it covers (0: none, the comment ends the file).
        public var coveredLine: Int
    }

    /// `diagnostics` without the suppressed warnings, plus the warnings about the
    /// suppressions themselves, in the stable order. With `reportUnused` false (a plan,
    /// which sees only the repositories it reaches) unused suppressions are not reported.
    /// `notRun`: checks that did not run this time (ShellCheck, when it is not installed),
    /// whose suppressions are not unused for that.
    public static func apply(
        _ diagnostics: [Diagnostic], sources: [SourceFile], reportUnused: Bool = true, notRun: Set<DiagnosticID> = []
    ) -> [Diagnostic] {
        var comments: [String: [Comment]] = [:]
        for file in sources where mayContainMarker(file.text) && file.text.contains(marker) {
            comments[file.path] = self.comments(in: file)
        }
        guard !comments.isEmpty else { return diagnostics }

        var used = Set<Comment>()
        var kept: [Diagnostic] = []
        for d in diagnostics {
            if d.severity == .warning, let range = d.range,
                let comment = comments[range.file]?.first(where: { $0.coveredLine == range.start.line && $0.ids.contains(d.id.rawValue) })
            {
                used.insert(comment)
                continue
            }
            kept.append(d)
        }

        let brokenFiles = Set(
            diagnostics.filter { $0.severity == .error && $0.id.rawValue.hasPrefix("yaml-") }.compactMap { $0.range?.file })
        let byPath = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for (path, list) in comments {
            for comment in list {
                let removal = byPath[path].map { removalFix(comment, in: $0) }
                if comment.ids.isEmpty {
                    kept.append(
                        Diagnostic(
                            .invalidSuppression,
                            "'\(marker)' needs the ID of the warning to suppress and a reason, as in '# \(marker) ignored-key the image is documentation only'",
                            at: comment.range))
                    continue
                }
                if comment.reason.isEmpty {
                    kept.append(
                        Diagnostic(
                            .invalidSuppression,
                            "'\(marker) \(comment.ids.joined(separator: ","))' gives no reason; say why the warning is acceptable",
                            at: comment.range))
                }
                guard reportUnused, !used.contains(comment), !brokenFiles.contains(path) else { continue }
                if comment.ids.allSatisfy({
                    DiagnosticID(rawValue: $0).map { crossRepositoryIDs.contains($0) || notRun.contains($0) } ?? false
                }) {
                    continue
                }
                let errors = diagnostics.filter {
                    $0.severity == .error && $0.range?.file == path && $0.range?.start.line == comment.coveredLine
                        && comment.ids.contains($0.id.rawValue)
                }
                if let error = errors.first {
                    kept.append(
                        Diagnostic(
                            .unusedSuppression, "'\(error.id)' is an error, and only warnings can be suppressed; fix the error instead",
                            at: comment.range, fix: removal))
                } else if comment.coveredLine == 0 {
                    kept.append(
                        Diagnostic(
                            .unusedSuppression, "this suppression ends the file, so there is no line for it to cover; remove it",
                            at: comment.range, fix: removal))
                } else {
                    let names = comment.ids.map { "'\($0)'" }.joined(separator: ", ")
                    kept.append(
                        Diagnostic(
                            .unusedSuppression, "this suppression of \(names) matches no warning on line \(comment.coveredLine); remove it",
                            at: comment.range, fix: removal))
                }
            }
        }
        return kept.sortedForOutput()
    }

    /// Removing a suppression: its whole line when it stands alone there, else the comment
    /// with the blanks before it.
    static func removalFix(_ comment: Comment, in file: SourceFile) -> DiagnosticFix {
        let r = comment.range
        let line = file.line(r.start.line).map { Array($0.unicodeScalars) } ?? []
        var start = min(max(0, r.start.column - 1), line.count)
        let before = line[..<start]
        let range: SourceRange
        if before.allSatisfy({ $0 == " " || $0 == "\t" }) {
            range =
                r.start.line < file.lineCount
                ? SourceRange(file: r.file, start: .init(line: r.start.line, column: 1), end: .init(line: r.start.line + 1, column: 1))
                : SourceRange(file: r.file, start: .init(line: r.start.line, column: 1), end: r.end)
        } else {
            while start > 0, line[start - 1] == " " || line[start - 1] == "\t" { start -= 1 }
            range = SourceRange(file: r.file, start: .init(line: r.start.line, column: start + 1), end: r.end)
        }
        return DiagnosticFix("remove the suppression", [.init(range, with: "")])
    }

    /// False when the text's bytes do not contain the marker, in which case no search for it
    /// can find it either (no other sequence is canonically equivalent to these ASCII
    /// characters). Foundation's search, run on every file of a plan, was a visible part of
    /// planning ten thousand repositories; it now runs only when this says true.
    static func mayContainMarker(_ text: String) -> Bool {
        let needle = Array(marker.utf8)
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count, let base = bytes.baseAddress else { return false }
            // Each ':' (memchr finds them fast) is checked for "tako" before and "ignore" after.
            let colon = needle.firstIndex(of: UInt8(ascii: ":"))!
            var from = colon
            while from <= bytes.count - (needle.count - colon),
                let hit = memchr(base + from, Int32(UInt8(ascii: ":")), bytes.count - (needle.count - colon) - from + 1)
            {
                let i = UnsafeRawPointer(hit) - UnsafeRawPointer(base) - colon
                if (0..<needle.count).allSatisfy({ bytes[i + $0] == needle[$0] }) { return true }
                from = i + colon + 1
            }
            return false
        }
    }

    /// Every `# tako:ignore` comment of a file. A `#` starts a comment at the beginning of a
    /// line or after a space or tab, outside quotes, as in YAML. The lines of a block scalar
    /// (`run: |`, `>-`, ...) are text, not comments: a block runs while lines are blank or
    /// more indented than the node that opened it.
    public static func comments(in file: SourceFile) -> [Comment] {
        var out: [Comment] = []
        var pending: [Comment] = []  // comment-only lines waiting for the line they cover
        var blockIndent: Int?  // the indentation of the node whose value is an open block scalar
        for (index, line) in file.lines.enumerated() {
            let number = index + 1
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            if let open = blockIndent {
                if indent == scalars.count || indent > open { continue }
                blockIndent = nil
            }
            let hash = commentStart(scalars)
            let code = scalars[..<(hash ?? scalars.count)]
            let codeIsBlank = code.allSatisfy { $0 == " " || $0 == "\t" }
            if !codeIsBlank {
                for var comment in pending {
                    comment.coveredLine = number
                    out.append(comment)
                }
                pending = []
                if opensBlockScalar(code) { blockIndent = nodeIndent(scalars) }
            }
            guard let hash,
                var comment = parse(scalars[(hash + 1)...], file: file.path, line: number, column: hash + 1, endColumn: scalars.count + 1)
            else { continue }
            if codeIsBlank {
                pending.append(comment)
            } else {
                comment.coveredLine = number
                out.append(comment)
            }
        }
        for var comment in pending {  // at the end of the file: covers nothing
            comment.coveredLine = 0
            out.append(comment)
        }
        return out
    }

    /// The indentation of the mapping a line belongs to: `- ` entries count as indentation
    /// (`  - run: |` is a mapping at column 5), as YAML measures a block scalar's parent.
    static func nodeIndent(_ scalars: [Unicode.Scalar]) -> Int {
        var i = 0
        while i < scalars.count {
            if scalars[i] == " " {
                i += 1
            } else if scalars[i] == "-", i + 1 < scalars.count, scalars[i + 1] == " " {
                i += 2
            } else {
                break
            }
        }
        return i
    }

    /// Whether a line's code ends with a block scalar header: `|` or `>`, then at most a
    /// chomping indicator and an indentation digit, after a space (`key: |-`, `- >`).
    static func opensBlockScalar(_ code: ArraySlice<Unicode.Scalar>) -> Bool {
        var rest = code
        while let last = rest.last, last == " " || last == "\t" { rest = rest.dropLast() }
        var indicators = 0
        while let last = rest.last, "+-123456789".unicodeScalars.contains(last), indicators < 2 {
            rest = rest.dropLast()
            indicators += 1
        }
        guard let header = rest.last, header == "|" || header == ">" else { return false }
        rest = rest.dropLast()
        return rest.isEmpty || rest.last == " " || rest.last == "\t"
    }

    /// Index of the `#` that starts a comment, outside quotes on this line.
    static func commentStart(_ scalars: [Unicode.Scalar]) -> Int? {
        var quote: Unicode.Scalar?
        for (i, c) in scalars.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            if c == "\"" || c == "'" {
                if i == 0 || " \t[{,:".unicodeScalars.contains(scalars[i - 1]) { quote = c }
                continue
            }
            if c == "#", i == 0 || scalars[i - 1] == " " || scalars[i - 1] == "\t" { return i }
        }
        return nil
    }

    /// `tako:ignore ID[,ID...] REASON` after the `#`, or nil for any other comment.
    static func parse(_ body: ArraySlice<Unicode.Scalar>, file: String, line: Int, column: Int, endColumn: Int) -> Comment? {
        let text = String(String.UnicodeScalarView(body)).trimmingLeadingSpaces()
        guard text.hasPrefix(marker) else { return nil }
        let rest = text.dropFirst(marker.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        let words = rest.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        let ids = words.first.map { $0.split(separator: ",").map(String.init).filter { !$0.isEmpty } } ?? []
        let reason = words.count > 1 ? String(words[1]).trimmingLeadingSpaces() : ""
        let range = SourceRange(file: file, start: .init(line: line, column: column), end: .init(line: line, column: endColumn))
        return Comment(ids: ids, reason: reason, range: range, coveredLine: line)
    }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
