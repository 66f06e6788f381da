"""The server's settings: every knob, its type and default, read from a mapping or TREATY_KG_*.

Keys may be written either way: `max_rows` or `TREATY_KG_MAX_ROWS`.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, fields
from pathlib import Path
from typing import Any, Mapping

from treaty_kg import paths
from treaty_kg.endpoint.store import ISOLATIONS
from treaty_kg.errors import InputError

ENV_PREFIX = "TREATY_KG_"


@dataclass(frozen=True)
class Settings:
    """Every knob of the server, with the defaults a public deployment can live with."""

    dataset: Path
    query_timeout: float = 10.0  # seconds per query, then it is answered 503 and stopped
    isolation: str = "thread"  # "thread": in-process, fast; "process": killable workers with a memory cap
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per response
    max_query_length: int = 20_000  # characters
    max_query_depth: int = 64  # brackets nested in a query; deeper ones are refused before parsing
    cors_origins: tuple[str, ...] = ("*",)  # "*" or exact origins; empty: no CORS headers
    allow_service: bool = False  # SERVICE makes the server fetch other endpoints
    query_workers: int = 2  # worker processes per server process ("process" isolation)
    cache_entries: int = 512  # answers kept per build (LRU); 0: no cache
    worker_memory_mb: int = 2048  # address space of a query worker, or of a gunicorn worker with "thread"; 0: unlimited
    reload_interval: float = 2.0  # seconds between checks of the dataset file; 0: never
    admin_token: str | None = None  # POST /admin/reload needs it as a Bearer token; unset: no reload by request

    @classmethod
    def read(cls, config: Mapping[str, Any] | None, environ: Mapping[str, str]) -> "Settings":
        given = {k.lower().removeprefix(ENV_PREFIX.lower()): v for k, v in (config or {}).items()}
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = given.get(f.name, environ.get(ENV_PREFIX + f.name.upper()))
            if raw is None:
                continue
            values[f.name] = _convert(f, raw)
        values.setdefault("dataset", paths.dataset_file())
        return cls(**values)


_PLAIN = {"Path": Path, "float": float, "int": int}


def _convert(setting: Field, raw: Any) -> Any:
    """A setting's value from its text (or a value given in config), by its declared type
    (annotations are strings here: `from __future__ import annotations`)."""
    if setting.type in _PLAIN:
        return _PLAIN[setting.type](raw)
    if setting.type == "bool":
        return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes", "on")
    if setting.name == "isolation":
        value = str(raw).strip().lower()
        if value not in ISOLATIONS:
            raise InputError(f"{ENV_PREFIX}ISOLATION: {raw!r} is not one of {', '.join(ISOLATIONS)}")
        return value
    if setting.type == "tuple[str, ...]":
        items = raw.split(",") if isinstance(raw, str) else list(raw)
        return tuple(item.strip() for item in items if item.strip())
    return raw or None
