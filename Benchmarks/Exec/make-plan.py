#!/usr/bin/env python3
"""Writes the plan of `make bench-exec`: a root run that fans out to RUNS child runs of
STEPS `true` steps each (1,000 no-op steps over 100 runs by default), all in one
`source: root` repository (the current folder), so no git is involved. With a fifth
argument `resources`, every step declares `resources` (a quarter of a CPU, 256 MiB).

The digest is left as given (--digest); scripts/bench-exec.sh asks `tako` for the
right one, which is computed over the decoded plan, not over these bytes."""
import json
import sys

def main():
    runs, steps, folder, digest = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    # "resources": every step declares a quarter of a CPU and 256 MiB, so that tako's resource
    # accounting is on (eight steps fit in two cores, as many as --max-parallel 8 starts).
    resources = len(sys.argv) > 5 and sys.argv[5] == "resources"
    prov = "bench/app/tako.yml:1:1"
    children = [f"child-{i:03d}" for i in range(1, runs + 1)]
    def step(sid):
        s = {"id": sid, "provenance": prov, "run": {"value": "true"}, "env": {}, "outputs": [],
             "continue_on_error": False, "on_failure": []}
        if resources:
            s["resources"] = {"cpu_millis": 250, "memory_bytes": 256 << 20}
        return s
    plan = {
        "format_version": "1.0",
        "root": {"repo": "bench/app", "workflow": "bench", "inputs": {}},
        "repositories": [{"name": "bench/app", "source": "root", "path": folder, "files": []}],
        "runs": [{
            "id": "root", "repo": "bench/app", "workflow": "bench", "inputs": {}, "input_types": {}, "env": {}, "secrets": [],
            "provenance": prov,
            "steps": [{"id": "fan", "provenance": prov, "env": {}, "outputs": [], "continue_on_error": False,
                       "on_failure": [],
                       "fan_out": {"event": {"type": "go", "artifact": "bench/app:default", "payload": {}},
                                   "children": children, "wait_for_children": True, "fail_fast": False}}],
        }] + [{
            "id": c, "repo": "bench/app", "workflow": "bench", "parent": "root/fan", "inputs": {}, "input_types": {}, "env": {},
            "secrets": [], "provenance": prov, "steps": [step(f"s{k}") for k in range(1, steps + 1)],
        } for c in children],
        "edges": [],
        "limits": {"max_depth": 4},
        "digest": digest,
    }
    json.dump(plan, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")

main()
