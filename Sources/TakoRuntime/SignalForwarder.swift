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
    private var sources: [any DispatchSourceSignal] = []

    public init(control: ExecControl) {
        self.control = control
    }

    public func start() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [control] in control.stop(.interrupted) }
            source.resume()
            sources.append(source)
        }
    }
}
