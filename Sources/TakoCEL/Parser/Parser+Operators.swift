// Productions for the operator levels: Expr, ConditionalOr ... Unary.

extension Parser {
    // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
    mutating func parseExpr() -> Expr {
        guard enter() else { leave(); return bail() }
        defer { leave() }
        let condition = parseConditionalOr()
        guard current.isPunct("?") else { return condition }
        let offset = current.offset
        advance()
        let then = parseConditionalOr()
        expect(":")
        let otherwise = parseExpr()
        return node(.call(target: nil, function: "_?_:_", args: [condition, then, otherwise]), at: offset)
    }

    // ConditionalOr = [ConditionalOr "||"] ConditionalAnd
    mutating func parseConditionalOr() -> Expr {
        var operands = [parseConditionalAnd()]
        var offsets: [Int] = []
        while current.isPunct("||") {
            offsets.append(current.offset)
            advance()
            operands.append(parseConditionalAnd())
        }
        return balanced("_||_", operands, offsets)
    }

    // ConditionalAnd = [ConditionalAnd "&&"] Relation
    mutating func parseConditionalAnd() -> Expr {
        var operands = [parseRelation()]
        var offsets: [Int] = []
        while current.isPunct("&&") {
            offsets.append(current.offset)
            advance()
            operands.append(parseRelation())
        }
        return balanced("_&&_", operands, offsets)
    }

    /// Builds a balanced tree of a chain of `&&` or `||` (as cel-go does), so long
    /// chains stay shallow.
    mutating func balanced(_ function: String, _ operands: [Expr], _ offsets: [Int]) -> Expr {
        if operands.count == 1 { return operands[0] }
        func build(_ parser: inout Parser, _ low: Int, _ high: Int) -> Expr {
            if low == high { return operands[low] }
            let mid = (low + high + 1) / 2
            let left = build(&parser, low, mid - 1)
            let right = build(&parser, mid, high)
            return parser.node(.call(target: nil, function: function, args: [left, right]), at: offsets[mid - 1])
        }
        return build(&self, 0, operands.count - 1)
    }

    /// Left-associative binary levels; the chain counts towards the depth limit.
    mutating func binaryChain(_ operators: (String) -> String?, _ operand: (inout Parser) -> Expr) -> Expr {
        var left = operand(&self)
        var chain = 0
        while case .punct(let p) = current.kind, let function = operators(p) {
            let offset = current.offset
            advance()
            chain += 1
            guard withinLimit(extra: chain) else { return bail() }
            let right = operand(&self)
            left = node(.call(target: nil, function: function, args: [left, right]), at: offset)
        }
        return left
    }

    // Relation = [Relation Relop] Addition
    mutating func parseRelation() -> Expr {
        binaryChain(Self.relationOperator) { $0.parseAddition() }
    }

    // Addition = [Addition ("+" | "-")] Multiplication
    mutating func parseAddition() -> Expr {
        binaryChain(Self.additionOperator) { $0.parseMultiplication() }
    }

    // Multiplication = [Multiplication ("*" | "/" | "%")] Unary
    mutating func parseMultiplication() -> Expr {
        binaryChain(Self.multiplicationOperator) { $0.parseUnary() }
    }

    static func relationOperator(_ p: String) -> String? {
        switch p {
        case "<": return "_<_"
        case "<=": return "_<=_"
        case ">": return "_>_"
        case ">=": return "_>=_"
        case "==": return "_==_"
        case "!=": return "_!=_"
        case "in": return "@in"
        default: return nil
        }
    }

    static func additionOperator(_ p: String) -> String? {
        p == "+" ? "_+_" : (p == "-" ? "_-_" : nil)
    }

    static func multiplicationOperator(_ p: String) -> String? {
        switch p {
        case "*": return "_*_"
        case "/": return "_/_"
        case "%": return "_%_"
        default: return nil
        }
    }

    // Unary = Member | "!" {"!"} Member | "-" {"-"} Member
    // As cel-go and cel-cpp do, an even run of the same operator cancels out
    // (`--x` is `x`), an odd run is one operator; a negative number literal is a
    // literal, so that -9223372036854775808 is an int.
    mutating func parseUnary() -> Expr {
        guard current.isPunct("!") || current.isPunct("-") else { return parseMember() }
        let negate = current.isPunct("-")
        let offset = current.offset
        var count = 0
        while current.isPunct(negate ? "-" : "!") {
            count += 1
            advance()
        }
        guard withinLimit(extra: count) else { return bail() }
        if count % 2 == 0 { return parseMember() }
        // Only a single minus joins the number (`---1` is `-(1)`, as ANTLR reads it).
        if negate, count == 1, case .int(let digits) = current.kind {
            let token = current
            advance()
            return parseMemberSuffix(intLiteral(digits, negative: true, token: token))
        }
        if negate, count == 1, case .double(let digits) = current.kind {
            advance()
            return parseMemberSuffix(node(.constant(.double(-(Double(digits) ?? 0))), at: offset))
        }
        let operand = parseMember()
        return node(.call(target: nil, function: negate ? "-_" : "!_", args: [operand]), at: offset)
    }

    mutating func intLiteral(_ digits: String, negative: Bool, token: Token) -> Expr {
        let text = digits.hasPrefix("0x") ? String(digits.dropFirst(2)) : digits
        let radix = digits.hasPrefix("0x") ? 16 : 10
        if let magnitude = UInt64(text, radix: radix) {
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                return node(.constant(.int(value)), at: token.offset)
            }
            if !negative, magnitude <= UInt64(Int64.max) {
                return node(.constant(.int(Int64(magnitude))), at: token.offset)
            }
        }
        error("invalid int literal", at: token, kind: .invalidLiteral)
        return errorNode(at: token.offset)
    }
}
