/// How bad a diagnostic is. Ordered so that errors sort before warnings on the same spot.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A second location attached to a diagnostic ("'x' first defined here").
public struct DiagnosticNote: Hashable, Sendable, Codable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }

    /// The one wording of the note at the first of two things with the same name.
    public static func firstDefined(_ name: String, at range: SourceRange?) -> DiagnosticNote {
        DiagnosticNote("'\(name)' first defined here", at: range)
    }
}

/// A safe mechanical fix of a diagnostic: text replacing ranges of its file (`takoc check
/// --fix` applies it; JSON's `fix` and SARIF's `fixes` carry it). A range from a line's
/// first column to the next line's first column, replaced by nothing, removes the line.
public struct DiagnosticFix: Hashable, Sendable, Codable {
    public struct Replacement: Hashable, Sendable, Codable {
        public var range: SourceRange
        public var text: String

        public init(_ range: SourceRange, with text: String) {
            self.range = range
            self.text = text
        }
    }

    /// What the fix does, as an imperative: "remove the '$'".
    public var description: String
    public var replacements: [Replacement]

    public init(_ description: String, _ replacements: [Replacement]) {
        self.description = description
        self.replacements = replacements
    }
}

/// One finding of the compiler: where, which entry of the catalogue (`DiagnosticID`, which
/// also fixes how bad it is), a lowercase message with user text in quotes, and notes.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var severity: Severity
    public var id: DiagnosticID
    public var message: String
    public var range: SourceRange?
    public var notes: [DiagnosticNote]
    /// A safe mechanical fix, when there is one.
    public var fix: DiagnosticFix?
    /// The rule of the external tool that found it (ShellCheck's `SC2086`), when one did:
    /// JSON's `code`, SARIF's result property `code`.
    public var code: String?

    public init(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [DiagnosticNote] = [], fix: DiagnosticFix? = nil) {
        self.severity = id.severity
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
        self.fix = fix
    }
}

extension Diagnostic {
    /// The order every output uses: file, then position, then severity, then ID, then
    /// message, so that two runs print the same bytes.
    public static func stableOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let fa = a.range?.file ?? "", fb = b.range?.file ?? ""
        if fa != fb { return fa < fb }
        let la = a.range?.start ?? .init(line: 0, column: 0)
        let lb = b.range?.start ?? .init(line: 0, column: 0)
        if la != lb { return la < lb }
        if a.severity != b.severity { return a.severity < b.severity }
        if a.id != b.id { return a.id < b.id }
        return a.message < b.message
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted in the stable order, with exact duplicates removed.
    public func sortedForOutput() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return filter { seen.insert($0).inserted }.sorted(by: Diagnostic.stableOrder)
    }
}
