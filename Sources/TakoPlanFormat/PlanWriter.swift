import Foundation

/// Writes a plan's canonical JSON directly: the bytes `JSONEncoder` gives with
/// `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`, without its intermediate tree
/// of the whole plan (which, for a plan of 5,000 runs, took longer than the plan itself and
/// a hundred megabytes). The format, as that encoder writes it:
///
/// - objects `{`, then each member on its own line indented by two more spaces as
///   `"key" : value`, members separated by `,`, keys in the byte order of their UTF-8;
///   arrays the same with values; an empty object or array is `{` or `[`, an empty line,
///   and the closing bracket at the container's indentation;
/// - absent optionals are left out; strings escape `"`, `\` and the control characters
///   below U+0020 (`\b`, `\t`, `\n`, `\f`, `\r`, others as `\u00XX`) and nothing else.
///
/// `Tests/TakoPlanFormatTests/PlanWriterTests.swift` checks it against `JSONEncoder`.
struct PlanWriter {
    private let bytes: ByteBuffer
    private var indent = 0

    init(capacity: Int = 1 << 16) {
        bytes = ByteBuffer(capacity: capacity)
    }

    /// The plan's bytes and a final newline, handed to `Data` without a copy (a plan of
    /// 5,000 runs is 23 MB).
    static func encode(_ plan: Plan) -> Data {
        var w = PlanWriter(capacity: 65_536 + plan.runs.count * 8192)
        w.plan(plan)
        w.bytes.append(0x0A)
        return w.bytes.takeData()
    }

    /// A slice of the plan's runs as it stands inside the plan's `runs` array: each run on
    /// its own lines at the array's indentation, after a comma unless it is the array's
    /// first (the slice keeps the plan's indices: index 0 is the first).
    static func encode(_ runs: ArraySlice<PlannedRun>) -> Data {
        var w = PlanWriter(capacity: 4096 + runs.count * 8192)
        // Inside the plan's object (2), inside its `runs` array (4).
        w.indent = 4
        for i in runs.indices {
            if i > 0 { w.bytes.append(UInt8(ascii: ",")); w.bytes.append(0x0A) }
            w.writeIndent()
            w.run(runs[i])
        }
        return w.bytes.takeData()
    }

    // MARK: the plan's types (members in sorted key order, checked by the tests)

    mutating func plan(_ p: Plan) {
        var f = open(UInt8(ascii: "{"))
        key("digest", &f); string(p.digest)
        key("edges", &f); array(p.edges) { $0.edge($1) }
        key("format_version", &f); string(p.formatVersion)
        key("limits", &f)
        var l = open(UInt8(ascii: "{")); key("max_depth", &l); int(p.limits.maxDepth); close(UInt8(ascii: "}"))
        key("repositories", &f); array(p.repositories) { $0.repository($1) }
        key("root", &f); root(p.root)
        // Last, so that the runs can be written apart (`PlanFile.sealAndEncodeInPieces`).
        key("runs", &f); array(p.runs) { $0.run($1) }
        close(UInt8(ascii: "}"))
    }

    mutating func root(_ r: PlanRoot) {
        var f = open(UInt8(ascii: "{"))
        key("inputs", &f); stringMap(r.inputs)
        key("repo", &f); string(r.repo)
        key("workflow", &f); string(r.workflow)
        close(UInt8(ascii: "}"))
    }

    mutating func repository(_ r: PlannedRepository) {
        var f = open(UInt8(ascii: "{"))
        if let b = r.branch { key("branch", &f); string(b) }
        if let c = r.commit { key("commit", &f); string(c) }
        key("files", &f)
        array(r.files) { w, file in
            var g = w.open(UInt8(ascii: "{"))
            w.key("blob", &g); w.string(file.blob)
            w.key("path", &g); w.string(file.path)
            w.close(UInt8(ascii: "}"))
        }
        key("name", &f); string(r.name)
        key("path", &f); string(r.path)
        key("source", &f); string(r.source.rawValue)
        close(UInt8(ascii: "}"))
    }

    mutating func edge(_ e: PlannedEdge) {
        var f = open(UInt8(ascii: "{"))
        key("from", &f); string(e.from)
        key("kind", &f); string(e.kind.rawValue)
        key("to", &f); string(e.to)
        close(UInt8(ascii: "}"))
    }

    mutating func run(_ r: PlannedRun) {
        var f = open(UInt8(ascii: "{"))
        if let c = r.condition { key("condition", &f); string(c) }
        key("env", &f); valueMap(r.env)
        key("id", &f); string(r.id)
        key("input_types", &f); stringMap(r.inputTypes)
        key("inputs", &f); valueMap(r.inputs)
        if let p = r.parent { key("parent", &f); string(p) }
        if let p = r.priority { key("priority", &f); int(p) }
        key("provenance", &f); string(r.provenance)
        key("repo", &f); string(r.repo)
        key("secrets", &f); array(r.secrets) { $0.string($1) }
        key("steps", &f); array(r.steps) { $0.step($1) }
        if let t = r.trigger {
            key("trigger", &f)
            var g = open(UInt8(ascii: "{"))
            key("artifact", &g); string(t.artifact)
            key("event_type", &g); string(t.eventType)
            if let v = t.schemaVersion { key("schema_version", &g); string(v) }
            key("subscription", &g); string(t.subscription)
            close(UInt8(ascii: "}"))
        }
        key("workflow", &f); string(r.workflow)
        close(UInt8(ascii: "}"))
    }

    mutating func step(_ s: PlannedStep) {
        var f = open(UInt8(ascii: "{"))
        if let c = s.condition { key("condition", &f); string(c) }
        key("continue_on_error", &f); bool(s.continueOnError)
        key("env", &f); valueMap(s.env)
        if let fan = s.fanOut { key("fan_out", &f); fanOut(fan) }
        key("id", &f); string(s.id)
        if let n = s.name { key("name", &f); string(n) }
        key("on_failure", &f); array(s.onFailure) { $0.step($1) }
        key("outputs", &f); array(s.outputs) { $0.output($1) }
        key("provenance", &f); string(s.provenance)
        if let r = s.resources {
            key("resources", &f)
            var g = open(UInt8(ascii: "{"))
            if let c = r.cpuMillis { key("cpu_millis", &g); int(c) }
            if let m = r.memoryBytes { key("memory_bytes", &g); int(m) }
            close(UInt8(ascii: "}"))
        }
        if let r = s.run { key("run", &f); value(r) }
        if let t = s.timeoutSeconds { key("timeout_seconds", &f); int(t) }
        close(UInt8(ascii: "}"))
    }

    mutating func output(_ o: PlannedOutput) {
        var f = open(UInt8(ascii: "{"))
        key("name", &f); string(o.name)
        if let p = o.path { key("path", &f); string(p) }
        key("source", &f); string(o.source.rawValue)
        close(UInt8(ascii: "}"))
    }

    mutating func fanOut(_ fan: PlannedFanOut) {
        var f = open(UInt8(ascii: "{"))
        key("children", &f); array(fan.children) { $0.string($1) }
        if let c = fan.concurrencyLimit { key("concurrency_limit", &f); int(c) }
        key("event", &f)
        var g = open(UInt8(ascii: "{"))
        key("artifact", &g); string(fan.event.artifact)
        key("payload", &g); valueMap(fan.event.payload)
        if let v = fan.event.schemaVersion { key("schema_version", &g); string(v) }
        key("type", &g); string(fan.event.type)
        close(UInt8(ascii: "}"))
        key("fail_fast", &f); bool(fan.failFast)
        if let t = fan.timeoutSeconds { key("timeout_seconds", &f); int(t) }
        key("wait_for_children", &f); bool(fan.waitForChildren)
        close(UInt8(ascii: "}"))
    }

    mutating func value(_ v: PlannedValue) {
        var f = open(UInt8(ascii: "{"))
        switch v {
        case .value(let s): key("value", &f); string(s)
        case .template(let t): key("template", &f); string(t)
        }
        close(UInt8(ascii: "}"))
    }

    mutating func valueMap(_ m: [String: PlannedValue]) {
        var f = open(UInt8(ascii: "{"))
        for k in Self.sortedKeys(m) { key(k, &f); value(m[k]!) }
        close(UInt8(ascii: "}"))
    }

    mutating func stringMap(_ m: [String: String]) {
        var f = open(UInt8(ascii: "{"))
        for k in Self.sortedKeys(m) { key(k, &f); string(m[k]!) }
        close(UInt8(ascii: "}"))
    }

    /// Keys in the byte order of their UTF-8, as `JSONEncoder` sorts them.
    static func sortedKeys<V>(_ m: [String: V]) -> [String] {
        m.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    // MARK: JSON

    /// Opens an object or array; the result says whether the next member is the first.
    mutating func open(_ bracket: UInt8) -> Bool {
        bytes.append(bracket)
        bytes.append(0x0A)
        indent += 2
        return true
    }

    mutating func close(_ bracket: UInt8) {
        bytes.append(0x0A)
        indent -= 2
        writeIndent()
        bytes.append(bracket)
    }

    /// `"key" : ` on a new line of the object, after a comma unless it is the first.
    mutating func key(_ k: String, _ first: inout Bool) {
        if !first { bytes.append(UInt8(ascii: ",")); bytes.append(0x0A) }
        first = false
        writeIndent()
        string(k)
        bytes.append(0x20); bytes.append(UInt8(ascii: ":")); bytes.append(0x20)
    }

    mutating func array<T>(_ items: [T], _ write: (inout PlanWriter, T) -> Void) {
        _ = open(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(0x0A) }
            writeIndent()
            write(&self, item)
        }
        close(UInt8(ascii: "]"))
    }

    private mutating func writeIndent() {
        bytes.appendSpaces(indent)
    }

    mutating func int(_ n: Int) {
        bytes.append(contentsOf: String(n).utf8)
    }

    mutating func bool(_ b: Bool) {
        bytes.append(contentsOf: (b ? "true" : "false").utf8)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied as they are.
        var text = s
        text.withUTF8 { utf8 in
            var run = 0
            for (i, b) in utf8.enumerated() where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 {
                bytes.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[run..<i])))
                escape(b)
                run = i + 1
            }
            bytes.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[run...])))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x00..<0x20:
            bytes.append(contentsOf: [
                UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                Self.hex[Int(b >> 4)], Self.hex[Int(b & 0xF)],
            ])
        default: bytes.append(b)
        }
    }
}

/// A growing byte buffer from `malloc`, whose memory becomes a `Data`'s at the end:
/// `realloc` can grow a large block without copying, and `Data(bytesNoCopy:)` takes it
/// over, so the encoded plan exists once in memory.
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>?
    private var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow() }
        base![count] = byte
        count += 1
    }

    func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        for b in bytes { append(b) }
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        while count + bytes.count > capacity { grow() }
        (base! + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        count += bytes.count
    }

    func appendSpaces(_ n: Int) {
        guard n > 0 else { return }
        while count + n > capacity { grow() }
        (base! + count).update(repeating: 0x20, count: n)
        count += n
    }

    private func grow() {
        capacity *= 2
        base = realloc(base, capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    /// The bytes as `Data`, which then owns and frees them; nothing can be appended after.
    func takeData() -> Data {
        guard let taken = base else { return Data() }
        base = nil
        return Data(bytesNoCopy: taken, count: count, deallocator: .free)
    }
}
