"""pyproject.toml lists packages explicitly, so a new subpackage must be added there.

An editable install (what ``make`` does) finds every folder anyway, so a forgotten entry only
shows in a wheel; this test catches it without building one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_python_package_under_graph_is_packaged() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "graph").rglob("__init__.py")
    }
    assert found == listed
