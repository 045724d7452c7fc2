import TakoBasics
import TakoIR
import TakoSyntax

/// The state of lowering one file: the diagnostics so far, and typed accessors over the
/// located tree that report what they expected instead of failing. Lowering keeps going
/// after an error; a nil from an accessor means "already reported, skip this value".
struct Lowerer {
    let file: ParsedFile
    /// What the files lowered before this one already compiled and parsed.
    let expressions: CompiledExpressions
    var diagnostics: [Diagnostic] = []
    /// Which language the file is read in, decided by its `version` before anything else.
    var dialect: Dialect = .native
    /// The edits that turn the file into this project's form (`takoc migrate`).
    var migration: [MigrationEdit] = []
    /// The workflow being lowered, and where its run commands put values (read by the
    /// shell-injection check once the subscriptions are known).
    var currentWorkflow = ""
    var shellUses: [ShellUse] = []
    /// The run commands whose holes lowered, for the checkers of their scripts (only when
    /// `keepsRunScripts`).
    var runScripts: [RunScript] = []
    var keepsRunScripts = true

    init(file: ParsedFile, expressions: CompiledExpressions) {
        self.file = file
        self.expressions = expressions
    }

    var path: String { file.source.path }

    mutating func report(
        _ id: DiagnosticID, _ message: String, at range: SourceRange, notes: [DiagnosticNote] = [], fix: DiagnosticFix? = nil
    ) {
        diagnostics.append(Diagnostic(id, message, at: range, notes: notes, fix: fix))
    }

    // MARK: mappings

    /// The pairs of a mapping, checked against `table`: duplicate keys, unknown keys (with a
    /// suggestion), keys not handled yet and keys the Go tool ignored. Returns the accepted
    /// entries by key, in file order.
    mutating func fields(_ node: YAMLNode, _ table: KeyTable) -> Fields? {
        guard let pairs = mapping(node, what: table.context) else { return nil }
        var fields = Fields(node: node)
        fields.entries.reserveCapacity(pairs.count)
        var seen = SeenKeys(capacity: pairs.count)
        for pair in pairs {
            guard let key = scalarKey(pair.key) else { continue }
            if let first = seen.insert(key, at: pair.key.range) {
                report(
                    .duplicateKey, "duplicate key '\(key)' in \(table.context)", at: pair.key.range,
                    notes: [.firstDefined(key, at: first)])
                continue
            }
            if key.utf8.first == UInt8(ascii: "x"), key.hasPrefix("x-") { continue }
            if dialect == .go, let goKey = table.goDialect[key] {
                goIgnored(key, pair, in: table, hint: goKey.hint)
                if case .kept = goKey {
                    fields.entries.append((key, pair))
                } else {
                    migration.append(
                        MigrationEdit(.commentOut, at: Self.pairRange(pair), because: "'\(key)' had no effect under the Go tool"))
                }
                continue
            }
            switch table.entries[key] {
            case .supported?:
                fields.entries.append((key, pair))
            case .ignoredByGoTool(let what)?:
                report(
                    .ignoredKey, "'\(key)' is accepted for compatibility with the Go tool but has no effect: \(what)", at: pair.key.range)
            case nil:
                if dialect == .go {
                    // The Go tool decoded into structs and dropped every key it had no field for.
                    var hint = table.goHabits[key] ?? table.foreignKeys[key] ?? ""
                    if hint.isEmpty {
                        hint =
                            Suggestions.closest(to: key, in: table.allKeys, maxDistance: 2).map { "'\($0)'" }
                            ?? "nothing; keep a note as a YAML comment, or as an 'x-' key"
                    }
                    goIgnored(key, pair, in: table, hint: hint)
                    migration.append(
                        MigrationEdit(.commentOut, at: Self.pairRange(pair), because: "'\(key)' had no effect under the Go tool"))
                    continue
                }
                var hint = Suggestions.didYouMean(key, in: table.allKeys)
                if hint.isEmpty, let known = table.foreignKeys[key] { hint = "; \(known)" }
                report(.unknownKey, "unexpected key '\(key)' in \(table.context)\(hint)", at: pair.key.range)
            }
        }
        return fields
    }

    /// The warning for a key the Go tool dropped, in a file read in its dialect.
    mutating func goIgnored(_ key: String, _ pair: YAMLPair, in table: KeyTable, hint: String) {
        report(
            .goIgnoredKey, "'\(key)' in \(table.context) has no effect: the Go tool ignored it; probably meant: \(hint)", at: pair.key.range
        )
    }

    /// From a key's start to its value's end.
    static func pairRange(_ pair: YAMLPair) -> SourceRange {
        SourceRange(path: pair.key.range.path, start: pair.key.range.start, end: pair.value.range.end)
    }

    mutating func mapping(_ node: YAMLNode, what: String) -> [YAMLPair]? {
        if let pairs = node.mapping { return pairs }
        if node.scalar?.isNull == true { return [] }
        report(.wrongType, "expected a mapping for \(what), found \(node.kindDescription)", at: node.range)
        return nil
    }

    mutating func sequence(_ node: YAMLNode, what: String) -> [YAMLNode]? {
        if let items = node.sequence { return items }
        if node.scalar?.isNull == true { return [] }
        report(.wrongType, "expected a sequence for \(what), found \(node.kindDescription)", at: node.range)
        return nil
    }

    private mutating func scalarKey(_ node: YAMLNode) -> String? {
        guard let s = node.scalar else {
            report(.wrongType, "expected a plain key, found \(node.kindDescription)", at: node.range)
            return nil
        }
        return s.value
    }

    // MARK: scalars

    mutating func string(_ node: YAMLNode, what: String) -> Located<String>? {
        guard let s = node.scalar, !(s.isNull && s.style == .plain && s.value.isEmpty) else {
            report(.wrongType, "expected a string for \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        return Located(s.value, at: node.range)
    }

    mutating func bool(_ node: YAMLNode, what: String) -> Bool? {
        if let s = node.scalar, s.style == .plain {
            switch s.value {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        report(.wrongType, "expected true or false for \(what), found \(describe(node))", at: node.range)
        return nil
    }

    mutating func number(_ node: YAMLNode, what: String) -> Double? {
        if let s = node.scalar, s.style == .plain, let d = Double(s.value), d.isFinite { return d }
        report(.wrongType, "expected a number for \(what), found \(describe(node))", at: node.range)
        return nil
    }

    mutating func positiveInt(_ node: YAMLNode, what: String, max: Int) -> Int? {
        if let s = node.scalar, s.style == .plain, let n = Int(s.value) {
            if n >= 1 && n <= max { return n }
            report(.outOfRange, "\(what) must be between 1 and \(max), found \(n)", at: node.range)
            return nil
        }
        report(.wrongType, "expected a whole number for \(what), found \(describe(node))", at: node.range)
        return nil
    }

    /// A whole number (negative allowed) within `bounds`.
    mutating func wholeNumber(_ node: YAMLNode, what: String, in bounds: ClosedRange<Int>) -> Located<Int>? {
        if let s = node.scalar, s.style == .plain, let n = Int(s.value) {
            if bounds.contains(n) { return Located(n, at: node.range) }
            report(.outOfRange, "\(what) must be between \(bounds.lowerBound) and \(bounds.upperBound), found \(n)", at: node.range)
            return nil
        }
        report(.wrongType, "expected a whole number for \(what), found \(describe(node))", at: node.range)
        return nil
    }

    /// A duration between one second and a week.
    mutating func duration(_ node: YAMLNode, what: String) -> Located<DurationValue>? {
        guard let text = string(node, what: what) else { return nil }
        guard let d = DurationValue(parsing: text.value) else {
            report(.invalidDuration, "expected a duration like '90s', '5m' or '1h30m' for \(what), found '\(text.value)'", at: node.range)
            return nil
        }
        guard d.seconds >= 1, d.seconds <= 7 * 24 * 3600 else {
            report(.outOfRange, "\(what) must be between 1s and 168h, found '\(text.value)'", at: node.range)
            return nil
        }
        return Located(d, at: node.range)
    }

    mutating func name(_ node: YAMLNode, what: String) -> Located<String>? {
        guard let s = string(node, what: what) else { return nil }
        guard NameRules.isName(s.value) else {
            report(
                .invalidName, "\(what) '\(s.value)' must start with a letter and contain only letters, digits, '_' and '-'", at: node.range)
            return nil
        }
        return s
    }

    mutating func eventType(_ node: YAMLNode) -> Located<String>? {
        guard let s = string(node, what: "an event type") else { return nil }
        guard NameRules.isEventType(s.value) else {
            report(
                .invalidEventType, "event type '\(s.value)' must be snake_case: a lowercase letter, then lowercase letters, digits and '_'",
                at: node.range)
            return nil
        }
        return s
    }

    func describe(_ node: YAMLNode) -> String {
        if let s = node.scalar, !s.isNull { return "'\(s.value)'" }
        return node.kindDescription
    }
}

/// The keys of one mapping seen so far, with where each was first given. A mapping has a
/// handful of keys: scanning them costs less than a dictionary made for every mapping of
/// every file. A dictionary takes over for long mappings.
struct SeenKeys {
    private static let scanLimit = 32
    private var list: [(key: String, range: SourceRange)] = []
    private var table: [String: SourceRange]?

    init(capacity: Int) {
        if capacity > Self.scanLimit { table = [:] } else { list.reserveCapacity(capacity) }
    }

    /// Records `key` when new (nil); otherwise returns where it was first given.
    mutating func insert(_ key: String, at range: SourceRange) -> SourceRange? {
        if table != nil {
            if let first = table![key] { return first }
            table![key] = range
            return nil
        }
        if let first = list.first(where: { $0.key == key }) { return first.range }
        list.append((key, range))
        return nil
    }
}

/// The accepted entries of one mapping, in file order.
struct Fields {
    let node: YAMLNode
    var entries: [(key: String, pair: YAMLPair)] = []

    // (By index: `first` would copy the whole entry, both nodes of the pair included.)
    subscript(key: String) -> YAMLNode? {
        guard let i = index(of: key) else { return nil }
        return entries[i].pair.value
    }

    func keyRange(_ key: String) -> SourceRange? {
        guard let i = index(of: key) else { return nil }
        return entries[i].pair.key.range
    }

    /// The entry whose key is `key` byte for byte (the key tables' names are ASCII). Lengths
    /// first: most keys asked for differ from most keys written in length, and comparing
    /// two different strings with `==` takes the slow path of Unicode comparison.
    private func index(of key: String) -> Int? {
        let length = key.utf8.count
        return entries.firstIndex { $0.key.utf8.count == length && $0.key == key }
    }
}
