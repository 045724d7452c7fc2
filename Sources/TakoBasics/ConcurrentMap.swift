import Foundation

/// `map` over every core, results in input order: for work on many independent items (the
/// repositories of a cache, the files of an organisation).
public enum ConcurrentMap {
    /// Below this many elements one thread does it all.
    public static let threshold = 64

    /// `threshold`: fewer items than this are mapped on the calling thread (the default
    /// suits items of a repository's work; larger ones can go on several cores from fewer).
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], threshold: Int = Self.threshold, _ transform: @Sendable (T) -> R
    ) -> [R] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, items.count >= max(threshold, 2) else { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }  // every element is moved out below
        let slots = Slots(results)
        // Small chunks, taken in turn, so that a slow repository does not leave a core idle.
        let chunk = max(1, min(64, items.count / (cores * 8)))
        let chunks = (items.count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(items.count, (c + 1) * chunk) {
                slots.buffer[i] = transform(items[i])
            }
        }
        // Moved out, not copied: a result may be a whole lowered file.
        return (0..<items.count).map { (results.baseAddress! + $0).move()! }
    }

    /// `first()` and `second()` side by side, on two cores when there are two: for two
    /// independent stages of one compilation.
    public static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return (first(), second()) }
        let box = PairBox<A, B>()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { box.first = first() } else { box.second = second() }
        }
        return (box.first!, box.second!)
    }

    /// Each of the two iterations writes only its own field.
    private final class PairBox<A, B>: @unchecked Sendable {
        var first: A?
        var second: B?
    }

    /// Each iteration writes only its own indices.
    private struct Slots<R>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<R?>
        init(_ buffer: UnsafeMutableBufferPointer<R?>) { self.buffer = buffer }
    }
}
