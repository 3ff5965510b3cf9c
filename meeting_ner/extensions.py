"""Every custom attribute of the public contract, registered in one place.

Values live in `doc.user_data` in msgpack-safe form (strings, ints, lists of offsets),
so they survive `DocBin(store_user_data=True)`, `spacy apply` and `n_process > 1`.
Attributes that hand out spans (`positions`, `agency`, `title`) store character offsets
and rebuild the `Span` on every read.
"""

from __future__ import annotations

import weakref
from typing import Any

from spacy.tokens import Doc, Span

from .normalize import NormalizedText, normalize

# The normalized view of each live Doc. It is derived data, so it is kept beside the
# Doc rather than in it: `user_data` would be serialized and `user_hooks` warns (W109)
# whenever a Doc crosses processes.
_NORMALIZED: weakref.WeakKeyDictionary[Doc, NormalizedText] = weakref.WeakKeyDictionary()


def _key(name: str, span: Span | None = None) -> tuple:
    if span is None:
        return _offsets_key(name, None, None)
    return _offsets_key(name, span.start_char, span.end_char)


def _offsets_key(name: str, start: int | None, end: int | None) -> tuple:
    """Where spaCy's `Underscore` keeps `<span>._.<name>` in `doc.user_data` (a Doc's
    own attributes: no offsets)."""
    return ("._.", name, start, end)


def _span_at(doc: Doc, offsets: Any, label: str = "") -> Span | None:
    if not offsets:
        return None
    return doc.char_span(offsets[0], offsets[1], label=label, alignment_mode="expand")


def set_span_value(span: Span, name: str, value: Any) -> None:
    """`span._.<name> = value` for an extension with a default value: written where
    spaCy's `Underscore` keeps it, without building an `Underscore` for every value."""
    span.doc.user_data[_key(name, span)] = value


def stored_value(doc: Doc, name: str, start: int, end: int) -> Any:
    """What `span._.<name>` keeps for the span `[start, end)` of `doc`: the value, or
    for an attribute that hands out spans their offsets (`[start, end]` or a list of
    them). Read so, a whole page's values cost no `Span` and no `Underscore`."""
    return doc.user_data.get(_offsets_key(name, start, end))


def get_normalized(doc: Doc) -> NormalizedText:
    """The normalized view of `doc.text`, computed once per Doc (its text never changes)."""
    cached = _NORMALIZED.get(doc)
    if cached is None:
        cached = _NORMALIZED[doc] = normalize(doc.text)
    return cached


def set_normalized(doc: Doc, view: NormalizedText) -> None:
    """Record the view the tokenizer already computed for `doc`."""
    _NORMALIZED[doc] = view


def _get_positions(span: Span) -> list[Span]:
    stored = span.doc.user_data.get(_key("positions", span)) or []
    return [s for s in (_span_at(span.doc, o, "POSITION") for o in stored) if s is not None]


def set_positions(span: Span, positions: list[Span]) -> None:
    """`span._.positions = positions`, without building spaCy's `Underscore` for it."""
    span.doc.user_data[_key("positions", span)] = [[p.start_char, p.end_char] for p in positions]


def _get_agency(span: Span) -> Span | None:
    return _span_at(span.doc, span.doc.user_data.get(_key("agency", span)), "AGENCY")


def set_agency(span: Span, agency: Span | None) -> None:
    """`span._.agency = agency`, without building spaCy's `Underscore` for it."""
    span.doc.user_data[_key("agency", span)] = (
        None if agency is None else [agency.start_char, agency.end_char]
    )


def _as_lists(value: Any) -> Any:
    """msgpack gives tuples back where lists went in (DocBin reads with use_list=False)."""
    if isinstance(value, (list, tuple)):
        return [_as_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    return value


def _get_meeting(doc: Doc) -> dict[str, Any] | None:
    key = _key("meeting")
    record = doc.user_data.get(key)
    if isinstance(record, dict) and any(isinstance(v, tuple) for v in record.values()):
        record = doc.user_data[key] = _as_lists(record)
    return record


def _set_meeting(doc: Doc, record: dict[str, Any] | None) -> None:
    doc.user_data[_key("meeting")] = record


def _get_title(doc: Doc) -> Span | None:
    return _span_at(doc, doc.user_data.get(_key("title")))


def _set_title(doc: Doc, title: Span | None) -> None:
    doc.user_data[_key("title")] = None if title is None else [title.start_char, title.end_char]


SPAN_EXTENSIONS: dict[str, dict[str, Any]] = {
    # DATE: its TIMEX3 value (`2022-03-16`, `XXXX-03-27`, `2024-Q1`, `PAST_REF`) or None.
    "date_value": {"default": None},
    # OFFICIAL: the POSITION spans it holds in this mention.
    "positions": {"getter": _get_positions, "setter": set_positions},
    # POSITION: the AGENCY span it belongs to, or None.
    "agency": {"getter": _get_agency, "setter": set_agency},
    # Enumeration items: the count of the item, the list it belongs to, its marker.
    "ordinal": {"default": None},
    "list_id": {"default": None},
    "marker": {"default": None},
}

DOC_EXTENSIONS: dict[str, dict[str, Any]] = {
    # The article's own publication date, TIMEX3, or None.
    "published": {"default": None},
    # The article's headline.
    "title": {"getter": _get_title, "setter": _set_title},
    # The meeting record: date, organizers, chairs, speakers, format and more.
    "meeting": {"getter": _get_meeting, "setter": _set_meeting},
    # The normalized view (derived, never stored).
    "normalized": {"getter": get_normalized},
}


def register_extensions() -> None:
    """Register every extension once; a second call changes nothing."""
    for name, kwargs in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)
    for name, kwargs in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
