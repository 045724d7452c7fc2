// One case of the conformance files, and running it against TakoCEL.

import Foundation
import TakoCEL

public struct ConformanceCase: Sendable {
    public var file: String
    public var section: String
    public var name: String
    public var json: String

    /// What happened when the case ran.
    public struct Outcome: Sendable {
        public var passed: Bool
        public var expected: String
        public var got: String
    }

    /// Reads the cases of a JSON Lines file.
    public static func load(path: String) throws -> [ConformanceCase] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> ConformanceCase? in
            guard let data = line.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return ConformanceCase(
                file: object["file"] as? String ?? "", section: object["section"] as? String ?? "",
                name: object["name"] as? String ?? "", json: String(line))
        }
    }

    public func run() -> Outcome {
        guard let object = try? JSONSerialization.jsonObject(with: Data(Self.quotingDoubles(json).utf8)) as? [String: Any],
            let expr = object["expr"] as? String, let expect = object["expect"] as? [String: Any]
        else {
            return Outcome(passed: false, expected: "?", got: "unreadable case")
        }
        var env = Environment(container: object["container"] as? String ?? "")
        if object["disable_check"] as? Bool == true { env.checkTypes = false }
        if object["disable_macros"] as? Bool == true { env.parserOptions.macros = false }
        for decl in object["type_env"] as? [[String: Any]] ?? [] {
            guard let name = decl["name"] as? String else { continue }
            if decl["kind"] as? String == "function" {
                var overloads: [Overload] = []
                for o in decl["overloads"] as? [[String: Any]] ?? [] {
                    let params = (o["params"] as? [String] ?? []).compactMap(CELType.parse)
                    let result = CELType.parse(o["result"] as? String ?? "dyn") ?? .dyn
                    overloads.append(
                        Overload(
                            id: o["id"] as? String ?? name, params: params, result: result,
                            receiver: o["receiver"] as? Bool ?? false))
                }
                env.declareFunction(FunctionDecl(name: name, overloads: overloads))
            } else if let typeName = decl["type"] as? String, let type = CELType.parse(typeName) {
                env.declareVariable(name, type)
            }
        }
        var bindings: [String: Value] = [:]
        for (name, value) in object["bindings"] as? [String: Any] ?? [:] {
            guard let v = try? TypedValue.decode(value) else { return Outcome(passed: false, expected: "?", got: "undecodable binding") }
            bindings[name] = v
        }
        let expectedText = Self.describe(expect)
        let compilation = env.compile(expr)
        guard let program = compilation.program else {
            let got = "compile error: " + compilation.diagnostics.map(\.message).joined(separator: "; ")
            return Outcome(passed: expect["error"] != nil, expected: expectedText, got: got)
        }
        if let deduced = expect["deduced_type"] as? String {
            let got = program.resultType.description
            if normalize(got) != normalize(deduced) {
                return Outcome(passed: false, expected: expectedText, got: "type \(got)")
            }
            if object["check_only"] as? Bool == true { return Outcome(passed: true, expected: expectedText, got: "type \(got)") }
        }
        let result = program.evaluate(Activation(bindings))
        switch result {
        case .value(let v):
            guard let expected = expect["value"] else {
                return Outcome(passed: false, expected: expectedText, got: TypedValue.render(v))
            }
            guard let want = try? TypedValue.decode(expected) else {
                return Outcome(passed: false, expected: expectedText, got: "undecodable expectation")
            }
            return Outcome(passed: TypedValue.same(v, want), expected: expectedText, got: TypedValue.render(v))
        case .error(let e):
            return Outcome(passed: expect["error"] != nil, expected: expectedText, got: "error(\(e.message))")
        case .unknown(let u):
            return Outcome(passed: expect["unknown"] != nil, expected: expectedText, got: "unknown(\(u.sorted()))")
        }
    }

    /// Foundation's JSON parser on Linux may round doubles differently from the exact
    /// shortest form the files use, so `{"double": 0.30000000000000004}` in the values
    /// (after `"bindings"`) is quoted first and read back with `Double(String)`.
    static func quotingDoubles(_ line: String) -> String {
        guard let start = line.range(of: "\"bindings\":") else { return line }
        var head = String(line[..<start.lowerBound])
        var rest = Substring(line[start.lowerBound...])
        while let key = rest.range(of: "\"double\": ") {
            head += rest[..<key.upperBound]
            rest = rest[key.upperBound...]
            let number = rest.prefix { "0123456789.eE+-".contains($0) }
            if number.isEmpty { continue }
            head += "\"" + number + "\""
            rest = rest.dropFirst(number.count)
        }
        return head + rest
    }

    private func normalize(_ type: String) -> String { type.replacingOccurrences(of: " ", with: "") }

    static func describe(_ expect: [String: Any]) -> String {
        if let v = expect["value"] { return (try? TypedValue.decode(v)).map(TypedValue.render) ?? "?" }
        if let e = expect["error"] { return "error(\(e))" }
        if let t = expect["deduced_type"] { return "type \(t)" }
        return "\(expect)"
    }
}
