"""The apps import only downward: core, then notices and statements, then transparency, then the project."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_app_imports_from_a_layer_above_it():
    """import-linter's layers contract in pyproject.toml holds over the whole source."""
    result = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_foundation_names_no_content_app():
    """core/ registers nothing by name: the content apps register themselves with it."""
    for path in (ROOT / "core").rglob("*.py"):
        text = path.read_text()
        for app in ("notices", "statements", "transparency"):
            assert f"from {app}" not in text and f"import {app}" not in text, f"{path} imports {app}"
