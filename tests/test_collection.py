"""Every test file is collected: each `tests/**/test_*.py` adds at least one test item.

pytest skips folders named `build` (and others in `norecursedirs`) without a word: tests/build/
held 67 tests that CI never ran. This asks pytest itself what it collects, in a child process
started as CI starts it (`python -m pytest`, the project's configuration), and compares with the
files on disk.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def collected_files(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {line.split("::", 1)[0] for line in done.stdout.splitlines() if "::" in line}


def test_every_test_file_adds_tests() -> None:
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py")}
    assert on_disk - collected_files() == set()


def test_a_file_in_a_folder_pytest_skips_would_be_found(tmp_path: Path) -> None:
    """The check above can fail: pytest does not collect a test under `build/` by default."""
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "test_hidden.py").write_text("def test_x():\n    pass\n")
    (tmp_path / "test_seen.py").write_text("def test_y():\n    pass\n")
    files = collected_files("--rootdir", str(tmp_path), "-c", "/dev/null", str(tmp_path))
    assert {Path(f).name for f in files} == {"test_seen.py"}
