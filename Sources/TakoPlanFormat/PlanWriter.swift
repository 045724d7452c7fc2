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
    private(set) var bytes: [UInt8] = []
    private var indent = 0

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    static func encode(_ plan: Plan) -> [UInt8] {
        var w = PlanWriter(capacity: 4096 + plan.runs.count * 4096)
        w.plan(plan)
        return w.bytes
    }

    // MARK: the plan's types

    mutating func plan(_ p: Plan) {
        object([
            ("digest", { $0.string(p.digest) }),
            ("edges", { w in w.array(p.edges) { $0.edge($1) } }),
            ("format_version", { $0.string(p.formatVersion) }),
            ("limits", { w in w.object([("max_depth", { $0.int(p.limits.maxDepth) })]) }),
            ("repositories", { w in w.array(p.repositories) { $0.repository($1) } }),
            ("root", { $0.root(p.root) }),
            ("runs", { w in w.array(p.runs) { $0.run($1) } }),
        ])
    }

    mutating func root(_ r: PlanRoot) {
        object([
            ("inputs", { $0.stringMap(r.inputs) }),
            ("repo", { $0.string(r.repo) }),
            ("workflow", { $0.string(r.workflow) }),
        ])
    }

    mutating func repository(_ r: PlannedRepository) {
        var members: [Member] = [
            ("files", { w in w.array(r.files) { w, f in w.object([("blob", { $0.string(f.blob) }), ("path", { $0.string(f.path) })]) } }),
            ("name", { $0.string(r.name) }),
            ("path", { $0.string(r.path) }),
            ("source", { $0.string(r.source.rawValue) }),
        ]
        if let b = r.branch { members.append(("branch", { $0.string(b) })) }
        if let c = r.commit { members.append(("commit", { $0.string(c) })) }
        object(members)
    }

    mutating func edge(_ e: PlannedEdge) {
        object([
            ("from", { $0.string(e.from) }),
            ("kind", { $0.string(e.kind.rawValue) }),
            ("to", { $0.string(e.to) }),
        ])
    }

    mutating func run(_ r: PlannedRun) {
        var members: [Member] = [
            ("env", { $0.valueMap(r.env) }),
            ("id", { $0.string(r.id) }),
            ("input_types", { $0.stringMap(r.inputTypes) }),
            ("inputs", { $0.valueMap(r.inputs) }),
            ("provenance", { $0.string(r.provenance) }),
            ("repo", { $0.string(r.repo) }),
            ("secrets", { w in w.array(r.secrets) { $0.string($1) } }),
            ("steps", { w in w.array(r.steps) { $0.step($1) } }),
            ("workflow", { $0.string(r.workflow) }),
        ]
        if let p = r.parent { members.append(("parent", { $0.string(p) })) }
        if let t = r.trigger {
            members.append(("trigger", { w in
                var fields: [Member] = [
                    ("artifact", { $0.string(t.artifact) }),
                    ("event_type", { $0.string(t.eventType) }),
                    ("subscription", { $0.string(t.subscription) }),
                ]
                if let v = t.schemaVersion { fields.append(("schema_version", { $0.string(v) })) }
                w.object(fields)
            }))
        }
        object(members)
    }

    mutating func step(_ s: PlannedStep) {
        var members: [Member] = [
            ("continue_on_error", { $0.bool(s.continueOnError) }),
            ("env", { $0.valueMap(s.env) }),
            ("id", { $0.string(s.id) }),
            ("on_failure", { w in w.array(s.onFailure) { $0.step($1) } }),
            ("outputs", { w in w.array(s.outputs) { $0.output($1) } }),
            ("provenance", { $0.string(s.provenance) }),
        ]
        if let n = s.name { members.append(("name", { $0.string(n) })) }
        if let r = s.run { members.append(("run", { $0.value(r) })) }
        if let f = s.fanOut { members.append(("fan_out", { $0.fanOut(f) })) }
        if let t = s.timeoutSeconds { members.append(("timeout_seconds", { $0.int(t) })) }
        if let c = s.condition { members.append(("condition", { $0.string(c) })) }
        object(members)
    }

    mutating func output(_ o: PlannedOutput) {
        var members: [Member] = [("name", { $0.string(o.name) }), ("source", { $0.string(o.source.rawValue) })]
        if let p = o.path { members.append(("path", { $0.string(p) })) }
        object(members)
    }

    mutating func fanOut(_ f: PlannedFanOut) {
        var members: [Member] = [
            ("children", { w in w.array(f.children) { $0.string($1) } }),
            ("event", { w in
                var fields: [Member] = [
                    ("artifact", { $0.string(f.event.artifact) }),
                    ("payload", { $0.valueMap(f.event.payload) }),
                    ("type", { $0.string(f.event.type) }),
                ]
                if let v = f.event.schemaVersion { fields.append(("schema_version", { $0.string(v) })) }
                w.object(fields)
            }),
            ("fail_fast", { $0.bool(f.failFast) }),
            ("wait_for_children", { $0.bool(f.waitForChildren) }),
        ]
        if let c = f.concurrencyLimit { members.append(("concurrency_limit", { $0.int(c) })) }
        if let t = f.timeoutSeconds { members.append(("timeout_seconds", { $0.int(t) })) }
        object(members)
    }

    mutating func value(_ v: PlannedValue) {
        switch v {
        case .value(let s): object([("value", { $0.string(s) })])
        case .template(let t): object([("template", { $0.string(t) })])
        }
    }

    mutating func valueMap(_ m: [String: PlannedValue]) {
        object(m.map { key, v in (key, { $0.value(v) }) })
    }

    mutating func stringMap(_ m: [String: String]) {
        object(m.map { key, v in (key, { $0.string(v) }) })
    }

    // MARK: JSON

    typealias Member = (key: String, write: (inout PlanWriter) -> Void)

    /// Members in the byte order of their keys' UTF-8, as `JSONEncoder` sorts them.
    mutating func object(_ members: [Member]) {
        let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        bytes.append(UInt8(ascii: "{"))
        bytes.append(0x0A)
        indent += 2
        for (i, m) in sorted.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(0x0A) }
            writeIndent()
            string(m.key)
            bytes.append(contentsOf: [0x20, UInt8(ascii: ":"), 0x20])
            m.write(&self)
        }
        bytes.append(0x0A)
        indent -= 2
        writeIndent()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func array<T>(_ items: [T], _ write: (inout PlanWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        bytes.append(0x0A)
        indent += 2
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(0x0A) }
            writeIndent()
            write(&self, item)
        }
        bytes.append(0x0A)
        indent -= 2
        writeIndent()
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeIndent() {
        for _ in 0..<indent { bytes.append(0x20) }
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
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x00..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          Self.hex[Int(b >> 4)], Self.hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
