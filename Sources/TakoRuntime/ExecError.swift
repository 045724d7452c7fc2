/// A failure that stops `tako exec` before or outside any step: a plan, usage or checkpoint
/// problem (exit 2). Step failures are results, not errors.
public struct ExecError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case plan, stalePlan, checkpointInUse, checkpointForeign, checkpointDamaged, checkpointUnfinished
        case checkpointIO, workspace, condition, usage
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Every `ExecError` is exit 2 in contract.md.
    public var exitCode: Int32 { 2 }
}
