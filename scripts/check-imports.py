#!/usr/bin/env python3
"""Checks that each target's dependencies in Package.swift equal the modules its files import.

Usage: check-imports.py [PACKAGE_DIR]   (default: the current folder)

The targets and their declared dependencies come from `swift package dump-package` (the
manifest as SwiftPM evaluates it, so helper functions in Package.swift are understood).
Every .swift file of a target's folder is read for `import X` in all its spellings
(`@testable import X`, `internal import X`, `public import X`, `@_implementationOnly import
X`, `import struct X.Y`); string literals and comments are skipped, so Python or shell
text inside a Swift string is not taken for an import. Modules of the toolchain (Foundation,
Glibc, Testing, ...) need no declaration.

Two kinds of finding, each printed as `PATH:LINE: error: ...` or `Package.swift: error: ...`:
- a file imports a module its target does not declare (it compiles today only because some
  other dependency drags the module in, and breaks when that one changes);
- a target declares a dependency that none of its files imports.
Exit status: 0 when the two agree everywhere, 1 when they do not, 2 when the manifest cannot
be read.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

# Modules that ship with the Swift toolchain or the operating system.
SYSTEM_MODULES = {
    "Swift", "_Concurrency", "_StringProcessing", "RegexBuilder", "Foundation", "FoundationEssentials",
    "FoundationInternationalization", "FoundationNetworking", "FoundationXML", "Dispatch", "Glibc",
    "Musl", "Darwin", "Android", "WinSDK", "ucrt", "os", "Testing", "XCTest", "Synchronization",
    "Observation", "Distributed", "Cxx", "CxxStdlib", "SwiftShims",
}

IMPORT = re.compile(
    r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*"           # @testable, @_implementationOnly, @preconcurrency
    r"(?:(?:public|package|internal|fileprivate|private)\s+)?"
    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)")


def code_lines(text):
    """The file's lines with comments and string literal contents blanked out, line numbers kept."""
    out = []
    i, n = 0, len(text)
    line = []
    depth = 0            # nesting of /* */ comments
    string = None        # None, or (hashes, multiline)
    while i < n:
        c = text[i]
        if c == "\n":
            out.append("".join(line))
            line = []
            i += 1
            continue
        if depth:
            if text.startswith("*/", i):
                depth -= 1
                i += 2
            elif text.startswith("/*", i):
                depth += 1
                i += 2
            else:
                i += 1
            continue
        if string is not None:
            hashes, multiline = string
            if c == "\\" and text.startswith("#" * hashes, i + 1):
                i += 2 + hashes
                continue
            close = ('"""' if multiline else '"') + "#" * hashes
            if text.startswith(close, i):
                string = None
                line.append('"')
                i += len(close)
            else:
                i += 1
            continue
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if text.startswith("/*", i):
            depth = 1
            i += 2
            continue
        m = re.match(r'(#*)("""|")', text[i:i + 64])
        if m and (m.group(1) == "" or c == "#"):
            string = (len(m.group(1)), m.group(2) == '"""')
            line.append('"')
            i += m.end()
            continue
        line.append(c)
        i += 1
    out.append("".join(line))
    return out


def imports_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    found = []
    for number, line in enumerate(code_lines(text), start=1):
        m = IMPORT.match(line)
        if m:
            found.append((m.group(1), number))
    return found


def dump_package(package_dir):
    """The manifest as JSON. A scratch folder of its own, so a build running in the package's
    .build does not hold this up."""
    swift = os.environ.get("SWIFT", "swift")
    with tempfile.TemporaryDirectory(prefix="tako-check-imports-") as scratch:
        result = subprocess.run([swift, "package", "--package-path", package_dir, "--scratch-path", scratch,
                                 "dump-package"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(f"check-imports: error: cannot read {package_dir}/Package.swift:\n{result.stderr}")
        sys.exit(2)
    return json.loads(result.stdout)


def target_folder(package_dir, target):
    if target.get("path"):
        return os.path.join(package_dir, target["path"])
    base = "Tests" if target["type"] == "test" else "Sources"
    return os.path.join(package_dir, base, target["name"])


def declared_modules(target):
    """Names of the modules a target may import, with the dependency as Package.swift spells it."""
    out = {}
    for dep in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dep:
                name = dep[kind][0]
                # A product is imported by its module's name; every product this package uses
                # has a module of the same name.
                out[name] = f'.product(name: "{name}", package: "{dep[kind][1]}")' if kind == "product" else f'"{name}"'
    return out


def check(package_dir):
    manifest = dump_package(package_dir)
    local = {t["name"] for t in manifest["targets"]}
    problems = []
    for target in sorted(manifest["targets"], key=lambda t: t["name"]):
        if target["type"] in ("system", "binary", "plugin"):
            continue
        folder = target_folder(package_dir, target)
        excluded = {os.path.normpath(os.path.join(folder, e)) for e in target.get("exclude", [])}
        declared = declared_modules(target)
        used = {}
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if os.path.normpath(os.path.join(root, d)) not in excluded)
            for name in sorted(files):
                path = os.path.join(root, name)
                if not name.endswith(".swift") or os.path.normpath(path) in excluded:
                    continue
                for module, line in imports_of(path):
                    if module in SYSTEM_MODULES or module == target["name"]:
                        continue
                    used.setdefault(module, (path, line))
                    if module not in declared:
                        shown = os.path.relpath(path, package_dir)
                        what = "target" if module in local else "module"
                        problems.append(f"{shown}:{line}: error: imports {what} '{module}', which target "
                                        f"'{target['name']}' does not declare; add \"{module}\" to its dependencies "
                                        f"in Package.swift")
        for module in sorted(set(declared) - set(used)):
            problems.append(f"Package.swift: error: target '{target['name']}' declares {declared[module]} but none of "
                            f"its files imports it; remove it from the target's dependencies")
    return problems


def main():
    package_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    problems = check(package_dir)
    for p in sorted(set(problems)):
        print(p)
    if problems:
        print(f"check-imports: {len(set(problems))} disagreement(s) between Package.swift and the imports")
        return 1
    print("check-imports: every target's dependencies equal its imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
