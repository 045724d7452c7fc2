#!/usr/bin/env python3
"""simulate-argo.py MANIFEST --tako BIN --plan PLAN --work DIR

Runs a Workflow that `tako export argo` wrote the way Argo's controller would, on this
machine, with real processes: each DAG's tasks in an order their `depends` allows (one at
a time), `when` decided after its parameters are filled in, a container's command run with
the pod's paths mapped into DIR (the plan, the workspace volume, the outputs folder, the
git artifact cloned with git), each output parameter read from its file (`valueFrom.path`,
else `default`), and `{{inputs.parameters.X}}` / `{{tasks.T.outputs.parameters.P}}`
substituted as text. Only the features the exporter uses are understood; anything else is
an error, so a change of the exporter cannot go unnoticed.

Writes a JSON report on standard output: for every `tako step` pod, its run, step,
phase, output parameters, standard output (the step's lines) and standard error (where
`tako step` names the rendered command before it runs it); for every run template, its
phase.
"""
import argparse
import json
import os
import re
import subprocess
import sys

PHASES = ("Succeeded", "Failed", "Errored", "Skipped", "Omitted")


class Unsupported(Exception):
    pass


def substitute(text, values):
    def replace(match):
        key = match.group(1).strip()
        if key not in values:
            raise Unsupported(f"no value for {{{{{key}}}}} in {text!r}")
        return values[key]
    return re.sub(r"\{\{([^{}]+)\}\}", replace, text)


def depends_true(expression, phases):
    """Argo's enhanced depends: NAME.Phase operands, a bare NAME meaning
    (Succeeded || Skipped || Daemoned), with && || ! and parentheses."""
    def operand(match):
        name, phase = match.group(1), match.group(2)
        if name not in phases:
            raise Unsupported(f"depends names {name}, which is not a finished task")
        if phase is None:
            return str(phases[name] in ("Succeeded", "Skipped"))
        if phase not in PHASES:
            raise Unsupported(f"depends uses {phase}")
        return str(phases[name] == phase)
    python = re.sub(r"([A-Za-z0-9][-A-Za-z0-9]*)(?:\.([A-Za-z]+))?", operand, expression)
    python = python.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
    return eval(python, {"__builtins__": {}}, {})  # only True/False/and/or/not/() remain


def referenced(expression):
    return set(re.findall(r"([A-Za-z0-9][-A-Za-z0-9]*)(?:\.[A-Za-z]+)?", expression)) - {"True", "False"}


class Simulator:
    def __init__(self, manifest, tako, plan, work):
        self.templates = {t["name"]: t for t in manifest["spec"]["templates"]}
        self.tako, self.plan, self.work = tako, plan, work
        self.pods = []
        self.runs = {}
        self.count = 0

    def path(self, text, out):
        return (text.replace("/tako/plan/plan.json", self.plan)
                .replace("/tako/workspace", os.path.join(self.work, "workspace"))
                .replace("/tako/out", out).replace("/tako/src", os.path.join(out, "src")))

    def call(self, name, arguments):
        template = self.templates[name]
        declared = [p["name"] for p in template.get("inputs", {}).get("parameters", [])]
        if set(declared) != set(arguments):
            raise Unsupported(f"template {name} takes {declared}, given {sorted(arguments)}")
        inputs = {f"inputs.parameters.{k}": v for k, v in arguments.items()}
        if "dag" in template:
            phase = self.dag(template, inputs)
            if name.startswith("run-"):
                self.runs[name[4:]] = phase
            return phase, {}
        return self.pod(template, inputs)

    def dag(self, template, inputs):
        tasks = template["dag"]["tasks"]
        fail_fast = template["dag"].get("failFast", True)
        phases, outputs, tolerated = {}, {}, set()
        pending = list(tasks)
        stopped = False
        while pending:
            ready = [t for t in pending if referenced(t.get("depends", "")) <= set(phases)]
            if not ready:
                raise Unsupported(f"no task of {template['name']} can start: {[t['name'] for t in pending]}")
            task = ready[0]
            pending.remove(task)
            name = task["name"]
            values = dict(inputs)
            for (task_name, param), value in outputs.items():
                values[f"tasks.{task_name}.outputs.parameters.{param}"] = value
            if stopped or ("depends" in task and not depends_true(task["depends"], phases)):
                phases[name] = "Omitted"
                continue
            if "when" in task:
                condition = substitute(task["when"], values)
                match = re.fullmatch(r"'([^']*)' == '([^']*)'", condition)
                if not match:
                    raise Unsupported(f"when {condition!r}")
                if match.group(1) != match.group(2):
                    phases[name] = "Skipped"
                    continue
            arguments = {p["name"]: substitute(p["value"], values) for p in task.get("arguments", {}).get("parameters", [])}
            phase, produced = self.call(task["template"], arguments)
            phases[name] = phase
            for key, value in produced.items():
                outputs[(name, key)] = value
            if task.get("continueOn", {}).get("failed") and phase == "Failed":
                tolerated.add(name)
            if phase in ("Failed", "Errored") and name not in tolerated and fail_fast:
                stopped = True
        failed = [n for n, p in phases.items() if p in ("Failed", "Errored") and n not in tolerated]
        return "Failed" if failed else "Succeeded"

    def pod(self, template, inputs):
        self.count += 1
        out = os.path.join(self.work, "pods", str(self.count))
        os.makedirs(out)
        for artifact in template.get("inputs", {}).get("artifacts", []):
            if "git" not in artifact:
                raise Unsupported(f"artifact {artifact['name']}")
            repo = substitute(artifact["git"]["repo"], inputs)
            revision = substitute(artifact["git"]["revision"], inputs)
            target = self.path(artifact["path"], out)
            subprocess.run(["git", "clone", "-q", repo, target], check=True)
            subprocess.run(["git", "-C", target, "checkout", "-q", revision], check=True)
        container = template["container"]
        if container.get("env"):
            raise Unsupported("secrets")
        argv = [self.path(substitute(a, inputs), out) for a in container["command"] + container.get("args", [])]
        if argv[0] == "tako":
            argv[0] = self.tako
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        phase = "Succeeded" if done.returncode == 0 else "Failed"
        produced = {}
        for parameter in template.get("outputs", {}).get("parameters", []):
            source = parameter["valueFrom"]
            path = self.path(source["path"], out)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    produced[parameter["name"]] = handle.read().strip()
            elif "default" in source:
                produced[parameter["name"]] = source["default"]
            else:
                phase = "Errored"
        if argv[0] == self.tako:
            words = dict(zip(argv, argv[1:]))
            self.pods.append({"template": template["name"], "run": words.get("--run"), "step": words.get("--step"),
                              "condition": "--condition" in argv, "phase": phase, "outputs": produced,
                              "stdout": done.stdout, "stderr": done.stderr})
        return phase, produced


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest")
    parser.add_argument("--tako", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    import yaml
    with open(args.manifest, encoding="utf-8") as handle:
        manifest = yaml.safe_load(handle)
    simulator = Simulator(manifest, args.tako, os.path.abspath(args.plan), os.path.abspath(args.work))
    try:
        phase, _ = simulator.call(manifest["spec"]["entrypoint"], {})
    except Unsupported as error:
        print(f"simulate-argo.py: {error}", file=sys.stderr)
        return 2
    json.dump({"phase": phase, "runs": simulator.runs, "pods": simulator.pods}, sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
