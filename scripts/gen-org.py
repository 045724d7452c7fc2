#!/usr/bin/env python3
"""Generate a synthetic organisation of N repositories in tako's cache layout.

    python3 scripts/gen-org.py --repos 10000 --out /tmp/org-10000

writes

    OUT/cache/repos/acme/REPO/main/   a git clone (working files, index, .git) per repository
    OUT/floor.git/                    a bare repository holding the same tako.yml blobs
    OUT/blobs.txt                     the tako.yml blob id of every repository, one per line
    OUT/org.json                      the shape: layer sizes, the root, the plan to make and
                                      how many runs it has (computed here, independently)

The objects are written directly (zlib-compressed loose objects, as `git add` and
`git commit` write them, with a fixed author and date), which makes 10,000 repositories
in seconds instead of minutes of `git init/add/commit` processes. `--verify K` runs
`git fsck` and `git status` on K of them.

The shape (docs/performance-plan.md): layers 0..6 from one root, `acme/core-lib`.
Layer k holds min(20^k, an equal share of what is left) repositories. Repository j of
layer k >= 1 subscribes to the `release_published` event of repository j // 20 of
layer k-1, so every publisher's fan-out reaches 20 subscribers (width 20, depth 6). The
subscription's filter depends on j % 20: 14 of 20 take `stable` and `lts`
releases, 4 take only `lts`, 2 only `beta`; so a `stable` release from the root reaches
a fixed part of the organisation and the plan stays within the planner's 10,000 runs.
Every other repository also subscribes to `release_withdrawn` (the `rollback` workflow)
of a neighbour publisher, which a release never emits, and a few leaves subscribe to a
second publisher's release as well (a diamond: two runs of the same workflow).
Every repository has a fan-out, whether anyone subscribes or not.
"""

import argparse
import hashlib
import json
import os
import struct
import sys
import time
import zlib

WIDTH = 20
DEPTH = 6
OWNER = "acme"
AUTHOR = b"Synthetic Org <org@example.com> 1767225600 +0000"  # 2026-01-01T00:00:00Z
CHANNELS_BY_SLOT = (["stable", "lts"],) * 14 + (["lts"],) * 4 + (["beta"],) * 2


def layer_sizes(n, width=WIDTH, depth=DEPTH):
    sizes = [1]
    remaining = n - 1
    for k in range(1, depth + 1):
        share = remaining // (depth - k + 1)
        size = min(width ** k, share)
        if size > width * sizes[-1]:
            size = width * sizes[-1]
        sizes.append(size)
        remaining -= size
    sizes[-1] += remaining
    if sizes[-1] > width * sizes[-2]:
        sys.exit(f"cannot shape {n} repositories into {depth} layers of width {width}")
    if any(s == 0 for s in sizes):
        sys.exit(f"{n} repositories are too few for {depth} layers")
    return sizes


def repo_name(layer, j):
    return "core-lib" if layer == 0 else f"svc-{layer}-{j:05d}"


class Org:
    def __init__(self, n):
        self.sizes = layer_sizes(n)
        # publishers[k] = how many of layer k have subscribers in layer k+1
        self.publishers = [(self.sizes[k + 1] + WIDTH - 1) // WIDTH if k < DEPTH else 0 for k in range(DEPTH + 1)]

    def subscriptions(self, layer, j):
        """(kind, publisher index in layer-1, channels or None) in file order."""
        if layer == 0:
            return []
        p = j // WIDTH
        subs = [("release", p, CHANNELS_BY_SLOT[j % WIDTH])]
        count = self.publishers[layer - 1]
        if j % 2 == 1 and count > 1:
            subs.append(("withdrawn", (p + 1) % count, None))
        elif j % WIDTH == 10 and count > 1 and not self.is_publisher(layer, j):
            subs.append(("release", (p + 1) % count, ["stable"]))
        return subs

    def is_publisher(self, layer, j):
        return layer < DEPTH and j < self.publishers[layer]

    def expected_runs(self, channel="stable"):
        """Runs of a plan of the root's 'release' on this channel: every path is a run."""
        # subscribers[(layer, p)] = [(j, channels)] of layer+1 subscribing to p's release
        subscribers = {}
        for layer in range(1, DEPTH + 1):
            for j in range(self.sizes[layer]):
                for kind, p, channels in self.subscriptions(layer, j):
                    if kind == "release":
                        subscribers.setdefault((layer - 1, p), []).append((j, channels))
        runs = 0
        stack = [(0, 0)]
        while stack:
            layer, j = stack.pop()
            runs += 1
            for child, channels in subscribers.get((layer, j), []):
                if channel in channels:
                    stack.append((layer + 1, child))
        return runs


def manifest(org, layer, j):
    name = repo_name(layer, j)
    lines = [
        f"# {OWNER}/{name}: layer {layer} of a synthetic organisation (scripts/gen-org.py).",
        'version: "1"',
        "",
        "artifacts:",
        f"  {name}:",
        "    path: ./pkg",
        "    ecosystem: go",
        f"    description: the client package of {name}",
        "",
        "workflows:",
    ]
    main = "release" if layer == 0 else "integrate"
    lines += [
        f"  {main}:",
        "    on: exec",
        "    description: " + ("build and publish a release, then let dependents integrate it" if layer == 0
                               else "take a new upstream release, test it, publish our own"),
        "    inputs:",
        "      version:",
        "        type: string",
        "        required: true",
        "        validation:",
        '          pattern: "^[0-9]+\\\\.[0-9]+\\\\.[0-9]+$"',
        "      channel:",
        "        type: string",
        "        default: stable",
        "        validation:",
        "          enum: [stable, lts, beta]",
    ]
    if layer > 0:
        lines += [
            "      upstream:",
            "        type: string",
            "        required: true",
            "      artifact:",
            "        type: string",
            "        default: none",
        ]
    lines += [
        "      retries:",
        "        type: number",
        "        default: 2",
        "        validation: { min: 0, max: 5 }",
        "    env:",
        f"      SERVICE: {name}",
        "      CHANNEL: \"{{ inputs.channel }}\"",
        "    steps:",
    ]
    if layer > 0:
        lines += [
            "      - id: bump",
            "        name: pin the upstream release",
            '        run: echo "$UPSTREAM@$VERSION ($ARTIFACT)" > UPSTREAM',
            "        env:",
            '          UPSTREAM: "{{ inputs.upstream }}"',
            '          VERSION: "{{ inputs.version }}"',
            '          ARTIFACT: "{{ inputs.artifact }}"',
        ]
    lines += [
        "      - id: build",
        "        name: build and test",
        '        run: make build VERSION="$VERSION" RETRIES="$RETRIES"',
        "        env:",
        '          VERSION: "{{ inputs.version }}"',
        '          RETRIES: "{{ inputs.retries }}"',
        "        timeout: 20m",
        "        produces:",
        "          outputs:",
        "            artifact_id: from_stdout",
        "            report: from_file:out/report.txt",
        "      - id: canary",
        "        if: inputs.channel != 'beta'",
        '        run: ./deploy.sh canary {{ steps.build.outputs.artifact_id | shell_quote }}',
        "        continue_on_error: true",
        "      - id: notify",
        "        uses: tako/fan-out@v1",
        "        with:",
        "          event_type: release_published",
        f"          artifact: {name}",
        '          schema_version: "1.4.0"',
        "          wait_for_children: true",
        "          concurrency_limit: 8",
        "          timeout: 2h",
        "          payload:",
        '            version: "{{ inputs.version }}"',
        '            channel: "{{ inputs.channel }}"',
        f"            source: {name}",
        '            artifact_id: "{{ steps.build.outputs.artifact_id }}"',
        "",
        "  rollback:",
        "    on: exec",
        "    description: withdraw a release and tell dependents to roll back",
        "    inputs:",
        "      version: { type: string, required: true }",
        "      reason: { type: string, default: unspecified }",
        "    steps:",
        "      - id: revert",
        '        run: ./deploy.sh revert "$VERSION" "$REASON"',
        "        env:",
        '          VERSION: "{{ inputs.version }}"',
        '          REASON: "{{ inputs.reason }}"',
        "        on_failure:",
        "          - id: page",
        '            run: echo "rollback of $VERSION failed" >&2',
        "            env:",
        '              VERSION: "{{ inputs.version }}"',
        "      - id: announce",
        "        uses: tako/fan-out@v1",
        "        with:",
        "          event_type: release_withdrawn",
        f"          artifact: {name}",
        '          schema_version: "1.0.0"',
        "          payload:",
        '            version: "{{ inputs.version }}"',
        '            reason: "{{ inputs.reason }}"',
    ]
    subs = org.subscriptions(layer, j)
    if subs:
        lines += ["", "subscriptions:"]
    for kind, p, channels in subs:
        publisher = repo_name(layer - 1, p)
        if kind == "release":
            listed = ", ".join(f"'{c}'" for c in channels)
            condition = f"event.payload.channel == {listed}" if len(channels) == 1 else f"event.payload.channel in [{listed}]"
            lines += [
                f"  - artifact: {OWNER}/{publisher}:{publisher}",
                "    events: [release_published]",
                '    schema_version: "^1.2.0"',
                "    filters:",
                f"      - {condition}",
                "      - semver.major(event.payload.version) >= 1",
                f"    workflow: {main}",
                "    inputs:",
                '      version: "{{ event.payload.version }}"',
                '      channel: "{{ event.payload.channel }}"',
                '      upstream: "{{ event.payload.source }}"',
                '      artifact: "{{ event.payload.artifact_id }}"',
            ]
        else:
            lines += [
                f"  - artifact: {OWNER}/{publisher}:{publisher}",
                "    events: [release_withdrawn]",
                '    schema_version: ">=1.0.0 <2.0.0"',
                "    workflow: rollback",
                "    inputs:",
                '      version: "{{ event.payload.version }}"',
                '      reason: "{{ event.payload.reason }}"',
            ]
    return ("\n".join(lines) + "\n").encode()


def readme(layer, j):
    return f"# {repo_name(layer, j)}\n\nA synthetic repository, layer {layer}.\n".encode()


class ObjectWriter:
    """Loose objects into one objects folder, folders made once."""

    def __init__(self, objects):
        self.objects = objects
        self.made = set()

    def write(self, kind, body):
        data = kind + b" " + str(len(body)).encode() + b"\0" + body
        oid = hashlib.sha1(data).hexdigest()
        folder = self.objects + "/" + oid[:2]
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        path = folder + "/" + oid[2:]
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(zlib.compress(data, 1))
        return oid


def index_file(entries):
    """A version-2 index for (path, blob id, size), with zero stat data (git refreshes it)."""
    out = [b"DIRC", struct.pack(">II", 2, len(entries))]
    for path, oid, size in sorted(entries):
        name = path.encode()
        entry = struct.pack(">10I", 0, 0, 0, 0, 0, 0, 0o100644, 0, 0, size) + bytes.fromhex(oid)
        entry += struct.pack(">H", min(len(name), 0xFFF)) + name
        entry += b"\0" * (8 - (len(entry) % 8))
        out.append(entry)
    body = b"".join(out)
    return body + hashlib.sha1(body).digest()


def write_clone(clone, files, remote):
    git = clone + "/.git"
    for d in ("refs/heads", "refs/remotes/origin"):
        os.makedirs(git + "/" + d, exist_ok=True)
    objects = ObjectWriter(git + "/objects")
    tree_entries = []
    index_entries = []
    for path, content in sorted(files.items()):
        oid = objects.write(b"blob", content)
        tree_entries.append(b"100644 " + path.encode() + b"\0" + bytes.fromhex(oid))
        index_entries.append((path, oid, len(content)))
        with open(clone + "/" + path, "wb") as f:
            f.write(content)
    tree = objects.write(b"tree", b"".join(tree_entries))
    commit = objects.write(b"commit", b"tree " + tree.encode() + b"\nauthor " + AUTHOR + b"\ncommitter " + AUTHOR +
                           b"\n\nInitial synthetic commit\n")
    with open(git + "/HEAD", "w") as f:
        f.write("ref: refs/heads/main\n")
    with open(git + "/config", "w") as f:
        f.write("[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n"
                f"[remote \"origin\"]\n\turl = {remote}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
                "[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n")
    with open(git + "/refs/heads/main", "w") as f:
        f.write(commit + "\n")
    with open(git + "/refs/remotes/origin/main", "w") as f:
        f.write(commit + "\n")
    with open(git + "/refs/remotes/origin/HEAD", "w") as f:
        f.write("ref: refs/remotes/origin/main\n")
    with open(git + "/index", "wb") as f:
        f.write(index_file(index_entries))
    return commit, index_entries[[p for p, _, _ in index_entries].index("tako.yml")][1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repos", type=int, required=True, help="number of repositories (at least 50)")
    ap.add_argument("--out", required=True, help="folder to create (must not exist)")
    ap.add_argument("--verify", type=int, default=0, metavar="K", help="git fsck and git status on K repositories")
    ap.add_argument("--print-manifest", metavar="LAYER:J", help="print one tako.yml and exit")
    args = ap.parse_args()

    org = Org(args.repos)
    if args.print_manifest:
        layer, j = map(int, args.print_manifest.split(":"))
        sys.stdout.write(manifest(org, layer, j).decode())
        return
    if os.path.exists(args.out):
        sys.exit(f"{args.out} exists")
    started = time.monotonic()
    repos = os.path.join(args.out, "cache", "repos", OWNER)
    os.makedirs(repos)
    floor = ObjectWriter(os.path.join(args.out, "floor.git", "objects"))
    blobs = []
    names = []
    for layer, size in enumerate(org.sizes):
        for j in range(size):
            name = repo_name(layer, j)
            clone = f"{repos}/{name}/main"
            os.makedirs(clone)
            content = manifest(org, layer, j)
            _, blob = write_clone(clone, {"tako.yml": content, "README.md": readme(layer, j)},
                                  f"https://git.example.com/{OWNER}/{name}.git")
            floor.write(b"blob", content)
            blobs.append(blob)
            names.append(name)
    floor_git = os.path.join(args.out, "floor.git")
    os.makedirs(floor_git + "/refs/heads", exist_ok=True)
    with open(floor_git + "/HEAD", "w") as f:
        f.write("ref: refs/heads/main\n")
    with open(floor_git + "/config", "w") as f:
        f.write("[core]\n\trepositoryformatversion = 0\n\tbare = true\n")
    with open(os.path.join(args.out, "blobs.txt"), "w") as f:
        f.write("\n".join(blobs) + "\n")
    shape = {
        "repositories": args.repos,
        "width": WIDTH,
        "depth": DEPTH,
        "layers": org.sizes,
        "publishers_per_layer": org.publishers[:-1],
        "root": f"{OWNER}/core-lib",
        "workflow": "release",
        "inputs": {"version": "2.3.0", "channel": "stable"},
        "expected_runs": org.expected_runs("stable"),
        "subscriptions": sum(len(org.subscriptions(l, j)) for l, s in enumerate(org.sizes) for j in range(s)),
        "generated_in_seconds": round(time.monotonic() - started, 2),
    }
    with open(os.path.join(args.out, "org.json"), "w") as f:
        json.dump(shape, f, indent=2)
        f.write("\n")
    if args.verify:
        import subprocess
        step = max(1, len(names) // args.verify)
        for name in names[::step][: args.verify]:
            clone = f"{repos}/{name}/main"
            subprocess.run(["git", "-C", clone, "fsck", "--strict", "--no-progress"], check=True)
            status = subprocess.run(["git", "-C", clone, "status", "--porcelain"], check=True, capture_output=True, text=True).stdout
            if status:
                sys.exit(f"{clone} is not clean:\n{status}")
    json.dump(shape, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
