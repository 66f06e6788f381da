"""The server's settings: every knob, its type, bounds and default, validated in one place.

Values come from a mapping (`create_app(config)`, keys `max_rows` or `TREATY_KG_MAX_ROWS`), else
from the TREATY_KG_* environment variables. pydantic converts and checks them by their declared
types, so a bad value (`TREATY_KG_MAX_ROWS=many`, `TREATY_KG_ALLOW_SERVICE=maybe`) stops the start
with an InputError naming the variable (`treaty-kg serve` exits 2) instead of being read as a
default or failing later inside a worker.

A plain pydantic model rather than pydantic-settings' BaseSettings: `read` takes the environment
as an argument (tests and `serve` pass theirs), where BaseSettings reads `os.environ` when built.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from treaty_kg import paths
from treaty_kg.endpoint.store import ISOLATIONS
from treaty_kg.errors import InputError

ENV_PREFIX = "TREATY_KG_"


class Settings(BaseModel):
    """Every knob of the server, with the defaults a public deployment can live with."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    dataset: Path
    query_timeout: float = Field(10.0, gt=0)  # seconds per query, then it is answered 503 and stopped
    isolation: str = "thread"  # "thread": in-process, fast; "process": killable workers with a memory cap
    max_rows: int = Field(10_000, ge=1)  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per response
    max_query_length: int = Field(20_000, ge=1)  # characters
    max_query_depth: int = Field(64, ge=1)  # brackets nested in a query; deeper ones are refused before parsing
    cors_origins: tuple[str, ...] = ("*",)  # "*" or exact origins; empty: no CORS headers
    allow_service: bool = False  # SERVICE makes the server fetch other endpoints
    query_workers: int = Field(2, ge=1)  # worker processes per server process ("process" isolation)
    cache_entries: int = Field(512, ge=0)  # answers kept per build (LRU); 0: no cache
    worker_memory_mb: int = Field(
        2048, ge=0
    )  # address space a query worker, or a server process with "thread", may add past its loaded graph; 0: unlimited
    reload_interval: float = Field(2.0, ge=0)  # seconds between checks of the dataset file; 0: never
    request_threads: int = Field(8, ge=1)  # threads per server process running the app (a query waits on one)
    body_timeout: float = Field(10.0, gt=0)  # seconds for a request's body to arrive, then 408
    public_url: str | None = None  # the public base URL written into the service description and VoID
    admin_token: str | None = None  # POST /admin/reload needs it as a Bearer token; unset: no reload by request
    review_pages: bool = False  # /review/…: accept or reject ingest's candidates (writes graph/): local use only
    store: str | None = None  # query URL of a SPARQL 1.1 store to serve from instead of the dataset file
    store_dataset: str = Field("default", pattern=r"^[A-Za-z0-9_.-]{1,64}$")  # which published dataset of that store

    @field_validator("isolation", mode="before")
    @classmethod
    def _isolation(cls, value: Any) -> Any:
        text = str(value).strip().lower()
        if text not in ISOLATIONS:
            raise ValueError(f"not one of {', '.join(ISOLATIONS)}")
        return text

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(str(item).strip() for item in items if str(item).strip())

    @field_validator("public_url", mode="before")
    @classmethod
    def _public_url(cls, value: Any) -> Any:
        if not value:
            return None
        text = str(value).strip().rstrip("/")
        if not text.startswith(("http://", "https://")) or any(c in text for c in ' <>"{}|^`'):
            raise ValueError("an absolute http(s) URL is expected, e.g. https://treaties.example.org")
        return text

    @field_validator("admin_token", mode="before")
    @classmethod
    def _token(cls, value: Any) -> Any:
        return value or None

    @field_validator("store", mode="before")
    @classmethod
    def _store(cls, value: Any) -> Any:
        text = str(value or "").strip()
        if text and not text.startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL (the store's SPARQL query URL)")
        return text or None

    @classmethod
    def names(cls) -> list[str]:
        """The environment variables, e.g. for `serve --help`."""
        return [ENV_PREFIX + name.upper() for name in cls.model_fields]

    @classmethod
    def read(cls, config: Mapping[str, Any] | None, environ: Mapping[str, str]) -> Settings:
        """The settings from `config`, else the environment; InputError naming the variable."""
        given = {k.lower().removeprefix(ENV_PREFIX.lower()): v for k, v in (config or {}).items()}
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = given.get(name, environ.get(ENV_PREFIX + name.upper()))
            if raw is not None:
                values[name] = raw
        values.setdefault("dataset", paths.dataset_file())
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = []
            for error in exc.errors():
                name = str(error["loc"][0]) if error["loc"] else "?"
                message = str(error["msg"]).removeprefix("Value error, ")
                problems.append(f"{ENV_PREFIX}{name.upper()}={values.get(name)!r}: {message}")
            raise InputError("bad setting: " + "; ".join(problems)) from None
