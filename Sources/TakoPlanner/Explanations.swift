/// `takoc plan --explain`: why each run is, or is not, in the plan.
public enum Explanations {
    /// The lines in file and line order: each starts with `FILE:LINE:COL`, compared as a file
    /// name then as numbers (line 9 before line 10), then by the rest of the text.
    public static func inSourceOrder(_ lines: [String]) -> [String] {
        func key(_ line: String) -> (file: String, line: Int, column: Int) {
            let head = line.prefix { $0 != " " }
            let parts = head.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3, let l = Int(parts[1]), let c = Int(parts[2].prefix { $0.isNumber }) else {
                return (String(head), Int.max, Int.max)
            }
            return (String(parts[0]), l, c)
        }
        return lines.map { (key($0), $0) }.sorted { a, b in
            if a.0.file != b.0.file { return a.0.file < b.0.file }
            if a.0.line != b.0.line { return a.0.line < b.0.line }
            if a.0.column != b.0.column { return a.0.column < b.0.column }
            return a.1 < b.1
        }.map(\.1)
    }
}
