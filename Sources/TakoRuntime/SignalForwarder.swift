import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM sent to tako into a stop of the exec: every running step gets
/// SIGTERM, then SIGKILL after the grace period, the journal records what finished, and
/// tako exits 130. A second signal ends the running steps at once with SIGKILL.
public final class SignalForwarder: @unchecked Sendable {
    private let control: ExecControl
    private let onFirstSignal: @Sendable (Int32) -> Void
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received = 0

    /// `onFirstSignal` runs once, for the first signal (to tell the user what happens now).
    public init(control: ExecControl, onFirstSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        self.control = control
        self.onFirstSignal = onFirstSignal
    }

    public func start() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                lock.lock()
                received += 1
                let first = received == 1
                lock.unlock()
                if first {
                    control.stop(.interrupted)
                    onFirstSignal(signalNumber)
                } else {
                    control.killNow()
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}
