// Byte-level string helpers for the hot paths: comparisons and searches on the
// UTF-8 bytes, without Character iteration or intermediate arrays. CEL compares
// strings by code points, which for UTF-8 is the same as comparing bytes.

import Foundation

enum UTF8Bytes {
    /// Byte equality (Swift's `==` would also equate canonically equivalent strings).
    /// Unequal byte counts decide at once (O(1) for native strings); Swift's `==`
    /// (fast on equal or ASCII strings) rejects the rest; a byte comparison confirms.
    @inline(__always) static func equal(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count, a == b else { return false }
        return sameBytes(a, b)
    }

    /// Byte comparison of two strings already known to have the same length.
    @inline(never) static func sameBytes(_ a: String, _ b: String) -> Bool {
        let result = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0
            }
        }
        if let result, let result { return result }
        return a.utf8.elementsEqual(b.utf8)
    }

    @inline(__always) static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        var x = s
        var y = prefix
        return x.withUTF8 { px in
            y.withUTF8 { py in
                py.count <= px.count && (py.count == 0 || memcmp(px.baseAddress!, py.baseAddress!, py.count) == 0)
            }
        }
    }

    @inline(__always) static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        var x = s
        var y = suffix
        return x.withUTF8 { px in
            y.withUTF8 { py in
                py.count <= px.count
                    && (py.count == 0 || memcmp(px.baseAddress! + (px.count - py.count), py.baseAddress!, py.count) == 0)
            }
        }
    }

    /// Byte offset of the first occurrence of `needle` in `hay` at or after `from`.
    static func find(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = needle.count
        if n == 0 { return from <= hay.count ? from : nil }
        guard hay.count >= n, from <= hay.count - n else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - n
        while i <= last {
            if hay[i] == first && (n == 1 || memcmp(hay.baseAddress! + i + 1, needle.baseAddress! + 1, n - 1) == 0) {
                return i
            }
            i += 1
        }
        return nil
    }

    /// Non-overlapping occurrences of a non-empty `t` in `s`, counting at most `limit`.
    static func occurrences(of t: String, in s: String, limit: Int) -> Int {
        var x = s
        var y = t
        return x.withUTF8 { px in
            y.withUTF8 { py in
                var count = 0
                var start = 0
                while count < limit, let at = find(px, py, from: start) {
                    count += 1
                    start = at + max(1, py.count)
                }
                return count
            }
        }
    }

    static func contains(_ s: String, _ t: String) -> Bool {
        var x = s
        var y = t
        return x.withUTF8 { px in y.withUTF8 { py in find(px, py, from: 0) != nil } }
    }

    @inline(__always) static func string(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
    }

    /// Splits on a non-empty separator, at most `limit` parts (negative: no limit).
    static func split(_ s: String, _ separator: String, limit: Int) -> [Value] {
        var x = s
        var y = separator
        return x.withUTF8 { px in
            y.withUTF8 { py in
                var parts: [Value] = []
                var start = 0
                while limit < 0 || parts.count < limit - 1, let at = find(px, py, from: start) {
                    parts.append(.string(string(px[start..<at])))
                    start = at + py.count
                }
                parts.append(.string(string(px[start..<px.count])))
                return parts
            }
        }
    }

    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let v = scalar.value
            return v == 32 || (v >= 9 && v <= 13)
        }
        return scalar.properties.isWhitespace
    }

    static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        var low = scalars.startIndex
        var high = scalars.endIndex
        while low < high, isSpace(scalars[low]) { low = scalars.index(after: low) }
        while high > low {
            let before = scalars.index(before: high)
            guard isSpace(scalars[before]) else { break }
            high = before
        }
        if low == scalars.startIndex && high == scalars.endIndex { return s }
        return String(scalars[low..<high])
    }

    /// ASCII case mapping; the string itself when nothing changes.
    static func mapASCII(_ s: String, upper: Bool) -> String {
        let from: UInt8 = upper ? 97 : 65
        let to: UInt8 = upper ? 122 : 90
        var x = s
        return x.withUTF8 { p in
            guard p.contains(where: { $0 >= from && $0 <= to }) else { return s }
            return String(unsafeUninitializedCapacity: p.count) { out in
                for i in 0..<p.count {
                    let b = p[i]
                    out[i] = (b >= from && b <= to) ? (upper ? b - 32 : b + 32) : b
                }
                return p.count
            }
        }
    }
}
