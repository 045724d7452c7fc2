// The scanner shared by version parsing and range parsing: one version literal
// (`v1.2.x-rc.1+b5`) read from an array of Unicode scalars, with its columns.

/// A version as written in a range or version string, before any meaning is given to
/// missing parts or wildcards.
struct VersionLiteral: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case number(UInt64)
        case wildcard
    }

    /// One to three parts; wildcards only where the rules allow them.
    var parts: [Part]
    var prerelease: [PrereleaseIdentifier]
    var build: [String]
    /// Scalar offsets of the literal inside the scanned text.
    var span: Range<Int>
    /// The literal as written (with a `v` if there was one).
    var text: String

    /// Index of the first wildcard part, or nil (`1.x` → 1, `*` → 0, `1.2` → nil).
    var firstWildcard: Int? { parts.firstIndex(of: .wildcard) }

    /// The numeric value of part `i`, or 0 when missing, a wildcard, or after a
    /// wildcard (`1.x.3` reads as 1.x, as in Masterminds).
    func number(_ i: Int) -> UInt64 {
        if let w = firstWildcard, i >= w { return 0 }
        guard i < parts.count, case .number(let n) = parts[i] else { return 0 }
        return n
    }
}

/// What a literal may contain in a given context.
struct LiteralRules: Sendable {
    var allowV = true
    var allowPartial = true
    var allowWildcards = false
    var allowLeadingZeros = true
    /// Stop before `..` (the interval notation's `...`) instead of treating it as parts.
    var stopAtEllipsis = false

    static let strictVersion = LiteralRules(allowV: false, allowPartial: false, allowLeadingZeros: false)
    static let coercingVersion = LiteralRules()
    static let partialVersion = LiteralRules(allowLeadingZeros: false)
    static let constraint = LiteralRules(allowWildcards: true)
    static let intervalBound = LiteralRules(stopAtEllipsis: true)
}

enum Scalars {
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    static func isIdentifierChar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 45
    }
    static func isWildcard(_ s: Unicode.Scalar) -> Bool { s == "x" || s == "X" || s == "*" }
    /// Go's `\s`: space, tab, newline, carriage return, form feed (and vertical tab).
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.value == 0x0C || s.value == 0x0B
    }
}

/// Reads one version literal starting at `start`; stops at the first character that
/// cannot continue it and returns the literal and that position. The caller decides
/// whether what follows is allowed.
func scanVersionLiteral(
    _ s: [Unicode.Scalar], from start: Int, rules: LiteralRules
)
    -> Result<(VersionLiteral, Int), SemverParseError>
{
    var i = start
    func col(_ a: Int, _ b: Int) -> Range<Int> { (a + 1)..<(max(b, a + 1) + 1) }
    func runEnd(_ from: Int) -> Int {
        var j = from
        while j < s.count, Scalars.isIdentifierChar(s[j]) || s[j] == "." || s[j] == "+" { j += 1 }
        return j
    }
    if i < s.count, s[i] == "v" {
        guard rules.allowV else {
            return .failure(.init(.leadingV, "a strict version has no leading 'v'", columns: col(i, i + 1)))
        }
        i += 1
    }
    var parts: [VersionLiteral.Part] = []
    while true {
        let partStart = i
        if i < s.count, Scalars.isDigit(s[i]) {
            while i < s.count, Scalars.isDigit(s[i]) { i += 1 }
            let digits = s[partStart..<i]
            if digits.count > 1, digits.first == "0", !rules.allowLeadingZeros {
                return .failure(
                    .init(
                        .invalidNumber, "version number \(quoted(digits)) has a leading zero",
                        columns: col(partStart, i)))
            }
            var value: UInt64 = 0
            for d in digits {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(d.value - 48))
                if o1 || o2 {
                    return .failure(
                        .init(
                            .invalidNumber, "version number \(quoted(digits)) is too large",
                            columns: col(partStart, i)))
                }
                value = a
            }
            parts.append(.number(value))
        } else if i < s.count, rules.allowWildcards, Scalars.isWildcard(s[i]) {
            i += 1
            parts.append(.wildcard)
        } else {
            let what = parts.isEmpty ? "a version number" : "a number after '.'"
            if i >= s.count {
                return .failure(.init(.missingVersion, "expected \(what) at the end", columns: col(i, i + 1)))
            }
            return .failure(
                .init(
                    .unexpectedCharacter, "expected \(what), found \(quoted(s[i..<(i + 1)]))",
                    columns: col(i, i + 1)))
        }
        guard i < s.count, s[i] == "." else { break }
        if rules.stopAtEllipsis, i + 1 < s.count, s[i + 1] == "." { break }
        if parts.count == 3 {
            let end = runEnd(i + 1)
            return .failure(
                .init(
                    .tooManyParts,
                    "unexpected \(quoted(s[i..<end])) after \(quoted(s[start..<i])); a version has at most three numbers",
                    columns: col(i, end)))
        }
        i += 1
    }
    if parts.count < 3, !rules.allowPartial {
        return .failure(
            .init(
                .partialVersion,
                "\(quoted(s[start..<i])) is not a full version; write major.minor.patch",
                columns: col(start, i)))
    }
    var prerelease: [PrereleaseIdentifier] = []
    if i < s.count, s[i] == "-" {
        switch scanIdentifiers(s, from: i + 1, numericRule: true, rules: rules) {
        case .failure(let e): return .failure(e)
        case .success(let (ids, end)):
            prerelease = ids.map { PrereleaseIdentifier(Substring($0)) }
            i = end
        }
    }
    var build: [String] = []
    if i < s.count, s[i] == "+" {
        switch scanIdentifiers(s, from: i + 1, numericRule: false, rules: rules) {
        case .failure(let e): return .failure(e)
        case .success(let (ids, end)):
            build = ids
            i = end
        }
    }
    return .success(
        (
            VersionLiteral(
                parts: parts, prerelease: prerelease, build: build,
                span: start..<i, text: asciiString(s, start..<i)), i
        ))
}

/// The text of scalars already known to be ASCII (the scanner accepts nothing else),
/// built byte by byte: far cheaper than appending scalars to a string.
func asciiString(_ s: [Unicode.Scalar], _ r: Range<Int>) -> String {
    String(unsafeUninitializedCapacity: r.count) { buffer in
        var k = 0
        for i in r {
            buffer[k] = UInt8(truncatingIfNeeded: s[i].value)
            k += 1
        }
        return k
    }
}

/// Dot-separated identifiers after `-` (prerelease) or `+` (build metadata).
private func scanIdentifiers(
    _ s: [Unicode.Scalar], from start: Int, numericRule: Bool, rules: LiteralRules
)
    -> Result<([String], Int), SemverParseError>
{
    let kind: SemverDiagnosticID = numericRule ? .invalidPrerelease : .invalidBuild
    let name = numericRule ? "prerelease" : "build metadata"
    var ids: [String] = []
    var i = start
    while true {
        let idStart = i
        while i < s.count, Scalars.isIdentifierChar(s[i]) { i += 1 }
        if i == idStart {
            let found = i < s.count ? "found \(quoted(s[i..<(i + 1)]))" : "found the end"
            return .failure(
                .init(
                    kind, "expected a \(name) identifier (letters, digits, '-'), \(found)",
                    columns: (i + 1)..<(i + 2)))
        }
        let id = s[idStart..<i]
        if numericRule, id.count > 1, id.first == "0", id.allSatisfy(Scalars.isDigit) {
            return .failure(
                .init(
                    kind, "numeric prerelease identifier \(quoted(id)) has a leading zero",
                    columns: (idStart + 1)..<(i + 1)))
        }
        ids.append(asciiString(s, idStart..<i))
        guard i < s.count, s[i] == "." else { break }
        if rules.stopAtEllipsis, i + 1 < s.count, s[i + 1] == "." { break }
        i += 1
    }
    return .success((ids, i))
}
