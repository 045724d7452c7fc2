import TakoBasics
import TakoIR
import TakoSyntax

/// One `run` command of a file as written, for checkers that read the script (ShellCheck,
/// `takoc check`): its text, where its template holes are, which names its environment
/// sets, and the way back from a position in the text to the file.
///
/// Recorded for every run command whose holes all lowered; the shell grammar is read only
/// when a checker asks (`shellCheckInput`), so recording costs a plan nothing.
public struct RunScript: Sendable {
    public var workflow: String
    public var step: String
    /// The scalar's value: the script before its holes are filled.
    public var text: String
    /// The holes' byte ranges in `text`, `{{` to `}}`, in order.
    var holeBytes: [Range<Int>]
    var scalar: YAMLScalar
    /// Where the scalar starts in the file (its indicator or quote included).
    public var start: SourceLocation
    /// The scalar's last line.
    var endLine: Int
    public var path: SourcePath
    /// The variables the step's environment sets (the workflow's and the step's `env`, the
    /// workflow's secrets): a script may read them without assigning them.
    public var environment: Set<String> = []

    init(workflow: String, step: String, text: String, holeBytes: [Range<Int>], node: YAMLNode) {
        self.workflow = workflow
        self.step = step
        self.text = text
        self.holeBytes = holeBytes
        self.scalar = node.scalar ?? YAMLScalar(text, style: .plain)
        self.start = node.range.start
        self.endLine = node.range.end.line
        self.path = node.range.path
    }

    /// Whether a position in the value maps to its exact place in the file. The mapping
    /// (`ScalarPositions`, as every diagnostic inside a scalar uses) is exact for plain and
    /// block scalars (`|` and `>`: folding only turns line breaks into spaces) and for quoted
    /// scalars on one line; a quoted scalar over several lines folds its line breaks and may
    /// mix that with escapes, so its findings point at the scalar's start instead.
    public var mapsExactly: Bool {
        switch scalar.style {
        case .plain, .literal, .folded: return true
        case .singleQuoted, .doubleQuoted: return endLine == start.line
        }
    }

    /// The file positions of offsets into `text`, in Unicode scalars (the end of the value
    /// maps just past its last character). Made once per script that has findings.
    public func positions(in source: SourceFile) -> (Int) -> SourceLocation {
        guard mapsExactly else { return { _ in start } }
        let positions = ScalarPositions(scalar: scalar, start: start, source: source)
        // The end of a value that ends its last line (ShellCheck's "expected 'fi'") is that
        // line's end, not a column after it.
        let last = text.hasSuffix("\n") ? text.unicodeScalars.count - 1 : Int.max
        return { positions.location(at: min($0, last)) }
    }

    /// How a checker sees a hole: a placeholder that stands for "some value" where the hole
    /// is, without shell syntax of its own.
    public enum Placeholder: Sendable, Equatable {
        /// `${TAKO_HOLE}`: a variable expansion, unknown to the checker, where the shell
        /// would expand one (a word, double quotes, `$((...))`).
        case expansion
        /// `TAKO_HOLE`: a literal word, where a `$` would mean nothing or something else
        /// (single quotes, a comment, a here-document).
        case literal
    }

    /// The holes as ranges of Unicode scalars in `text`, each with the placeholder that fits
    /// where it stands in the shell grammar.
    public func holes() -> [(range: Range<Int>, placeholder: Placeholder)] {
        guard !holeBytes.isEmpty else { return [] }
        let bytes = Array(text.utf8)
        let sites = ShellScan(bytes, holes: holeBytes).holeSites
        var out: [(Range<Int>, Placeholder)] = []
        var scalars = 0
        var at = 0
        func advance(to byte: Int) {
            while at < byte {
                if bytes[at] & 0xC0 != 0x80 { scalars += 1 }
                at += 1
            }
        }
        for (range, site) in zip(holeBytes, sites) {
            advance(to: range.lowerBound)
            let lower = scalars
            advance(to: range.upperBound)
            let placeholder: Placeholder
            switch site.quoting {
            case .none, .doubleQuotes, .arithmetic: placeholder = .expansion
            case .singleQuotes, .comment, .hereDocument: placeholder = .literal
            }
            out.append((lower..<scalars, placeholder))
        }
        return out
    }
}

extension Lowerer {
    /// Records a run command for the checkers of its script (`holes`: its holes' byte ranges, `{{` to `}}`).
    mutating func recordRunScript(_ text: String, holes: [Range<Int>], step: String, node: YAMLNode) {
        guard keepsRunScripts else { return }
        runScripts.append(RunScript(workflow: currentWorkflow, step: step, text: text, holeBytes: holes, node: node))
    }

    /// Each recorded script's environment: the names its workflow's and step's `env` set and
    /// the workflow's secrets.
    mutating func resolveRunScriptEnvironments(_ workflows: [WorkflowDecl]) {
        guard !runScripts.isEmpty else { return }
        var byName: [String: WorkflowDecl] = [:]
        for w in workflows where byName[w.name.value] == nil { byName[w.name.value] = w }
        func find(_ id: String, in steps: [StepDecl]) -> StepDecl? {
            for s in steps {
                if s.id.value == id { return s }
                if let found = find(id, in: s.onFailure) { return found }
            }
            return nil
        }
        for i in runScripts.indices {
            guard let w = byName[runScripts[i].workflow] else { continue }
            var names = Set(w.env.map(\.name.value))
            names.formUnion(w.secrets.map(\.value))
            if let step = find(runScripts[i].step, in: w.steps) { names.formUnion(step.env.map(\.name.value)) }
            runScripts[i].environment = names
        }
    }
}
