import TakoBasics
import TakoCEL
import TakoExpressions
import TakoIR
import TakoSyntax

extension Lowerer {
    /// A CEL expression in a scalar: parsed and type-checked against `scope`, each CEL
    /// diagnostic placed at its exact position inside the YAML file, and the result required
    /// to be a bool.
    mutating func expression(_ node: YAMLNode, scope: ExpressionScope, what: String) -> ExpressionDecl? {
        guard let text = string(node, what: what) else { return nil }
        let compilation = TakoEnvironment.make(scope).compile(text.value)
        guard let program = compilation.program else {
            let positions = ScalarPositions(node: node, source: file.source)
            for d in compilation.diagnostics {
                let at = positions.location(at: d.position.offset)
                error("cel-\(d.kind.rawValue)", "in \(what): \(d.message)", at: SourceRange(file: path, start: at, end: at))
            }
            return nil
        }
        switch program.resultType {
        case .bool, .dyn: break
        default:
            error("cel-type-mismatch", "\(what) must be a bool expression, but '\(text.value)' is of type \(program.resultType)", at: node.range)
            return nil
        }
        return ExpressionDecl(source: text.value, range: node.range, attributes: program.referencedAttributes.sorted())
    }
}

extension StepContext {
    /// What a step's `if` may read: the inputs with their types, the outputs of the steps
    /// before it, `env`, and `event` in a workflow that a subscription of this file starts.
    var conditionScope: ExpressionScope {
        ExpressionScope(inputs: inputKinds, steps: done.filter { !$0.outputs.isEmpty }, allowsEnv: true, allowsEvent: subscribed)
    }
}
