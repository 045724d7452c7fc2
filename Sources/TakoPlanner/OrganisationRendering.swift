import TakoBasics

/// `takoc graph --org` as text, DOT, Mermaid and SVG. Every format shows the same nodes
/// (repositories, and publishers outside the cache that a subscription names), the same
/// edges (labelled with event, schema range and filter), and the same marks: a subscription
/// nothing can start is a red dashed edge marked "unreachable", a publication nobody listens
/// to is named under its repository as "no subscribers".
extension OrganisationGraph {
    /// One drawn edge: a real one, or an unreachable subscription from its named publisher.
    struct DrawnEdge {
        var from: String
        var to: String
        var label: String
        var dashed: Bool
        var unreachable: Bool
    }

    /// Nodes in order: the repositories, then missing publishers.
    var nodes: [String] { repositories + missingPublishers }

    /// A node's lines: its name, then its marks.
    func nodeLines(_ node: String) -> [String] {
        guard repositories.contains(node) else { return [node, "not in the cache"] }
        // (Publications of a focused graph keep their listeners outside the focus.)
        var lines = [node]
        if broken.contains(node) { lines.append("tako.yml has errors") }
        let silent = Set(publications.filter { $0.repo == node && $0.listeners == 0 }.map(\.eventType)).sorted()
        for e in silent { lines.append("no subscribers: \(e)") }
        return lines
    }

    var drawnEdges: [DrawnEdge] {
        var out = edges.map { DrawnEdge(from: $0.from, to: $0.to, label: $0.label, dashed: $0.filter != nil, unreachable: false) }
        for s in subscriptions {
            let repo = String(s.publisher.split(separator: ":")[0])
            let from = allRepositories.contains(repo) ? repo : s.publisher
            // (A focus may leave the publisher out: then the text alone names it.)
            guard nodes.contains(from) else { continue }
            for u in s.unreachable {
                out.append(
                    DrawnEdge(from: from, to: s.repo, label: "\(u.event) \(s.range ?? "any") unreachable", dashed: true, unreachable: true))
            }
        }
        return out
    }

    // MARK: text

    public func text() -> String {
        var out =
            "organisation: \(repositories.count) repositor\(repositories.count == 1 ? "y" : "ies"), \(publications.count) publication\(publications.count == 1 ? "" : "s"), \(subscriptions.count) subscription\(subscriptions.count == 1 ? "" : "s"), \(edges.count) edge\(edges.count == 1 ? "" : "s")\n"
        for repo in repositories {
            out += broken.contains(repo) ? "\(repo)  [tako.yml has errors: left out]\n" : "\(repo)\n"
            for p in publications where p.repo == repo {
                out += "  publishes \(p.eventType) \(p.schemaVersion ?? "(no version)") from \(p.artifact) · \(p.workflow) · \(p.step)"
                out += p.listeners == 0 ? "  [no subscribers]\n" : "\n"
                for e in edges where e.from == repo && e.fromWorkflow == p.workflow && e.event == p.eventType {
                    out += "    → \(e.to) · \(e.toWorkflow)  \(e.range ?? "any")" + (e.filter.map { "  if \($0)" } ?? "") + "\n"
                }
            }
            for s in subscriptions where s.repo == repo {
                out +=
                    "  subscribes to \(s.publisher) \(s.events.joined(separator: ", ")) \(s.range ?? "any")"
                    + (s.filter.map { " if \($0)" } ?? "")
                out += " → \(s.workflow)\n"
                for u in s.unreachable { out += "    [unreachable] \(u.event): \(u.why)\n" }
            }
        }
        return out
    }

    // MARK: DOT

    public func dot() -> String {
        let ids = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, "n\($0)") })
        var out =
            "digraph organisation {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for node in nodes {
            let lines = nodeLines(node)
            var attributes = "label=\"\(lines.map(Self.dotEscaped).joined(separator: "\\n"))\""
            if !repositories.contains(node) {
                attributes += ", style=dashed, color=red"
            } else if lines.count > 1 {
                attributes += ", color=orange"
            }
            out += "  \(ids[node]!) [\(attributes)];\n"
        }
        for e in drawnEdges {
            var attributes = "label=\"\(Self.dotEscaped(e.label))\""
            if e.dashed { attributes += ", style=dashed" }
            if e.unreachable { attributes += ", color=red, fontcolor=red" }
            out += "  \(ids[e.from]!) -> \(ids[e.to]!) [\(attributes)];\n"
        }
        return out + "}\n"
    }

    static func dotEscaped(_ s: String) -> String {
        TextEscaping.replacing(s, ["\"": "\\\"", "\\": "\\\\", "\n": "\\n"])
    }

    // MARK: Mermaid

    public func mermaid() -> String {
        let ids = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, "n\($0)") })
        var out = "flowchart LR\n"
        var marked: [String] = [], missing: [String] = []
        for node in nodes {
            let lines = nodeLines(node)
            out += "  \(ids[node]!)[\"\(lines.map(Self.mermaidEscaped).joined(separator: "<br/>"))\"]\n"
            if !repositories.contains(node) { missing.append(ids[node]!) } else if lines.count > 1 { marked.append(ids[node]!) }
        }
        var unreachableLinks: [Int] = []
        for (i, e) in drawnEdges.enumerated() {
            out += "  \(ids[e.from]!) \(e.dashed ? "-.->" : "-->")|\"\(Self.mermaidEscaped(e.label))\"| \(ids[e.to]!)\n"
            if e.unreachable { unreachableLinks.append(i) }
        }
        if !marked.isEmpty { out += "  classDef silent stroke:#e69500\n  class \(marked.joined(separator: ",")) silent\n" }
        if !missing.isEmpty {
            out += "  classDef missing stroke:#c00,stroke-dasharray:4\n  class \(missing.joined(separator: ",")) missing\n"
        }
        if !unreachableLinks.isEmpty { out += "  linkStyle \(unreachableLinks.map(String.init).joined(separator: ",")) stroke:#c00\n" }
        return out
    }

    static func mermaidEscaped(_ s: String) -> String {
        TextEscaping.replacing(s, ["\"": "#quot;", "<": "#lt;", ">": "#gt;"])
    }

    // MARK: SVG

    /// A layered drawing, left to right: each node in the layer after its furthest
    /// predecessor (edges that close a cycle are left out of the layering), nodes of a layer
    /// ordered by the mean position of their predecessors, then by name. Sizes come from the
    /// text at 7 units a character; the same graph always gives the same bytes.
    public func svg() -> String {
        let nodes = self.nodes
        let edges = drawnEdges
        let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        var successors = Array(repeating: [Int](), count: nodes.count)
        for e in edges { successors[index[e.from]!].append(index[e.to]!) }
        // Edges of the layering: depth-first in node order, back edges dropped.
        var state = Array(repeating: 0, count: nodes.count)  // 0 new, 1 on the path, 2 done
        var forward = Array(repeating: [Int](), count: nodes.count)
        for start in nodes.indices where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while !stack.isEmpty {
                let (n, i) = stack[stack.count - 1]
                if i < successors[n].count {
                    stack[stack.count - 1].next += 1
                    let m = successors[n][i]
                    if state[m] == 1 { continue }
                    forward[n].append(m)
                    if state[m] == 0 {
                        state[m] = 1
                        stack.append((m, 0))
                    }
                } else {
                    state[n] = 2
                    stack.removeLast()
                }
            }
        }
        // Longest-path layers, in a topological order of the forward edges.
        var indegree = Array(repeating: 0, count: nodes.count)
        for n in nodes.indices { for m in forward[n] { indegree[m] += 1 } }
        var layer = Array(repeating: 0, count: nodes.count)
        var ready = nodes.indices.filter { indegree[$0] == 0 }
        var order: [Int] = []
        while let n = ready.first {
            ready.removeFirst()
            order.append(n)
            for m in forward[n] {
                layer[m] = max(layer[m], layer[n] + 1)
                indegree[m] -= 1
                if indegree[m] == 0 { ready.append(m) }
            }
        }
        let layerCount = (layer.max() ?? 0) + 1
        var layers = Array(repeating: [Int](), count: layerCount)
        for n in nodes.indices { layers[layer[n]].append(n) }
        // Order inside a layer: mean position of predecessors, then name.
        var position = Array(repeating: 0.0, count: nodes.count)
        for (i, n) in layers[0].enumerated() { position[n] = Double(i) }
        for l in layers.indices.dropFirst() {
            func key(_ n: Int) -> Double {
                let preds = nodes.indices.filter { forward[$0].contains(n) }
                return preds.isEmpty ? 0 : preds.map { position[$0] }.reduce(0, +) / Double(preds.count)
            }
            layers[l].sort { (key($0), nodes[$0]) < (key($1), nodes[$1]) }
            for (i, n) in layers[l].enumerated() { position[n] = Double(i) }
        }
        // Geometry.
        let lineHeight = 16, padding = 10, gapX = 80, gapY = 40, margin = 20
        let lines = nodes.map(nodeLines)
        let widths = lines.map { ($0.map(\.count).max() ?? 0) * 7 + 2 * padding }
        let heights = lines.map { $0.count * lineHeight + padding }
        var x = Array(repeating: 0, count: nodes.count), y = Array(repeating: 0, count: nodes.count)
        var left = margin
        var height = 0
        // The gap after a layer leaves room for the labels of the edges that leave it
        // (6 units a character at font size 10).
        var gapAfter = Array(repeating: gapX, count: layers.count)
        for e in edges {
            let l = layer[index[e.from]!]
            gapAfter[l] = max(gapAfter[l], e.label.count * 6 + 40)
        }
        for (li, l) in layers.enumerated() {
            let gapX = gapAfter[li]
            let width = l.map { widths[$0] }.max() ?? 0
            var top = margin
            for n in l {
                x[n] = left
                y[n] = top
                top += heights[n] + gapY
            }
            height = max(height, top - gapY + margin)
            left += width + gapX
        }
        let width = left - gapAfter[layers.count - 1] + margin
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out +=
            "  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker>"
        out +=
            "<marker id=\"arrow-red\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#c00\"/></marker></defs>\n"
        out += "  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        for e in edges {
            let a = index[e.from]!, b = index[e.to]!
            let (x1, y1) = (x[a] + widths[a], y[a] + heights[a] / 2)
            let (x2, y2) = (x[b], y[b] + heights[b] / 2)
            let colour = e.unreachable ? "#c00" : "#333"
            let dash = e.dashed ? " stroke-dasharray=\"6 4\"" : ""
            let marker = e.unreachable ? "arrow-red" : "arrow"
            if b == a || x2 <= x1 {
                // Back to an earlier layer (a cycle): around the top.
                let top = min(y[a], y[b]) - 15
                out +=
                    "  <path d=\"M \(x[a] + widths[a] / 2) \(y[a]) C \(x[a] + widths[a] / 2) \(top), \(x[b] + widths[b] / 2) \(top), \(x[b] + widths[b] / 2) \(y[b])\" fill=\"none\" stroke=\"\(colour)\"\(dash) marker-end=\"url(#\(marker))\"/>\n"
                out +=
                    "  <text x=\"\((x[a] + x[b]) / 2 + widths[a] / 2)\" y=\"\(top - 3)\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(colour)\">\(Self.xmlEscaped(e.label))</text>\n"
            } else {
                out +=
                    "  <line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"\(colour)\"\(dash) marker-end=\"url(#\(marker))\"/>\n"
                out +=
                    "  <text x=\"\((x1 + x2) / 2)\" y=\"\((y1 + y2) / 2 - 4)\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(colour)\">\(Self.xmlEscaped(e.label))</text>\n"
            }
        }
        for n in nodes.indices {
            let missing = !repositories.contains(nodes[n])
            let stroke = missing ? "#c00" : lines[n].count > 1 ? "#e69500" : "#333"
            out +=
                "  <g>\n    <rect x=\"\(x[n])\" y=\"\(y[n])\" width=\"\(widths[n])\" height=\"\(heights[n])\" rx=\"4\" fill=\"#f7f7f7\" stroke=\"\(stroke)\"\(missing ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            for (i, line) in lines[n].enumerated() {
                let weight = i == 0 ? " font-weight=\"bold\"" : " fill=\"\(stroke)\""
                out +=
                    "    <text x=\"\(x[n] + padding)\" y=\"\(y[n] + padding + 8 + i * lineHeight)\"\(weight)>\(Self.xmlEscaped(line))</text>\n"
            }
            out += "  </g>\n"
        }
        return out + "</svg>\n"
    }

    static func xmlEscaped(_ s: String) -> String { TextEscaping.replacing(s, TextEscaping.xml) }
}
