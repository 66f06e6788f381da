"""Every test file is collected: each `tests/**/test_*.py` adds at least one test item.

pytest skips folders named `build` (and others in `norecursedirs`) without a word: tests/build/
held 67 tests that CI never ran. This asks pytest itself what it collects, as CI starts it
(`python -m pytest`, the project's configuration), and compares with the files on disk: when this
session was started that way, its own collection is the answer (tests/conftest.py records it);
otherwise (a path or an option that changes collection was given) a child process started as CI
starts it answers, which costs a second collection of the whole suite (~5 s).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import COLLECTED_FILES

ROOT = Path(__file__).resolve().parents[1]
# options that change which files a session collects (left at their defaults, the session collects
# what `python -m pytest` collects)
COLLECTION_OPTIONS = (
    "ignore",
    "ignore_glob",
    "lf",
    "stepwise",
    "override_ini",
    "noconftest",
    "pyargs",
    "confcutdir",
    "inifilename",
    "rootdir",
    "collect_in_virtualenv",
)


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


def started_as_ci(config: pytest.Config) -> bool:
    """This session collects what `python -m pytest` does: no path given (the configured
    testpaths) and no option that changes collection."""
    return config.args_source is pytest.Config.ArgsSource.TESTPATHS and not any(
        config.getoption(name, None) for name in COLLECTION_OPTIONS
    )


def test_every_test_file_adds_tests(request: pytest.FixtureRequest) -> None:
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    config = request.config
    collected = config.stash[COLLECTED_FILES] if started_as_ci(config) else collected_files()
    assert on_disk - collected == set()


def test_a_file_in_a_folder_pytest_skips_would_be_found(tmp_path: Path) -> None:
    """The check above can fail: pytest does not collect a test under `build/` by default."""
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "test_hidden.py").write_text("def test_x():\n    pass\n")
    (tmp_path / "test_seen.py").write_text("def test_y():\n    pass\n")
    files = collected_files("--rootdir", str(tmp_path), "-c", "/dev/null", str(tmp_path))
    assert {Path(f).name for f in files} == {"test_seen.py"}
