"""Keep srsly from searching its msgpack hooks on every call.

`srsly.msgpack_dumps` and `msgpack_loads` ask catalogue for the registered encoders and
decoders on every call, and catalogue answers by filtering every installed entry point
and walking its whole registry: 0.5 to 1 ms a call once spaCy's registries are filled.
One Doc round trip (`to_bytes` and `from_bytes`, a `DocBin`, every Doc that
`nlp.pipe(n_process=2)` or `spacy apply` sends between processes) makes a dozen such
calls, which cost more than running the whole char pipeline on the Doc.

The answer only changes when something is registered, so it is kept until catalogue's
registry changes size or a hook is registered through srsly's own registries. Entry
points catalogue reads once, at import, so they cannot change under the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import catalogue
import srsly.msgpack


class _CachedHooks:
    """`registry.get_all`, answered from a copy until the registry changes."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self.lookup: Callable[[], dict[str, Any]] = registry.get_all
        self.register: Callable[..., Any] = registry.register
        self.size = -1
        self.hooks: dict[str, Any] = {}

    def get_all(self) -> dict[str, Any]:
        size = len(catalogue.REGISTRY)
        if size != self.size:
            self.hooks, self.size = self.lookup(), size
        return dict(self.hooks)

    def register_and_forget(self, name: str, *, func: Any = None) -> Any:
        self.size = -1  # a name registered again keeps the size: look it up anew
        return self.register(name, func=func)


def cache_msgpack_hooks() -> None:
    """Answer srsly's hook lookups from a cache; calling it again changes nothing."""
    for registry in (srsly.msgpack.msgpack_encoders, srsly.msgpack.msgpack_decoders):
        if isinstance(getattr(registry.get_all, "__self__", None), _CachedHooks):
            continue
        cached = _CachedHooks(registry)
        registry.get_all = cached.get_all
        registry.register = cached.register_and_forget
