#!/usr/bin/env python3
"""Tests of scripts/check-imports.py on the two small packages in Tests/Tools/check-imports:
`bad` (an undeclared import, a dependency nobody imports) must fail and name both;
`good` (the same code with Package.swift fixed) must pass. Both packages hide decoy
imports in comments and string literals, which must not count."""

import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKER = os.path.join(ROOT, "scripts", "check-imports.py")
FIXTURES = os.path.join(ROOT, "Tests", "Tools", "check-imports")


def run(name):
    return subprocess.run([sys.executable, CHECKER, os.path.join(FIXTURES, name)], capture_output=True, text=True)


class CheckImportsTests(unittest.TestCase):
    def test_a_package_that_disagrees_fails_and_names_each_disagreement(self):
        r = run("bad")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(r.stdout.splitlines(), [
            "Package.swift: error: target 'Mid' declares \"Lib\" but none of its files imports it; "
            "remove it from the target's dependencies",
            "Sources/App/main.swift:2: error: imports target 'Lib', which target 'App' does not declare; "
            "add \"Lib\" to its dependencies in Package.swift",
            "check-imports: 2 disagreement(s) between Package.swift and the imports",
        ])

    def test_a_package_that_agrees_passes(self):
        r = run("good")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "check-imports: every target's dependencies equal its imports\n")

    def test_a_package_that_cannot_be_read_is_a_usage_error(self):
        r = run("no-such-package")
        self.assertEqual(r.returncode, 2)
        self.assertIn("check-imports: error: cannot read", r.stderr)


if __name__ == "__main__":
    unittest.main()
