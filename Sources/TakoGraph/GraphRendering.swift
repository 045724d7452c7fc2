import Foundation

/// How one node or edge of a rendered graph looks.
public struct GraphStyle<Node: Hashable & Sendable>: Sendable {
    public var label: @Sendable (Node) -> String
    public var edgeLabel: @Sendable (Node, Node) -> String?
    /// Dashed edges: ones that depend on a condition decided at run time.
    public var dashed: @Sendable (Node, Node) -> Bool

    public init(
        label: @escaping @Sendable (Node) -> String,
        edgeLabel: @escaping @Sendable (Node, Node) -> String? = { _, _ in nil },
        dashed: @escaping @Sendable (Node, Node) -> Bool = { _, _ in false }
    ) {
        self.label = label
        self.edgeLabel = edgeLabel
        self.dashed = dashed
    }
}

/// Graphviz DOT and Mermaid text for a `Digraph`, in insertion order so the output is stable.
public enum GraphRendering {
    public static func dot<Node>(_ graph: Digraph<Node>, name: String, style: GraphStyle<Node>) -> String {
        var lines = ["digraph \(quoteDOT(name)) {", "  rankdir=LR;", "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"]
        for (i, node) in graph.nodes.enumerated() {
            lines.append("  n\(i) [label=\(quoteDOT(style.label(node)))];")
        }
        for (i, from) in graph.nodes.enumerated() {
            for to in graph.successors(of: from) {
                guard let j = graph.nodes.firstIndex(of: to) else { continue }
                var attributes: [String] = []
                if let l = style.edgeLabel(from, to) { attributes.append("label=\(quoteDOT(l))") }
                if style.dashed(from, to) { attributes.append("style=dashed") }
                lines.append("  n\(i) -> n\(j)" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func mermaid<Node>(_ graph: Digraph<Node>, style: GraphStyle<Node>) -> String {
        var lines = ["flowchart LR"]
        for (i, node) in graph.nodes.enumerated() {
            lines.append("  n\(i)[\"\(escapeMermaid(style.label(node)))\"]")
        }
        for (i, from) in graph.nodes.enumerated() {
            for to in graph.successors(of: from) {
                guard let j = graph.nodes.firstIndex(of: to) else { continue }
                let arrow = style.dashed(from, to) ? "-.->" : "-->"
                if let l = style.edgeLabel(from, to) {
                    lines.append("  n\(i) \(arrow)|\"\(escapeMermaid(l))\"| n\(j)")
                } else {
                    lines.append("  n\(i) \(arrow) n\(j)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoteDOT(_ s: String) -> String {
        "\""
            + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                of: "\n", with: "\\n") + "\""
    }

    static func escapeMermaid(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>")
    }
}
