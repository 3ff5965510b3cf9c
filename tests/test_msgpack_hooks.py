"""srsly's msgpack hooks: looked up once, and a hook registered later is still used."""

import catalogue
import srsly
import srsly.msgpack

import meeting_ner  # noqa: F401  (importing it installs the cache)


class Point:
    def __init__(self, x: int) -> None:
        self.x = x


def test_hooks_are_looked_up_once_not_on_every_call(monkeypatch):
    cached = srsly.msgpack.msgpack_decoders.get_all.__self__
    calls = []
    lookup = cached.lookup
    monkeypatch.setattr(cached, "lookup", lambda: calls.append(1) or lookup())
    monkeypatch.setattr(cached, "size", -1)
    packed = srsly.msgpack_dumps({"a": [1, 2]})
    for _ in range(20):
        assert srsly.msgpack_loads(packed) == {"a": [1, 2]}
    assert len(calls) == 1


def test_a_hook_registered_after_import_is_used():
    def encode(obj, chain=None):
        return {"__point__": obj.x} if isinstance(obj, Point) else (chain(obj) if chain else obj)

    def decode(obj, chain=None):
        if isinstance(obj, dict) and "__point__" in obj:
            return Point(obj["__point__"])
        return chain(obj) if chain else obj

    srsly.msgpack_loads(srsly.msgpack_dumps([1]))  # fill the cache first
    srsly.msgpack_encoders.register("test_point", func=encode)
    srsly.msgpack_decoders.register("test_point", func=decode)
    try:
        back = srsly.msgpack_loads(srsly.msgpack_dumps({"p": Point(7)}))
        assert isinstance(back["p"], Point) and back["p"].x == 7
    finally:
        for kind in ("msgpack_encoders", "msgpack_decoders"):
            catalogue.REGISTRY.pop(("srsly", kind, "test_point"), None)
