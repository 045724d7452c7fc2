import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM sent to tako into a stop of the exec (or of `tako step`'s one
/// step): every running step's process group gets SIGTERM, then SIGKILL after the grace
/// period, the journal records what finished, and `tako exec` exits 130 (`tako step`, 128 +
/// the signal's number, as Argo expects of a pod it stops). A second signal ends the running
/// steps at once with SIGKILL.
public final class SignalForwarder: @unchecked Sendable {
    private let control: ExecControl
    private let onFirstSignal: @Sendable (Int32) -> Void
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received = 0
    private var first: Int32?

    /// The first signal received (SIGINT or SIGTERM), if any.
    public var firstSignal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

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
                let isFirst = received == 1
                if isFirst { first = signalNumber }
                lock.unlock()
                if isFirst {
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
