import Dispatch
import Foundation
import TakoBasics
import Testing

/// The threads steps rely on: a child reaped with its real status (by the one reaper
/// thread, many at once), and reusable threads that never make work wait behind work that
/// blocks.
@Suite struct ChildReapingTests {
    @Test func manyChildrenAtOnceAreEachReapedWithTheirOwnStatus() async throws {
        // Started and reaped concurrently, so that descriptors are closed and reused while
        // other children are being started (the race a pidfd's epoll registration is exposed to).
        try await withThrowingTaskGroup(of: (Int32, ChildSpawn.Termination).self) { group in
            for code in Int32(0)..<Int32(64) {
                group.addTask {
                    let pid = try ChildSpawn.start(
                        "/bin/sh", ["-c", "exit \(code % 7)"], environment: [:], stdin: .null, stdout: .null, stderr: .null)
                    return (code, await ChildSpawn.Child(pid: pid).termination())
                }
            }
            var seen = 0
            for try await (code, termination) in group {
                #expect(termination == .exited(code % 7))
                seen += 1
            }
            #expect(seen == 64)
        }
    }

    @Test func aSignalIsReportedAsTheSignal() throws {
        let pid = try ChildSpawn.start("/bin/sh", ["-c", "kill -TERM $$"], environment: [:], stdin: .null, stdout: .null, stderr: .null)
        let child = ChildSpawn.Child(pid: pid)
        #expect(child.wait(timeout: 30) == 128 + SIGTERM)
        #expect(child.hasEnded)
    }

    @Test func aWaitWithADeadlineReturnsNilWhileTheChildRuns() throws {
        let pid = try ChildSpawn.start("/bin/sh", ["-c", "sleep 30"], environment: [:], stdin: .null, stdout: .null, stderr: .null)
        let child = ChildSpawn.Child(pid: pid)
        #expect(child.wait(timeout: 0.05) == nil)
        kill(pid, SIGKILL)
        #expect(child.wait(timeout: 30) == 128 + SIGKILL)
    }

    @Test func blockingWorkNeverWaitsForOtherBlockingWork() {
        // Eight pieces of work that each wait until all eight have started: with fewer
        // threads than pieces, this would never finish.
        let threads = ReusableThreads(idleSeconds: 5)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        for _ in 0..<8 {
            finished.enter()
            threads.run {
                started.signal()
                release.wait()
                finished.leave()
            }
        }
        for _ in 0..<8 { #expect(started.wait(timeout: .now() + 30) == .success) }
        for _ in 0..<8 { release.signal() }
        #expect(finished.wait(timeout: .now() + 30) == .success)
    }

    @Test func idleThreadsAreReused() {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var threads: Set<String> = []
        }
        let threads = ReusableThreads(idleSeconds: 30)
        let seen = Seen()
        for _ in 0..<20 {
            let done = DispatchSemaphore(value: 0)
            threads.run {
                seen.lock.withLock { _ = seen.threads.insert("\(pthread_self())") }
                done.signal()
            }
            done.wait()
            // The thread is listed as idle just after the work returns.
            while threads.idleCount == 0 { usleep(1000) }
        }
        #expect(seen.threads.count == 1)
    }
}
