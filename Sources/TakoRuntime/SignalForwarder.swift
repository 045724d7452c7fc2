import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM sent to tako into a stop of the exec: every running step gets
/// SIGTERM, then SIGKILL after the grace period, the journal records what finished, and
/// tako exits 130. A second signal is not needed and changes nothing.
public final class SignalForwarder: @unchecked Sendable {
    private let control: ExecControl
    private let onFirstSignal: @Sendable (Int32) -> Void
    private var sources: [any DispatchSourceSignal] = []

    /// `onFirstSignal` runs once, for the first signal (to tell the user what happens now).
    public init(control: ExecControl, onFirstSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        self.control = control
        self.onFirstSignal = onFirstSignal
    }

    public func start() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [control, onFirstSignal] in
                let first = control.reason == nil
                control.stop(.interrupted)
                if first { onFirstSignal(signalNumber) }
            }
            source.resume()
            sources.append(source)
        }
    }
}
