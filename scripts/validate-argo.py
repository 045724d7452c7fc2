#!/usr/bin/env python3
"""validate-argo.py SCHEMA MANIFEST...

Validates Argo Workflows manifests (YAML, one document each) against Argo's JSON Schema,
strictly: every object of the schema that lists its properties accepts no other key
(Argo ignores a key it does not know, so a misspelt field would otherwise pass silently).
Each manifest is checked against the definition of its kind (Workflow or WorkflowTemplate).
Prints one line per problem, `FILE: PATH: MESSAGE`, and exits 1 when there is any; 0 when
every manifest is valid; 2 when the schema or a manifest cannot be read.
"""
import copy
import json
import sys

import jsonschema
import yaml

KINDS = {
    "Workflow": "io.argoproj.workflow.v1alpha1.Workflow",
    "WorkflowTemplate": "io.argoproj.workflow.v1alpha1.WorkflowTemplate",
}


def strict(node):
    """The schema with additionalProperties false wherever properties are listed and
    nothing else is said about other keys."""
    if isinstance(node, dict):
        out = {key: strict(value) for key, value in node.items()}
        if "properties" in out and "additionalProperties" not in out and "patternProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [strict(item) for item in node]
    return node


def main(argv):
    if len(argv) < 3:
        print("usage: validate-argo.py SCHEMA MANIFEST...", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as handle:
            schema = strict(json.load(handle))
    except (OSError, ValueError) as error:
        print(f"{argv[1]}: cannot read the schema: {error}", file=sys.stderr)
        return 2
    validator_class = jsonschema.validators.validator_for(schema)
    problems = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as handle:
                documents = [doc for doc in yaml.safe_load_all(handle) if doc is not None]
        except (OSError, yaml.YAMLError) as error:
            print(f"{path}: cannot read the manifest: {error}", file=sys.stderr)
            return 2
        if len(documents) != 1:
            print(f"{path}: expected one YAML document, found {len(documents)}")
            problems += 1
            continue
        manifest = documents[0]
        kind = manifest.get("kind") if isinstance(manifest, dict) else None
        if kind not in KINDS:
            print(f"{path}: kind: expected Workflow or WorkflowTemplate, found {kind!r}")
            problems += 1
            continue
        root = copy.copy(schema)
        root.pop("oneOf", None)
        root["$ref"] = "#/definitions/" + KINDS[kind]
        validator = validator_class(root)
        for error in sorted(validator.iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path))):
            where = ".".join(str(part) for part in error.absolute_path) or "(top)"
            print(f"{path}: {where}: {error.message}")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
