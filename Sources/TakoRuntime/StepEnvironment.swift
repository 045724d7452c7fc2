import TakoPlanFormat

/// The environment of a step (contract.md): the base part of tako's own (`ExecOptions.
/// baseEnvironment`), then the run's `env`, then the step's `env`, then the secrets the
/// run's own workflow declares, then the `TAKO_*` variables, later ones winning.
enum StepEnvironment {
    /// `TAKO_INPUT_<NAME>`: the input name in upper case with every character other than
    /// a letter, a digit or `_` replaced by `_` (`version-bump` → `TAKO_INPUT_VERSION_BUMP`).
    static func inputVariable(_ name: String) -> String {
        "TAKO_INPUT_" + String(name.uppercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" ? $0 : "_" })
    }

    static func build(
        base: [String: String], run: PlannedRun, stepID: String, attempt: Int, inputs: [String: String],
        runEnv: [String: String], stepEnv: [String: String], secrets: [String: String],
        outputsFile: String
    ) -> [String: String] {
        var env = base
        env.merge(runEnv) { $1 }
        env.merge(stepEnv) { $1 }
        env.merge(secrets) { $1 }
        for (name, value) in inputs { env[inputVariable(name)] = value }
        env["TAKO_RUN_ID"] = run.id
        env["TAKO_STEP_ID"] = stepID
        env["TAKO_REPO"] = run.repo
        env["TAKO_WORKFLOW"] = run.workflow
        env["TAKO_ATTEMPT"] = String(attempt)
        env["TAKO_OUTPUTS"] = outputsFile
        return env
    }

    /// The run's secrets by name, from tako's environment; a missing one is left out. Only
    /// the secrets its own workflow declares: another run's never reach it.
    static func secrets(of run: PlannedRun, in environment: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in run.secrets { if let value = environment[name] { out[name] = value } }
        return out
    }
}
