// Reads a range string into `RangeSyntax`. One function per production:
//
//   range       = alternative { "||" alternative }
//   alternative = ws ( interval | group ) ws
//   interval    = ( "[" | "(" ) ws version ws "..." ws [ version ] ws ( "]" | ")" )
//   group       = term { ( ws+ | ws "," ws ) term }
//   term        = version ws+ "-" ws+ version        (hyphen range, bare versions)
//               | operator ws version
//   operator    = "" | "=" | "!=" | ">" | ">=" | "=>" | "<" | "<=" | "=<" | "~" | "~>" | "^"
//
// Versions in a group may be partial and use wildcards (`1.x`, `*`), a `v` and leading
// zeros, as Masterminds accepts; interval bounds may be partial but not wildcards.

struct RangeParser {
    let s: [Unicode.Scalar]
    var i = 0

    init(_ text: String) { s = Array(text.unicodeScalars) }

    static func parse(_ text: String) -> Result<RangeSyntax, SemverParseError> {
        var p = RangeParser(text)
        do { return .success(try p.parseRange()) } catch { return .failure(error) }
    }

    private func cols(_ a: Int, _ b: Int) -> Range<Int> { (a + 1)..<(max(b, a + 1) + 1) }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }
    private mutating func skipSpaces() { while let c = peek(), Scalars.isSpace(c) { i += 1 } }
    private func found(_ at: Int) -> String { at < s.count ? quoted(s[at..<(at + 1)]) : "the end" }

    mutating func parseRange() throws(SemverParseError) -> RangeSyntax {
        if s.allSatisfy(Scalars.isSpace) {
            throw .init(.empty, "expected a version range, found an empty string", columns: cols(0, max(s.count, 1)))
        }
        var alternatives: [RangeAlternative] = []
        while true {
            alternatives.append(try parseAlternative())
            if i >= s.count { break }
            // parseAlternative stops only at the end or at "||".
            i += 2
        }
        return RangeSyntax(alternatives: alternatives)
    }

    private func atOr() -> Bool { peek() == "|" && peek(1) == "|" }

    mutating func parseAlternative() throws(SemverParseError) -> RangeAlternative {
        let start = i
        skipSpaces()
        if i >= s.count || atOr() {
            let at = i >= s.count ? max(start - 2, 0) : i
            throw .init(.emptyAlternative, "expected a range on each side of '||'", columns: cols(at, at + 2))
        }
        let alternative: RangeAlternative
        if peek() == "[" || peek() == "(" {
            alternative = .interval(try parseInterval())
        } else {
            alternative = .comparators(try parseGroup())
        }
        skipSpaces()
        if i < s.count, !atOr() {
            throw .init(.unexpectedCharacter, "unexpected \(found(i)); expected '||' or the end", columns: cols(i, i + 1))
        }
        return alternative
    }

    mutating func parseInterval() throws(SemverParseError) -> IntervalSyntax {
        let open = i
        let lowerInclusive = s[i] == "["
        i += 1
        skipSpaces()
        let lower = try parseIntervalBound()
        skipSpaces()
        guard peek() == ".", peek(1) == ".", peek(2) == "." else {
            throw .init(
                .malformedInterval, "expected '...' between the bounds of an interval, found \(found(i))",
                columns: cols(i, i + 1))
        }
        i += 3
        skipSpaces()
        var upper: Version?
        if let c = peek(), c != "]", c != ")" { upper = try parseIntervalBound() }
        skipSpaces()
        guard let close = peek(), close == "]" || close == ")" else {
            throw .init(
                .malformedInterval, "expected ']' or ')' to close the interval opened at column \(open + 1), found \(found(i))",
                columns: cols(i, i + 1))
        }
        i += 1
        return IntervalSyntax(
            lower: lower, lowerInclusive: lowerInclusive, upper: upper,
            upperInclusive: upper == nil || close == "]", columns: cols(open, i))
    }

    private mutating func parseIntervalBound() throws(SemverParseError) -> Version {
        var rules = LiteralRules.intervalBound
        rules.allowWildcards = true
        let literal: VersionLiteral
        switch scanVersionLiteral(s, from: i, rules: rules) {
        case .failure(let e): throw e
        case .success(let (l, end)): literal = l; i = end
        }
        if literal.firstWildcard != nil {
            throw .init(
                .wildcardInInterval, "an interval bound must be a version, not the wildcard \(quoted(literal.text.unicodeScalars[...]))",
                columns: cols(literal.span.lowerBound, literal.span.upperBound))
        }
        return literal.filledVersion
    }

    mutating func parseGroup() throws(SemverParseError) -> [Comparator] {
        var comparators: [Comparator] = []
        while true {
            comparators.append(contentsOf: try parseTerm())
            let afterTerm = i
            skipSpaces()
            if i >= s.count || atOr() { return comparators }
            if peek() == "," {
                i += 1
                skipSpaces()
                if i >= s.count || atOr() || peek() == "," {
                    throw .init(.emptyAlternative, "expected a constraint after ','", columns: cols(i - 1, i))
                }
                continue
            }
            if i == afterTerm {
                throw .init(
                    .unexpectedCharacter,
                    "unexpected \(found(i)) after \(quoted(s[comparators.last!.columns.lowerBound - 1..<i])); separate constraints with a space or ','",
                    columns: cols(i, i + 1))
            }
        }
    }

    /// One comparator, or the two of a hyphen range.
    mutating func parseTerm() throws(SemverParseError) -> [Comparator] {
        let start = i
        let (op, spelling) = parseOperator()
        let opEnd = i
        skipSpaces()
        if i >= s.count || atOr() || peek() == "," {
            if op == .none {
                throw .init(.unexpectedCharacter, "expected a version, found \(found(i))", columns: cols(i, i + 1))
            }
            throw .init(.missingVersion, "expected a version after '\(spelling)'", columns: cols(start, opEnd))
        }
        let literal = try parseLiteral()
        if op == .none, let hyphen = try parseHyphenUpper() {
            let low = comparator(.greaterOrEqual, ">=", literal, start: start)
            var high = comparator(.lessOrEqual, "<=", hyphen, start: hyphen.span.lowerBound)
            high.columns = cols(start, hyphen.span.upperBound)
            try checkQuirks(high, literal: hyphen, hyphenUpper: true)
            return [low, high]
        }
        let c = comparator(op, spelling, literal, start: start)
        try checkQuirks(c, literal: literal)
        return [c]
    }

    private mutating func parseLiteral() throws(SemverParseError) -> VersionLiteral {
        switch scanVersionLiteral(s, from: i, rules: .constraint) {
        case .failure(let e): throw e
        case .success(let (l, end)): i = end; return l
        }
    }

    /// After a bare version: ` - VERSION` makes a hyphen range (spaces required on both
    /// sides of the dash, as in Masterminds and npm).
    private mutating func parseHyphenUpper() throws(SemverParseError) -> VersionLiteral? {
        var j = i
        while j < s.count, Scalars.isSpace(s[j]) { j += 1 }
        guard j > i, j < s.count, s[j] == "-" else { return nil }
        var k = j + 1
        while k < s.count, Scalars.isSpace(s[k]) { k += 1 }
        guard k > j + 1 else {
            throw .init(.unexpectedCharacter, "a hyphen range needs spaces around '-'", columns: cols(j, j + 1))
        }
        i = k
        if i >= s.count || atOr() {
            throw .init(.missingVersion, "expected a version after '-' of the hyphen range", columns: cols(j, j + 1))
        }
        return try parseLiteral()
    }

    private mutating func parseOperator() -> (ComparatorOperator, String) {
        guard let a = peek() else { return (.none, "") }
        let b = peek(1)
        let result: (ComparatorOperator, String, Int)
        switch (a, b) {
        case ("!", "="): result = (.notEqual, "!=", 2)
        case (">", "="): result = (.greaterOrEqual, ">=", 2)
        case ("=", ">"): result = (.greaterOrEqual, "=>", 2)
        case ("<", "="): result = (.lessOrEqual, "<=", 2)
        case ("=", "<"): result = (.lessOrEqual, "=<", 2)
        case ("~", ">"): result = (.tilde, "~>", 2)
        case ("=", _): result = (.equal, "=", 1)
        case (">", _): result = (.greater, ">", 1)
        case ("<", _): result = (.less, "<", 1)
        case ("~", _): result = (.tilde, "~", 1)
        case ("^", _): result = (.caret, "^", 1)
        default: return (.none, "")
        }
        i += result.2
        return (result.0, result.1)
    }

    private func comparator(_ op: ComparatorOperator, _ spelling: String, _ l: VersionLiteral, start: Int) -> Comparator {
        let precision: VersionPrecision
        switch l.firstWildcard ?? l.parts.count {
        case 0: precision = .any
        case 1: precision = .major
        case 2: precision = .minor
        default: precision = .exact
        }
        return Comparator(
            op: op, spelling: spelling, version: l.filledVersion, precision: precision,
            versionText: l.text, columns: cols(start, l.span.upperBound))
    }

    /// Rejects the forms whose Masterminds meaning is an upstream bug or special case.
    private func checkQuirks(_ c: Comparator, literal: VersionLiteral, hyphenUpper: Bool = false) throws(SemverParseError) {
        let v = c.version
        switch (c.op, c.precision) {
        case (.caret, .any):
            throw .init(
                .caretWildcard,
                "'\(c.sourceText)' would match only 0.0.0 in Masterminds/semver (an upstream bug); write '*' for any version or '^0' for 0.x",
                columns: c.columns)
        case (.tilde, .exact) where v.major == 0 && v.minor == 0 && v.patch == 0:
            throw .init(
                .tildeZero,
                "'\(c.sourceText)' would match every version in Masterminds/semver but only 0.0.x in npm; write '~0.0' for 0.0.x or '*' for any version",
                columns: c.columns)
        case (.lessOrEqual, .any) where hyphenUpper:
            throw .init(
                .wildcardComparison,
                "a hyphen range cannot end at the wildcard '\(c.versionText)' (Masterminds reads it as '<=0.0.x'); write '>=' and the lower version instead",
                columns: c.columns)
        case (.less, .any), (.lessOrEqual, .any), (.greater, .any), (.notEqual, .any):
            throw .init(
                .wildcardComparison,
                "'\(c.sourceText)' compares with a wildcard, which Masterminds and npm read differently; write a version, or '*' for any version",
                columns: c.columns)
        default:
            return
        }
    }
}
