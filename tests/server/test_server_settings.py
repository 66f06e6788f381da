"""Settings as an operator gives them: TREATY_KG_* environment variables, text read to each setting's type."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty_kg.endpoint.settings import Settings
from treaty_kg.errors import InputError


def test_every_setting_is_read_from_its_environment_variable() -> None:
    environ = {
        "TREATY_KG_DATASET": "/srv/kg/dataset.nq",
        "TREATY_KG_QUERY_TIMEOUT": "2.5",
        "TREATY_KG_ISOLATION": " Process ",
        "TREATY_KG_MAX_ROWS": "7",
        "TREATY_KG_MAX_QUERY_LENGTH": "100",
        "TREATY_KG_CORS_ORIGINS": "https://a.example, https://b.example,",
        "TREATY_KG_ALLOW_SERVICE": "yes",
        "TREATY_KG_QUERY_WORKERS": "3",
        "TREATY_KG_CACHE_ENTRIES": "0",
        "TREATY_KG_WORKER_MEMORY_MB": "64",
        "TREATY_KG_RELOAD_INTERVAL": "0.5",
        "TREATY_KG_ADMIN_TOKEN": "s3cret",
    }
    assert Settings.read(None, environ) == Settings(
        dataset=Path("/srv/kg/dataset.nq"),
        query_timeout=2.5,
        isolation="process",
        max_rows=7,
        max_query_length=100,
        cors_origins=("https://a.example", "https://b.example"),
        allow_service=True,
        query_workers=3,
        cache_entries=0,
        worker_memory_mb=64,
        reload_interval=0.5,
        admin_token="s3cret",
    )


def test_config_wins_over_the_environment_and_keeps_typed_values() -> None:
    settings = Settings.read({"max_rows": 5, "TREATY_KG_CORS_ORIGINS": [], "allow_service": False}, {"TREATY_KG_MAX_ROWS": "9"})
    assert (settings.max_rows, settings.cors_origins, settings.allow_service) == (5, (), False)


def test_an_unknown_isolation_is_refused() -> None:
    with pytest.raises(InputError, match="TREATY_KG_ISOLATION"):
        Settings.read(None, {"TREATY_KG_ISOLATION": "fork"})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TREATY_KG_MAX_ROWS", "many"),
        ("TREATY_KG_QUERY_TIMEOUT", "-1"),
        ("TREATY_KG_ALLOW_SERVICE", "maybe"),
        ("TREATY_KG_QUERY_WORKERS", "0"),
        ("TREATY_KG_ISOLATION", "fork"),
    ],
)
def test_a_bad_value_stops_serve_with_the_variable_named(monkeypatch, capsys, tmp_path, variable, value) -> None:
    from treaty_kg.cli import main

    monkeypatch.setenv(variable, value)
    dataset = tmp_path / "dataset.nq"
    dataset.write_text("")
    assert main(["serve", "--dev", "--dataset", str(dataset)]) == 2
    err = capsys.readouterr().err
    assert f"{variable}={value!r}" in err and "Traceback" not in err
