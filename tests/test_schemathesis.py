"""Schemathesis against the real running newsfeed: requests generated from /api/openapi.json
(valid and invalid ones, and sequences that follow the API's links) must never get a 5xx,
and every answer must match what the document says.

`positive_data_acceptance` is left out on purpose: the schema says a date is a string, but
only strings that read as dates make an article, as in the drop folder; such refusals are
422s naming the field, which the API tests check one by one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from live import SEED, LiveService

TOKEN = "schemathesis-token-0123456789abcdef"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED_VALUE = os.environ.get("NEWSFEED_SCHEMATHESIS_SEED", "20261128")


def test_the_api_survives_schemathesis(tmp_path):
    with LiveService(tmp_path / "site", f'[api]\ntokens = ["{TOKEN}"]\n') as svc:
        staging = svc.root / SEED.name  # renamed in whole: never half-copied
        shutil.copyfile(SEED, staging)
        staging.rename(svc.inbox / SEED.name)
        svc.wait_for("/", lambda r: b"Rutte" in r.content)
        run = subprocess.run(
            [
                SCHEMATHESIS, "run", svc.url("/api/openapi.json"),
                "--header", f"Authorization: Bearer {TOKEN}",
                "--checks", "all",
                "--exclude-checks", "positive_data_acceptance",
                "--max-examples", "30",
                "--seed", SEED_VALUE,
                "--request-timeout", "10",
                "--generation-database", "none",
                "--no-color",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            )
        assert run.returncode == 0, f"{run.stdout[-15000:]}\n{run.stderr[-3000:]}"
        assert "Tested: 5" in run.stdout  # every operation was reached
        assert svc.get("/readyz").status_code == 200
        log = svc.log()
    assert "Traceback" not in log and " ERROR " not in log, log[-5000:]
