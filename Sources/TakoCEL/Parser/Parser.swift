// Recursive-descent parser for CEL, one function per production of Grammar/cel.ebnf.
// It never gives up on the first error and never recurses without bound: nesting
// beyond `maxDepth` becomes a diagnostic.

/// The result of parsing: the tree (absent when there were errors) and diagnostics.
public struct ParsedExpr: Sendable {
    public var expr: Expr?
    public var source: SourceInfo
    public var diagnostics: [CELDiagnostic]
    /// The largest node ID used, so later stages can mint fresh IDs.
    public var maxID: Int64
}

/// Options of the parser.
public struct ParserOptions: Sendable {
    public var macros: Bool = true
    public var maxDepth: Int = 250
    public init(macros: Bool = true, maxDepth: Int = 250) {
        self.macros = macros
        self.maxDepth = maxDepth
    }
}

struct Parser {
    var tokens: [Token]
    var position = 0
    var nextID: Int64 = 0
    var depth = 0
    let options: ParserOptions
    var source: SourceInfo
    var diagnostics: [CELDiagnostic] = []
    /// Set once the depth limit was hit, so the error is reported once.
    var tooDeep = false

    /// Parses `text` into an expression tree.
    static func parse(_ text: String, options: ParserOptions = ParserOptions()) -> ParsedExpr {
        var lexer = Lexer(text)
        var parser = Parser(tokens: lexer.tokenize(), options: options, source: SourceInfo(text: text))
        let expr = parser.parseStart()
        let failed = !parser.diagnostics.isEmpty
        return ParsedExpr(
            expr: failed ? nil : expr, source: parser.source,
            diagnostics: parser.diagnostics, maxID: parser.nextID)
    }

    var current: Token { tokens[position] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    mutating func accept(_ punct: String) -> Bool {
        if current.isPunct(punct) {
            advance()
            return true
        }
        return false
    }

    mutating func expect(_ punct: String) {
        if !accept(punct) { error("expected '\(punct)'", at: current) }
    }

    mutating func node(_ kind: Expr.Kind, at offset: Int) -> Expr {
        nextID += 1
        source.offsets[nextID] = offset
        return Expr(id: nextID, kind)
    }

    mutating func newID(at offset: Int) -> Int64 {
        nextID += 1
        source.offsets[nextID] = offset
        return nextID
    }

    mutating func error(_ message: String, at token: Token, kind: CELDiagnostic.Kind = .syntax) {
        error(message, offset: token.offset, kind: kind)
    }

    mutating func error(_ message: String, offset: Int, kind: CELDiagnostic.Kind = .syntax) {
        // After the depth limit, the rest of the input was skipped: no echoes.
        if tooDeep && kind != .nestingTooDeep { return }
        // One diagnostic per position is enough; the rest are echoes.
        let position = source.position(ofOffset: offset)
        if diagnostics.contains(where: { $0.position == position }) { return }
        diagnostics.append(CELDiagnostic(kind: kind, message: message, position: position))
    }

    /// A placeholder for a subtree that failed to parse.
    mutating func errorNode(at offset: Int) -> Expr {
        node(.constant(.null), at: offset)
    }

    mutating func parseStart() -> Expr {
        let expr = parseExpr()
        if current.kind != .eof {
            error(unexpectedMessage(current), at: current)
        }
        return expr
    }

    func unexpectedMessage(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "unexpected end of expression"
        case .error(let message): return message
        case .punct(let p): return "unexpected '\(p)'"
        case .ident(let name):
            let operators = ["and": "&&", "or": "||", "not": "!", "AND": "&&", "OR": "||", "NOT": "!"]
            return "unexpected identifier '\(name)'" + (operators[name].map { "; did you mean '\($0)'?" } ?? "")
        case .quotedIdent(let name): return "unexpected quoted identifier `\(name)`"
        default: return "unexpected literal"
        }
    }

    /// Enters one level of nesting; false (with a diagnostic) beyond the limit.
    mutating func enter() -> Bool {
        depth += 1
        return withinLimit(extra: 0)
    }

    /// Whether `extra` more levels (of a left-associative chain) stay within the
    /// limit; reports the depth error once when not.
    mutating func withinLimit(extra: Int) -> Bool {
        guard depth + extra > options.maxDepth else { return true }
        if !tooDeep {
            error("expression nested too deeply (limit \(options.maxDepth))", at: current, kind: .nestingTooDeep)
            tooDeep = true
        }
        return false
    }

    mutating func leave() { depth -= 1 }

    /// Skips the rest of the input after a fatal nesting error.
    mutating func bail() -> Expr {
        let offset = current.offset
        position = tokens.count - 1
        return errorNode(at: offset)
    }
}

/// Parses CEL source text. `Environment.compile` calls this, then checks the tree.
public func parseCEL(_ text: String, options: ParserOptions = ParserOptions()) -> ParsedExpr {
    Parser.parse(text, options: options)
}
