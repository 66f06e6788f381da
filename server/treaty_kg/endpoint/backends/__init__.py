"""The backends the endpoint reads the graph through (base.Backend): embedded or remote.

`open_backend` picks one from the settings: a store URL (`--store URL`, TREATY_KG_STORE) gives
the remote backend on that store, else the embedded store loads the dataset file.
"""

from __future__ import annotations

from treaty_kg.endpoint.backends.base import Backend
from treaty_kg.endpoint.backends.remote import RemoteBackend
from treaty_kg.endpoint.settings import Settings
from treaty_kg.endpoint.store import GraphStore
from treaty_kg.rdf.remote.client import StoreAddress

__all__ = ["Backend", "open_backend"]


def open_backend(settings: Settings, stack: int) -> Backend:
    """The backend the settings (endpoint Settings) name."""
    if settings.store:
        return RemoteBackend(
            StoreAddress.from_env(settings.store),
            dataset=settings.store_dataset,
            check_interval=settings.reload_interval,
            cache_entries=settings.cache_entries,
            timeout=settings.query_timeout,
        )
    return GraphStore(
        settings.dataset,
        isolation=settings.isolation,
        workers=settings.query_workers,
        check_interval=settings.reload_interval,
        cache_entries=settings.cache_entries,
        memory_mb=settings.worker_memory_mb,
        stack=stack,
    )
