internal import CYaml
import TakoBasics

/// tako.yml text → located YAML tree, from libyaml's event parser. This is the only file
/// that imports libyaml; no C type leaves it.
///
/// The tree is built with an explicit stack, never by recursion, and nesting is capped
/// (`maxDepth`), so hostile input costs a diagnostic, not a stack overflow. Aliases are
/// expanded into copies of their anchor's node, with a budget against "billion laughs".
public enum YAMLParser {
    public static let maxDepth = 256
    public static let maxExpandedNodes = 1_000_000

    public static func parse(path: String, bytes: [UInt8]) -> ParsedFile {
        let source = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        var builder = TreeBuilder(path: path)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return ParsedFile(
                source: source, root: nil,
                diagnostics: [
                    Diagnostic(.yamlSyntax, "could not initialise the YAML parser", at: SourceRange(file: path, line: 1, column: 1))
                ])
        }
        defer { yaml_parser_delete(&parser) }

        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while !builder.stopped {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fail(syntaxError(parser, path: path, bytes: bytes))
                    break
                }
                let done = event.type == YAML_STREAM_END_EVENT
                builder.handle(event)
                yaml_event_delete(&event)
                if done { break }
            }
        }
        return ParsedFile(source: source, root: builder.stopped ? nil : builder.root, diagnostics: builder.diagnostics)
    }

    private static func syntaxError(_ parser: yaml_parser_t, path: String, bytes: [UInt8]) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR {
            // Reader errors (bad UTF-8, control characters) carry a byte offset, not a mark. A bad
            // trailing octet is reported at that octet: point at the character it breaks instead.
            var offset = min(parser.problem_offset, bytes.count)
            if problem.contains("trailing") {
                while offset > 0, bytes[offset - 1] & 0xC0 == 0x80 { offset -= 1 }
                if offset > 0, bytes[offset - 1] >= 0xC0 { offset -= 1 }
            }
            let location = locate(byteOffset: offset, in: bytes)
            return Diagnostic(.yamlSyntax, problem, at: SourceRange(file: path, start: location, end: location))
        }
        let file = SourcePath(path)
        let at = range(parser.problem_mark, parser.problem_mark, path: file)
        var notes: [DiagnosticNote] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            notes.append(DiagnosticNote(context, at: range(parser.context_mark, parser.context_mark, path: file)))
        }
        return Diagnostic(.yamlSyntax, problem, at: at, notes: notes)
    }

    /// Line and column (in Unicode scalars) of a byte offset, counting only complete characters.
    static func locate(byteOffset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1, column = 1, i = 0
        let end = min(byteOffset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(line: line, column: column)
    }

    fileprivate static func range(_ start: yaml_mark_t, _ end: yaml_mark_t, path: SourcePath) -> SourceRange {
        SourceRange(
            path: path,
            start: SourceLocation(line: Int(start.line) + 1, column: Int(start.column) + 1),
            end: SourceLocation(line: Int(end.line) + 1, column: Int(end.column) + 1))
    }
}

/// Turns the event stream into nodes, one open collection per stack frame.
private struct TreeBuilder {
    struct Frame {
        var isMapping: Bool
        var start: yaml_mark_t
        var tag: String?
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var nodeCount = 1
    }

    let path: SourcePath
    var stack: [Frame] = []
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    var stopped = false
    var documents = 0
    var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    var expanded = 0

    init(path: String) { self.path = SourcePath(path) }

    mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        stopped = true
    }

    mutating func handle(_ event: yaml_event_t) {
        let here = YAMLParser.range(event.start_mark, event.end_mark, path: path)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                fail(Diagnostic(.yamlMultipleDocuments, "a tako.yml holds one YAML document; found a second one", at: here))
            }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
            let node = YAMLNode(.scalar(YAMLScalar(value, style: style(s.style))), range: here, tag: string(s.tag))
            complete(node, anchor: string(s.anchor), count: 1)
        case YAML_SEQUENCE_START_EVENT:
            open(isMapping: false, event, tag: string(event.data.sequence_start.tag), anchor: string(event.data.sequence_start.anchor))
        case YAML_MAPPING_START_EVENT:
            open(isMapping: true, event, tag: string(event.data.mapping_start.tag), anchor: string(event.data.mapping_start.anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let range = YAMLParser.range(frame.start, event.end_mark, path: path)
            let kind: YAMLNode.Kind = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
            complete(YAMLNode(kind, range: range, tag: frame.tag), anchor: frame.anchor, count: frame.nodeCount)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                fail(Diagnostic(.yamlUnknownAlias, "alias '*\(name)' refers to no anchor defined before it", at: here))
                return
            }
            expanded += target.count
            if expanded > YAMLParser.maxExpandedNodes {
                fail(Diagnostic(.yamlAliasExpansion, "aliases expand to more than \(YAMLParser.maxExpandedNodes) nodes", at: here))
                return
            }
            var copy = target.node
            copy.range = here
            complete(copy, anchor: nil, count: target.count)
        default:
            break
        }
    }

    private mutating func open(isMapping: Bool, _ event: yaml_event_t, tag: String?, anchor: String?) {
        if stack.count >= YAMLParser.maxDepth {
            fail(
                Diagnostic(
                    .yamlTooDeep, "nesting deeper than \(YAMLParser.maxDepth) levels",
                    at: YAMLParser.range(event.start_mark, event.end_mark, path: path)))
            return
        }
        var frame = Frame(isMapping: isMapping, start: event.start_mark, tag: tag, anchor: anchor)
        // Room for a few entries from the start: most collections of a tako.yml are small,
        // and growing 1, 2, 4 copied each node along.
        if isMapping { frame.pairs.reserveCapacity(4) } else { frame.items.reserveCapacity(4) }
        stack.append(frame)
    }

    private mutating func complete(_ node: consuming YAMLNode, anchor: String?, count: Int) {
        if let anchor { anchors[anchor] = (copy node, count) }
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].nodeCount += count
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if let key = stack[top].pendingKey.take() {
            stack[top].pairs.append(YAMLPair(key: key, value: node))
        } else {
            stack[top].pendingKey = node
        }
    }

    private func style(_ s: yaml_scalar_style_t) -> ScalarStyle {
        switch s {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafePointer($0)) }
    }
}
