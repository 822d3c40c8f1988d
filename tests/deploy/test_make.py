"""`make run` on a machine that lacks a prerequisite says what to install, in one
line, before doing anything; the project admits the Pythons users have."""

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from django.test import SimpleTestCase

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[2]


class PrerequisiteTests(SimpleTestCase):
    def make_run(self, python: str) -> subprocess.CompletedProcess:
        venv = Path(tempfile.mkdtemp(prefix="tccm-make-")) / "venv"
        return subprocess.run(  # noqa: S603 (the test's own arguments)
            [
                shutil.which("make") or "make",
                "-s",
                "run",
                f"PYTHON={python}",
                f"VENV={venv}",
            ],
            cwd=ROOT,
            env={**os.environ},
            capture_output=True,
            text=True,
            timeout=60,
        )

    def assertOneLine(self, result, *expected: str) -> None:
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(result.stdout, "")
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        for text in expected:
            self.assertIn(text, lines[0])

    def test_no_python(self):
        result = self.make_run("/nonexistent/python3")
        self.assertOneLine(result, "not found", "apt install python3 python3-venv")

    def test_python_without_venv(self):
        fake = Path(tempfile.mkdtemp(prefix="tccm-python-")) / "python3"
        # Debian's python3 without python3-venv: everything but ensurepip.
        fake.write_text(
            "#!/bin/sh\n"
            'case "$*" in *ensurepip*) exit 1;; esac\n'
            f'exec {sys.executable} "$@"\n'
        )
        fake.chmod(0o755)
        result = self.make_run(str(fake))
        self.assertOneLine(result, "apt install python3-venv")

    def test_too_old_a_python(self):
        fake = Path(tempfile.mkdtemp(prefix="tccm-python-")) / "python3"
        fake.write_text(
            "#!/bin/sh\n"
            'case "$*" in *version_info*) exit 1;;\n'
            "  *python_version*) echo 3.10.13; exit;;\n"
            "esac\n"
            f'exec {sys.executable} "$@"\n'
        )
        fake.chmod(0o755)
        result = self.make_run(str(fake))
        self.assertOneLine(result, "Python 3.10.13", "needs 3.11, 3.12 or 3.13")


class SupportedPythonTests(SimpleTestCase):
    def test_requires_python_admits_3_11_to_3_13(self):
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        spec = SpecifierSet(project["requires-python"])
        for version in ("3.11.0", "3.12.0", "3.13.0"):
            self.assertIn(version, spec)
        self.assertNotIn("3.10.13", spec)
