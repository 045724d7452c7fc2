/// Decides a step's `condition` (a CEL expression the compiler left for run time) once the
/// values it reads exist. The scheduler only sees this protocol, so TakoCEL slots in
/// behind it without touching the scheduler.
public protocol ConditionEvaluator: Sendable {
    /// False when this build cannot evaluate conditions; `tako exec` then refuses a plan
    /// that has any, before running anything.
    var isAvailable: Bool { get }
    /// The condition's value over the run's values (`inputs`, `env`, `steps`, `event`).
    func evaluate(_ condition: String, in scope: TemplateScope) throws -> Bool
    /// Throws when the condition can never be evaluated here (preflight, before any step).
    func check(_ condition: String) throws
}

extension ConditionEvaluator {
    public func check(_ condition: String) throws {}
}

/// The evaluator of a build without TakoCEL.
public struct UnavailableConditionEvaluator: ConditionEvaluator {
    public static let message = "conditions need TakoCEL, not available in this build"

    public init() {}
    public var isAvailable: Bool { false }

    public func evaluate(_ condition: String, in scope: TemplateScope) throws -> Bool {
        throw ExecError(.condition, Self.message)
    }
}
