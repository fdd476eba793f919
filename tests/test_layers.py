"""The one-way dependencies README promises, read from the sources' import statements:
`articles` never imports `feeds`; in `feeds`, rendering imports neither publishing nor
serving, and publishing does not import serving."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "articles": ("feeds", "scheduler", "jobs", "commands", "manage", "access"),
    "feeds/rendering": ("feeds.publishing", "feeds.serving", "feeds.desk"),
    "feeds/publishing": ("feeds.serving", "feeds.desk"),
}


def imported(path: Path) -> set[str]:
    """Every module an `import` or `from … import` in `path` names (the module and, for a
    `from` of a package, each name under it)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer):
    sources = sorted((ROOT / layer).rglob("*.py"))
    assert sources, f"no sources under {layer}"
    wrong = [f"{path.relative_to(ROOT)} imports {name}" for path in sources
             for name in sorted(imported(path))
             if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])]
    assert wrong == []
