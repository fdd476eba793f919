"""Installing the project as the Makefile does (`pip install -e .`) prints no build warnings."""

from __future__ import annotations

import subprocess
import sys

import pytest
from live import ROOT

pytestmark = pytest.mark.slow


def test_editable_install_is_free_of_build_warnings(tmp_path):
    """setuptools deprecated `project.license` as a table (builds fail after 2027-02-18) and
    notes editable installs it serves through an import finder: neither may show."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--quiet",
         "--report", str(tmp_path / "report.json"), "-e", str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines()  # pip's own are "WARNING: …"
                if "Warning" in line or "deprecated" in line]
    assert not warnings, done.stderr
    assert (tmp_path / "report.json").exists()
