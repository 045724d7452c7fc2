// Positions of expression nodes, kept apart from the tree and keyed by node ID.

/// A position in the expression: 1-based line and column (in Unicode scalars) and the
/// 0-based offset in Unicode scalars from the start of the expression.
public struct SourcePosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }
}

/// The source text and the offset of each node.
public struct SourceInfo: Sendable {
    public let text: String
    /// Offsets (in Unicode scalars) of the start of each line.
    public let lineStarts: [Int]
    /// Node ID → offset in Unicode scalars.
    public internal(set) var offsets: [Int64: Int]

    public init(text: String) {
        self.text = text
        var starts = [0]
        var index = 0
        for scalar in text.unicodeScalars {
            index += 1
            if scalar == "\n" { starts.append(index) }
        }
        lineStarts = starts
        offsets = [:]
    }

    /// The position of a scalar offset.
    public func position(ofOffset offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourcePosition(line: low + 1, column: offset - lineStarts[low] + 1, offset: offset)
    }

    /// The position of a node, if recorded.
    public func position(of id: Int64) -> SourcePosition? {
        offsets[id].map { position(ofOffset: $0) }
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        if end > start, end <= scalars.count, scalars[end - 1] == "\r" { end -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<max(start, min(end, scalars.count))])
        return String(view)
    }
}
