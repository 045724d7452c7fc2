import Foundation
import TakoBasics
import TakoLowering

#if canImport(Glibc)
import Glibc
#endif

/// How `takoc check` runs ShellCheck on the `run` scripts of the files it checks
/// (docs/decisions/0039-shellcheck-on-run-scripts.md).
public struct ShellCheckOptions: Sendable {
    /// ShellCheck's levels, most severe first.
    public enum Level: String, Sendable, CaseIterable {
        case error, warning, info, style
    }

    /// `--no-shellcheck` turns it off.
    public var enabled: Bool
    /// The least severe finding reported (ShellCheck's `--severity`).
    public var minimumLevel: Level
    /// Seconds one ShellCheck process may take before it is stopped.
    public var timeout: Double
    /// Where `shellcheck` is looked for (PATH).
    public var searchPath: String

    public init(
        enabled: Bool = true, minimumLevel: Level = .style, timeout: Double = 60,
        searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    ) {
        self.enabled = enabled
        self.minimumLevel = minimumLevel
        self.timeout = timeout
        self.searchPath = searchPath
    }

    public static let off = ShellCheckOptions(enabled: false)
}

/// ShellCheck over run scripts: each script written out with its template holes replaced by
/// placeholders, checked as `sh` (what `tako exec` runs steps with), and each finding mapped
/// back to its line and column in tako.yml.
enum ShellCheck {
    /// Codes that mean nothing for a run script: ShellCheck cannot follow a `source`d file
    /// of the repository (the checkout is not where the check runs).
    static let excluded = ["SC1091"]

    /// "A constant expression", "a loop over one word": true of a placeholder written as a
    /// plain word (in single quotes), never of the value that takes its place. Dropped when
    /// such a placeholder is on the finding's lines.
    static let constantCodes: Set<Int> = [2043, 2050, 2078, 2157, 2193, 2194]

    /// Scripts per ShellCheck process: the distinct scripts shared out over the cores, at
    /// least `minBatch` per process (each costs a start) and at most `maxBatch` (so that a
    /// slow one holds back only its own batch).
    static let minBatch = 32
    static let maxBatch = 400

    /// The longest script given to ShellCheck, in characters. ShellCheck reads a few
    /// hundred lines in a fraction of a second, but a long script costs it seconds (64 KB
    /// of `echo hi; ` take it 2.4 s of CPU time, 1 MB more than 20 s).
    static let maxCharacters = 16_000

    /// The findings for the run scripts of `files`, and a remark to print when ShellCheck
    /// could not check them (not installed, failed, too slow).
    static func check(_ files: [LoweredFile], options: ShellCheckOptions) -> (diagnostics: [Diagnostic], remarks: [String]) {
        guard options.enabled else { return ([], []) }
        var scripts: [(script: RunScript, source: SourceFile)] = []
        for file in files { for s in file.runScripts { scripts.append((s, file.source)) } }
        guard !scripts.isEmpty else { return ([], []) }
        guard let executable = locate(in: options.searchPath) else {
            return (
                [],
                [
                    "ShellCheck is not installed ('shellcheck' is not on PATH), so the \(scripts.count) run script\(scripts.count == 1 ? " was" : "s were") not checked; install it (apt-get install shellcheck) or pass --no-shellcheck"
                ]
            )
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("takoc-shellcheck-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rendered = scripts.map { Rendered($0.script) }
        // Each distinct text is checked once (a file of a thousand `run: make` costs one);
        // a script too long for ShellCheck to read in reasonable time is left out.
        var texts: [String] = []
        var textIndex: [String: Int] = [:]
        var textOf: [Int?] = []
        var tooLong = 0
        for r in rendered {
            if r.count > maxCharacters {
                tooLong += 1
                textOf.append(nil)
            } else if let i = textIndex[r.text] {
                textOf.append(i)
            } else {
                textIndex[r.text] = texts.count
                textOf.append(texts.count)
                texts.append(r.text)
            }
        }
        var remarks: [String] = []
        if tooLong > 0 {
            remarks.append(
                "\(tooLong) run script\(tooLong == 1 ? " is" : "s are") longer than \(maxCharacters) characters and \(tooLong == 1 ? "was" : "were") not checked with ShellCheck; keep a long script in a file of the repository and run that file"
            )
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (i, text) in texts.enumerated() {
                try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(i).sh"))
            }
        } catch {
            return ([], ["cannot write the run scripts for ShellCheck: \(SystemErrorText.words(for: error)); they were not checked"])
        }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = min(maxBatch, max(minBatch, (texts.count + cores - 1) / cores))
        let batches = stride(from: 0, to: texts.count, by: size).map { $0..<min(texts.count, $0 + size) }
        let outcomes = Outcomes(count: batches.count)
        DispatchQueue.concurrentPerform(iterations: batches.count) { b in
            outcomes.set(b, run(executable, batch: batches[b], batchNumber: b, in: folder, options: options))
        }
        var commentsOf: [Int: [Comment]] = [:]
        for (batch, outcome) in zip(batches, outcomes.all) {
            switch outcome {
            case .failure(let why):
                let count = textOf.filter { $0.map(batch.contains) ?? false }.count
                remarks.append("\(why), so \(count) run script\(count == 1 ? " was" : "s were") not checked")
            case .success(let comments):
                for c in comments {
                    guard let i = Int(c.file.dropLast(3)), batch.contains(i) else { continue }
                    commentsOf[i, default: []].append(c)
                }
            }
        }
        var diagnostics: [Diagnostic] = []
        for (i, text) in textOf.enumerated() {
            guard let text, let list = commentsOf[text] else { continue }
            diagnostics += findings(list, rendered[i], scripts[i].script, source: scripts[i].source)
        }
        return (diagnostics, remarks)
    }

    /// The first executable `shellcheck` on `path`.
    static func locate(in path: String) -> String? {
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/shellcheck"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// One finding of ShellCheck's `json1` output. Lines and columns count from 1 in
    /// characters (a tab is one); the end column is exclusive.
    struct Comment: Decodable, Sendable {
        var file: String
        var line: Int
        var endLine: Int
        var column: Int
        var endColumn: Int
        var level: String
        var code: Int
        var message: String
    }

    private struct Output: Decodable { var comments: [Comment] }

    /// Runs one ShellCheck over the scripts `batch` (`N.sh` in `folder`), its output in files
    /// so that neither side can block on a pipe.
    static func run(
        _ executable: String, batch: Range<Int>, batchNumber: Int, in folder: String, options: ShellCheckOptions
    ) -> Result<[Comment], Failure> {
        let out = "\(folder)/out-\(batchNumber).json", err = "\(folder)/err-\(batchNumber).txt"
        let arguments =
            [
                "--format=json1", "--shell=sh", "--norc", "--severity=\(options.minimumLevel.rawValue)",
                "--exclude=\(excluded.joined(separator: ","))", "--",
            ] + batch.map { "\($0).sh" }
        let child: ChildSpawn.Child
        do {
            let pid = try ChildSpawn.start(
                executable, arguments, environment: ["PATH": options.searchPath, "LC_ALL": "C.UTF-8"], directory: folder,
                stdin: .null, stdout: .file(out), stderr: .file(err))
            child = ChildSpawn.Child(pid: pid)
        } catch {
            return .failure(Failure("ShellCheck could not be started (\(error.description))"))
        }
        guard let status = child.wait(timeout: options.timeout) else {
            kill(child.pid, SIGKILL)
            _ = child.wait()
            return .failure(Failure("ShellCheck did not finish within \(Int(options.timeout)) seconds"))
        }
        let data = FileManager.default.contents(atPath: out) ?? Data()
        // 0: no findings, 1: findings; anything else is ShellCheck's own failure.
        if status == 0 || status == 1, let output = try? JSONDecoder().decode(Output.self, from: data) {
            return .success(output.comments)
        }
        let message =
            (FileManager.default.contents(atPath: err).map { String(decoding: $0, as: UTF8.self) } ?? "")
            .split(separator: "\n").first.map(String.init) ?? ""
        return .failure(Failure("ShellCheck failed (exit status \(status)\(message.isEmpty ? "" : ": \(message)"))"))
    }

    struct Failure: Error, Sendable {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The results of the batches, each written by its own iteration.
    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<[Comment], Failure>]

        init(count: Int) { results = Array(repeating: .success([]), count: count) }

        func set(_ i: Int, _ r: Result<[Comment], Failure>) { lock.withLock { results[i] = r } }
        var all: [Result<[Comment], Failure>] { lock.withLock { results } }
    }

    /// A script as ShellCheck reads it: the holes replaced by placeholders, with the way
    /// back from its offsets (Unicode scalars) to the value's.
    struct Rendered {
        var text: String
        /// Where each line of `text` starts.
        var lineStarts: [Int] = [0]
        var count = 0
        /// The placeholders: their range in `text`, the hole's in the value, and their kind.
        var holes: [(rendered: Range<Int>, original: Range<Int>, placeholder: RunScript.Placeholder)] = []

        init(_ script: RunScript) {
            let value = Array(script.text.unicodeScalars)
            var out = String.UnicodeScalarView()
            var at = 0
            var lineStarts = [0]
            var count = 0
            var holes: [(rendered: Range<Int>, original: Range<Int>, placeholder: RunScript.Placeholder)] = []
            func append<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
                for s in scalars {
                    out.append(s)
                    count += 1
                    if s == "\n" { lineStarts.append(count) }
                }
            }
            for (range, placeholder) in script.holes() {
                append(value[at..<range.lowerBound])
                let start = count
                append(Self.placeholder(placeholder, length: range.count).unicodeScalars)
                holes.append((start..<count, range, placeholder))
                at = range.upperBound
            }
            append(value[at...])
            text = String(out)
            self.lineStarts = lineStarts
            self.count = count
            self.holes = holes
        }

        /// `${TAKO_HOLE}` or `TAKO_HOLE`, as long as the hole where it can be (so that the
        /// columns ShellCheck prints are the file's), on one line.
        static func placeholder(_ kind: RunScript.Placeholder, length: Int) -> String {
            func name(_ n: Int) -> String {
                let base = "TAKO_HOLE"
                let n = max(n, 2)
                return n <= base.count ? String(base.prefix(n)) : base + String(repeating: "_", count: n - base.count)
            }
            switch kind {
            case .expansion: return "${" + name(length - 3) + "}"
            case .literal: return name(length)
            }
        }

        /// The offset in `text` of a line and column of ShellCheck's (clamped to the text).
        func offset(line: Int, column: Int) -> Int {
            guard line >= 1 else { return 0 }
            guard line <= lineStarts.count else { return count }
            let start = lineStarts[line - 1]
            // The line's end: its line break, or the end of the text.
            let end = line < lineStarts.count ? lineStarts[line] - 1 : count
            return min(start + max(0, column - 1), end)
        }

        /// The value's offset for an offset of `text`: inside a placeholder, the hole's start
        /// (or its end, for the end of a range).
        func original(_ offset: Int, isEnd: Bool) -> Int {
            var shift = 0
            for h in holes {
                if offset < h.rendered.lowerBound { break }
                if offset < h.rendered.upperBound || (isEnd && offset == h.rendered.upperBound) {
                    return isEnd && offset > h.rendered.lowerBound ? h.original.upperBound : h.original.lowerBound
                }
                shift = h.original.upperBound - h.rendered.upperBound
            }
            return offset + shift
        }

        /// The placeholder that holds the whole range, if one does.
        func placeholder(holding range: Range<Int>) -> Int? {
            holes.firstIndex {
                $0.rendered.lowerBound <= range.lowerBound && range.upperBound <= $0.rendered.upperBound
                    && range.lowerBound < $0.rendered.upperBound
            }
        }

        /// Whether a plain-word placeholder stands on lines `lines` of the text.
        func hasLiteralPlaceholder(onLines lines: ClosedRange<Int>) -> Bool {
            guard lines.lowerBound >= 1, lines.lowerBound <= lineStarts.count else { return false }
            let from = lineStarts[lines.lowerBound - 1]
            let to = lines.upperBound < lineStarts.count ? lineStarts[lines.upperBound] : count
            return holes.contains { $0.placeholder == .literal && $0.rendered.lowerBound < to && $0.rendered.upperBound > from }
        }
    }

    /// ShellCheck's findings for one script as diagnostics at their place in tako.yml, less
    /// those that are about a placeholder rather than the script.
    static func findings(_ comments: [Comment], _ rendered: Rendered, _ script: RunScript, source: SourceFile) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var position: ((Int) -> SourceLocation)?
        for c in comments {
            let start = rendered.offset(line: c.line, column: c.column)
            let end = max(start, rendered.offset(line: c.endLine, column: c.endColumn))
            if rendered.placeholder(holding: start..<max(end, start + 1)) != nil { continue }
            if constantCodes.contains(c.code), rendered.hasLiteralPlaceholder(onLines: c.line...max(c.line, c.endLine)) { continue }
            if c.code == 2154, let name = c.message.split(separator: " ").first, script.environment.contains(String(name)) { continue }
            if position == nil { position = script.positions(in: source) }
            let from = position!(rendered.original(start, isEnd: false))
            let to = position!(rendered.original(end, isEnd: true))
            let code = "SC\(c.code)"
            var notes = [DiagnosticNote("see https://www.shellcheck.net/wiki/\(code)")]
            if !script.mapsExactly {
                notes.insert(
                    DiagnosticNote(
                        "at line \(c.line), column \(c.column) of the script; a quoted scalar over several lines is shown at its start"),
                    at: 0)
            }
            var d = Diagnostic(
                .shellcheck, "ShellCheck \(code) (\(c.level)): \(c.message)",
                at: SourceRange(path: script.path, start: from, end: max(from, to)), notes: notes)
            d.code = code
            d.severity = c.level == "error" || c.level == "warning" ? .warning : .note
            out.append(d)
        }
        return out
    }
}
