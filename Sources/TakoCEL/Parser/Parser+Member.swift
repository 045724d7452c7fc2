// Productions for Member and Primary: selection, indexing, calls, literals.

extension Parser {
    // Member = Primary | Member "." SELECTOR ["(" [ExprList] ")"] | Member "[" ["?"] Expr "]"
    mutating func parseMember() -> Expr {
        parseMemberSuffix(parsePrimary())
    }

    mutating func parseMemberSuffix(_ primary: Expr) -> Expr {
        var expr = primary
        var chain = 0
        while true {
            if current.isPunct(".") {
                let dot = current
                advance()
                let optional = accept("?")
                guard let name = parseSelector() else { return expr }
                if !optional && current.isPunct("(") {
                    let open = current.offset
                    advance()
                    let args = parseExprList(closing: ")")
                    expr = makeCall(target: expr, function: name, args: args, offset: open)
                } else if optional {
                    let field = node(.constant(.string(name)), at: dot.offset)
                    expr = node(.call(target: nil, function: "_?._", args: [expr, field]), at: dot.offset)
                } else {
                    expr = node(.select(operand: expr, field: name, testOnly: false), at: dot.offset)
                }
            } else if current.isPunct("[") {
                let open = current.offset
                advance()
                let optional = accept("?")
                let index = parseExpr()
                expect("]")
                expr = node(.call(target: nil, function: optional ? "_[?_]" : "_[_]", args: [expr, index]), at: open)
            } else if current.isPunct("{"), let typeName = messageName(expr) {
                let open = current.offset
                advance()
                let fields = parseFieldInits()
                expr = node(.object(typeName: typeName, fields: fields), at: open)
            } else {
                return expr
            }
            chain += 1
            guard withinLimit(extra: chain) else { return bail() }
        }
    }

    /// The name of a message construction `a.b.Name{`, if `expr` is a plain name chain.
    func messageName(_ expr: Expr) -> String? {
        guard let name = expr.qualifiedName else { return nil }
        // Only a name written directly, not `(a){`: require the chain to end right here.
        return name
    }

    /// SELECTOR = IDENT | `quoted` ; reserved words are allowed after a dot.
    mutating func parseSelector() -> String? {
        switch current.kind {
        case .ident(let name), .quotedIdent(let name):
            advance()
            return name
        default:
            error("expected a field name", at: current)
            return nil
        }
    }

    // Primary = ["."] IDENT ["(" [ExprList] ")"] | "(" Expr ")" | "[" [ExprList] "]"
    //         | "{" [MapInits] "}" | LITERAL
    mutating func parsePrimary() -> Expr {
        let token = current
        switch token.kind {
        case .punct("."):
            advance()
            guard case .ident(let name) = current.kind else {
                error("expected an identifier after '.'", at: current)
                return errorNode(at: token.offset)
            }
            advance()
            return parseIdentOrCall("." + name, offset: token.offset)
        case .ident(let name):
            advance()
            switch name {
            case "true": return node(.constant(.bool(true)), at: token.offset)
            case "false": return node(.constant(.bool(false)), at: token.offset)
            case "null": return node(.constant(.null), at: token.offset)
            default: break
            }
            if reservedWords.contains(name) {
                error("reserved identifier '\(name)'", at: token, kind: .reservedIdentifier)
            }
            return parseIdentOrCall(name, offset: token.offset)
        case .punct("("):
            advance()
            let expr = parseExpr()
            expect(")")
            return expr
        case .punct("["):
            advance()
            var optionals: [Int] = []
            let elements = parseListElements(optionals: &optionals)
            return node(.list(elements: elements, optionals: optionals), at: token.offset)
        case .punct("{"):
            advance()
            let entries = parseMapInits()
            return node(.map(entries: entries), at: token.offset)
        default:
            return parseLiteral()
        }
    }

    mutating func parseIdentOrCall(_ name: String, offset: Int) -> Expr {
        guard current.isPunct("(") else { return node(.ident(name), at: offset) }
        let open = current.offset
        advance()
        let args = parseExprList(closing: ")")
        return makeCall(target: nil, function: name, args: args, offset: name.hasPrefix(".") ? offset : open)
    }

    // LITERAL = INT | UINT | DOUBLE | STRING | BYTES | "true" | "false" | "null"
    mutating func parseLiteral() -> Expr {
        let token = current
        // A signed number is a literal too (`!!-1`), as in the CEL grammar.
        if token.isPunct("-"), position + 1 < tokens.count {
            switch tokens[position + 1].kind {
            case .int(let digits):
                advance()
                let number = current
                advance()
                return intLiteral(digits, negative: true, token: number)
            case .double(let digits):
                advance()
                advance()
                return node(.constant(.double(-(Double(digits) ?? 0))), at: token.offset)
            default:
                break
            }
        }
        switch token.kind {
        case .int(let digits):
            advance()
            return intLiteral(digits, negative: false, token: token)
        case .uint(let digits):
            advance()
            let text = digits.hasPrefix("0x") ? String(digits.dropFirst(2)) : digits
            guard let value = UInt64(text, radix: digits.hasPrefix("0x") ? 16 : 10) else {
                error("invalid uint literal", at: token, kind: .invalidLiteral)
                return errorNode(at: token.offset)
            }
            return node(.constant(.uint(value)), at: token.offset)
        case .double(let text):
            advance()
            return node(.constant(.double(Double(text) ?? .nan)), at: token.offset)
        case .string(let value):
            advance()
            return node(.constant(.string(value)), at: token.offset)
        case .bytes(let value):
            advance()
            return node(.constant(.bytes(value)), at: token.offset)
        default:
            error(unexpectedMessage(token), at: token)
            if token.kind != .eof { advance() }
            return errorNode(at: token.offset)
        }
    }

    // ExprList = Expr {"," Expr}
    mutating func parseExprList(closing: String) -> [Expr] {
        var items: [Expr] = []
        if accept(closing) { return items }
        repeat {
            let before = position
            items.append(parseExpr())
            if position == before { advance() }
        } while accept(",")
        expect(closing)
        return items
    }

    // ListElements = ["?"] Expr {"," ["?"] Expr} [","]
    mutating func parseListElements(optionals: inout [Int]) -> [Expr] {
        var items: [Expr] = []
        if accept("]") { return items }
        if current.isPunct(","), tokens[position + 1].isPunct("]") {
            advance()
            advance()
            return items
        }
        repeat {
            if accept("?") { optionals.append(items.count) }
            let before = position
            items.append(parseExpr())
            if position == before { advance() }
        } while accept(",") && !current.isPunct("]")
        expect("]")
        return items
    }

    // MapInits = ["?"] Expr ":" Expr {"," ["?"] Expr ":" Expr} [","]
    mutating func parseMapInits() -> [Expr.MapEntry] {
        var entries: [Expr.MapEntry] = []
        if accept("}") { return entries }
        if current.isPunct(","), tokens[position + 1].isPunct("}") {
            advance()
            advance()
            return entries
        }
        repeat {
            let optional = accept("?")
            let before = position
            let key = parseExpr()
            let colon = current.offset
            expect(":")
            let value = parseExpr()
            if position == before { advance() }
            entries.append(Expr.MapEntry(id: newID(at: colon), key: key, value: value, optional: optional))
        } while accept(",") && !current.isPunct("}")
        expect("}")
        return entries
    }

    // FieldInits = ["?"] SELECTOR ":" Expr {"," ["?"] SELECTOR ":" Expr} [","]
    mutating func parseFieldInits() -> [Expr.FieldEntry] {
        var fields: [Expr.FieldEntry] = []
        if accept("}") { return fields }
        repeat {
            let optional = accept("?")
            let offset = current.offset
            guard let name = parseSelector() else { break }
            expect(":")
            let value = parseExpr()
            fields.append(Expr.FieldEntry(id: newID(at: offset), field: name, value: value, optional: optional))
        } while accept(",") && !current.isPunct("}")
        expect("}")
        return fields
    }
}
