import Testing

@testable import TakoGraph

@Suite struct DigraphTests {
    @Test func topologicalOrderBreaksTiesByInsertionOrder() {
        var g = Digraph<String>()
        for n in ["d", "c", "b", "a"] { g.add(n) }
        g.addEdge(from: "a", to: "b")
        g.addEdge(from: "c", to: "b")
        #expect(g.topologicalOrder() == ["d", "c", "a", "b"])
        #expect(g.firstCycle() == nil)
    }

    @Test func cycleStartsAtItsEarliestNode() {
        var g = Digraph<String>()
        g.add("x")
        g.add("a")
        g.addEdge(from: "x", to: "c")
        g.addEdge(from: "c", to: "a")
        g.addEdge(from: "a", to: "b")
        g.addEdge(from: "b", to: "c")
        #expect(g.topologicalOrder() == nil)
        #expect(g.firstCycle() == ["a", "b", "c"])
    }

    @Test func selfLoopIsACycle() {
        var g = Digraph<Int>()
        g.addEdge(from: 1, to: 1)
        #expect(g.firstCycle() == [1])
    }

    @Test func duplicateEdgesCountOnce() {
        var g = Digraph<Int>()
        g.addEdge(from: 1, to: 2)
        g.addEdge(from: 1, to: 2)
        #expect(g.edgeCount == 1)
        #expect(g.successors(of: 1) == [2])
    }

    @Test func deepChainNeedsNoRecursion() {
        var g = Digraph<Int>()
        for i in 0..<200_000 { g.addEdge(from: i, to: i + 1) }
        #expect(g.firstCycle() == nil)
        #expect(g.topologicalOrder()?.count == 200_001)
        g.addEdge(from: 200_000, to: 0)
        #expect(g.firstCycle()?.count == 200_001)
    }
}
