/// A directed graph whose every answer is stable: nodes and edges keep the order they
/// were added in, the topological order breaks ties by that order, and a cycle is given as
/// a path that starts at its earliest-added node.
public struct Digraph<Node: Hashable & Sendable>: Sendable {
    public private(set) var nodes: [Node] = []
    private var index: [Node: Int] = [:]
    private var successorIndices: [[Int]] = []
    private var edgeSet: Set<Edge> = []

    private struct Edge: Hashable, Sendable {
        var from: Int
        var to: Int
    }

    public init() {}

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edgeSet.count }

    /// Adds a node (once); returns its position in insertion order.
    @discardableResult
    public mutating func add(_ node: Node) -> Int {
        if let i = index[node] { return i }
        index[node] = nodes.count
        nodes.append(node)
        successorIndices.append([])
        return nodes.count - 1
    }

    /// Adds an edge (once), adding its ends as needed.
    public mutating func addEdge(from: Node, to: Node) {
        let f = add(from), t = add(to)
        if edgeSet.insert(Edge(from: f, to: t)).inserted { successorIndices[f].append(t) }
    }

    public func contains(_ node: Node) -> Bool { index[node] != nil }

    public func successors(of node: Node) -> [Node] {
        guard let i = index[node] else { return [] }
        return successorIndices[i].map { nodes[$0] }
    }

    /// Kahn's algorithm, always taking the earliest-added ready node; nil when there is a cycle.
    public func topologicalOrder() -> [Node]? {
        var indegree = [Int](repeating: 0, count: nodes.count)
        for succ in successorIndices { for t in succ { indegree[t] += 1 } }
        var ready = MinHeap()
        for i in nodes.indices where indegree[i] == 0 { ready.push(i) }
        var order: [Node] = []
        order.reserveCapacity(nodes.count)
        while let i = ready.pop() {
            order.append(nodes[i])
            for t in successorIndices[i] {
                indegree[t] -= 1
                if indegree[t] == 0 { ready.push(t) }
            }
        }
        return order.count == nodes.count ? order : nil
    }

    /// The first cycle found by a depth-first search in insertion order, rotated to start at
    /// its earliest-added node; the path closes from its last node back to its first. Iterative,
    /// so deep graphs cannot overflow the stack.
    public func firstCycle() -> [Node]? {
        var mark = [Mark](repeating: .unvisited, count: nodes.count)
        for start in nodes.indices where mark[start] == .unvisited {
            var path: [(node: Int, next: Int)] = [(start, 0)]
            mark[start] = .onPath
            while let top = path.last {
                let succ = successorIndices[top.node]
                if top.next < succ.count {
                    path[path.count - 1].next += 1
                    let t = succ[top.next]
                    switch mark[t] {
                    case .unvisited:
                        mark[t] = .onPath
                        path.append((t, 0))
                    case .onPath:
                        let loop = path.map(\.node).drop { $0 != t }
                        let minimum = loop.min()!
                        let rotation = loop.firstIndex(of: minimum)!
                        return (Array(loop[rotation...]) + Array(loop[..<rotation])).map { nodes[$0] }
                    case .done:
                        break
                    }
                } else {
                    mark[top.node] = .done
                    path.removeLast()
                }
            }
        }
        return nil
    }
}

private enum Mark { case unvisited, onPath, done }

/// A binary min-heap of node positions.
private struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ x: Int) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[parent] > items[i] else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count, items[l] < items[smallest] { smallest = l }
                if r < items.count, items[r] < items[smallest] { smallest = r }
                guard smallest != i else { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return first
    }
}
