/// "Did you mean" support shared by every stage that reports an unknown name.
public enum Suggestions {
    /// Levenshtein distance over Unicode scalars, stopping early once `limit` is exceeded.
    public static func editDistance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The closest candidate within `maxDistance` edits (ties broken alphabetically), or nil.
    public static func closest<S: Sequence>(to name: String, in candidates: S, maxDistance: Int = 2) -> String? where S.Element == String {
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != name {
            let d = editDistance(name, candidate, limit: maxDistance)
            guard d <= maxDistance else { continue }
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (d, candidate)
            }
        }
        return best?.name
    }

    /// `"; did you mean 'x'?"` or the empty string.
    public static func didYouMean<S: Sequence>(_ name: String, in candidates: S, maxDistance: Int = 2) -> String where S.Element == String {
        closest(to: name, in: candidates, maxDistance: maxDistance).map { "; did you mean '\($0)'?" } ?? ""
    }
}
