import subprocess
import sys

import pytest

from tests.production.servers import ROOT, production_environment


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected as production does: hashed and compressed, in a temporary folder."""
    static_root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=production_environment(STATIC_ROOT=str(static_root)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return static_root
