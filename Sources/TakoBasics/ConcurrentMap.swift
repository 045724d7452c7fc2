import Foundation

/// `map` over every core, results in input order: for work on many independent items (the
/// repositories of a cache, the files of an organisation).
public enum ConcurrentMap {
    /// Below this many elements one thread does it all.
    public static let threshold = 64

    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, items.count >= threshold else { return items.map(transform) }
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

    /// Each iteration writes only its own indices.
    private struct Slots<R>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<R?>
        init(_ buffer: UnsafeMutableBufferPointer<R?>) { self.buffer = buffer }
    }
}
