"""Outside programs some tests drive (Chromium, newsboat, sfeed, node): skipped where one is
missing, saying how to install it, except under `.ci/run` (NEWSFEED_REQUIRE_TOOLS=1), which
installs them all, where a missing one fails the test."""

from __future__ import annotations

import os

import pytest


def missing(tool: str, install: str) -> None:
    reason = f"{tool} is not installed: {install}"
    if os.environ.get("NEWSFEED_REQUIRE_TOOLS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)
