import Testing

@testable import TakoGraph

@Suite struct GraphRenderingTests {
    var graph: Digraph<String> {
        var g = Digraph<String>()
        g.addEdge(from: "a", to: "b \"quoted\"")
        g.addEdge(from: "a", to: "c")
        return g
    }

    let style = GraphStyle<String>(
        label: { $0.uppercased() }, edgeLabel: { _, to in to == "c" ? "ev" : nil }, dashed: { _, to in to == "c" })

    @Test func dotIsStableAndEscaped() {
        #expect(
            GraphRendering.dot(graph, name: "g", style: style) == """
                digraph "g" {
                  rankdir=LR;
                  node [shape=box, style=rounded, fontname="Helvetica"];
                  n0 [label="A"];
                  n1 [label="B \\"QUOTED\\""];
                  n2 [label="C"];
                  n0 -> n1;
                  n0 -> n2 [label="ev", style=dashed];
                }

                """)
    }

    @Test func mermaidMarksConditionalEdgesDotted() {
        #expect(
            GraphRendering.mermaid(graph, style: style) == """
                flowchart LR
                  n0["A"]
                  n1["B #quot;QUOTED#quot;"]
                  n2["C"]
                  n0 --> n1
                  n0 -.->|"ev"| n2

                """)
    }
}
