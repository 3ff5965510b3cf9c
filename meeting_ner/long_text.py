"""Very large pages in bounded memory: the pipeline over chunks, one record for the page.

A spaCy `Doc` keeps about 300 bytes per character here (a token a character with the
`char` segmenter, ~130 bytes each in spaCy's own arrays, plus the normalized view and
the components' per-character tables), so `nlp(text)` on a 20 MB page (7.9 million
characters) needs about 2.5 GB. That is spaCy's design, not something a component can
shrink. `extract`
therefore cuts a page longer than `chunk_chars` into consecutive chunks at line or
sentence ends, runs the pipeline on one chunk at a time (each Doc is dropped before
the next is made) and merges the chunks' `doc._.meeting` records into one record for
the whole page. Peak memory is then the text plus one chunk's Doc, whatever the size
of the page. A page no longer than `chunk_chars` is one chunk: its record is exactly
what `nlp(text)` gives.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import Any

from .pipeline import make_doc

# 100,000 characters: a Doc of ~30 MB with the char segmenter. Measured on a 20 MB
# page (the corpus repeated), peak growth was 2.6x / 3.2x / 4.8x the UTF-8 size with
# 50,000 / 100,000 / 200,000 characters a chunk, at the same speed; a chunk is still
# some forty real reports, so cuts inside a report are rare even in dumps of many.
DEFAULT_CHUNK_CHARS = 100_000

# Where a chunk may end, by preference: after a line, else after a sentence (with its
# closing quotes or brackets), else anywhere.
_SENTENCE_ENDS = "。！？；!?;"
_CLOSERS = "”’」』）)》〉】\"'"


def chunk_bounds(text: str, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """`(start, end)` of consecutive chunks of at most `chunk_chars` characters that
    cover `text` exactly (an empty text is one empty chunk).

    A chunk ends after the last line end ("\\n") in the second half of its window,
    else after the last sentence end there (。！？；, with the closing quotes that
    follow it), else at the window's end: the components look at lines and sentences,
    so a cut between them changes the least.
    """
    if chunk_chars < 1:
        raise ValueError(f"chunk_chars must be at least 1, not {chunk_chars}")
    start, length = 0, len(text)
    while length - start > chunk_chars:
        end = start + chunk_chars
        floor = start + chunk_chars // 2
        cut = text.rfind("\n", floor, end) + 1
        if cut <= floor:
            cut = max(text.rfind(mark, floor, end) for mark in _SENTENCE_ENDS) + 1
            if cut > floor:
                while cut < end and text[cut] in _CLOSERS:
                    cut += 1
            else:
                cut = end
        yield start, cut
        start = cut
    yield start, length


def split_text(text: str, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> Iterator[str]:
    """The chunks of `chunk_bounds`, one at a time: `"".join(split_text(t)) == t`."""
    for start, end in chunk_bounds(text, chunk_chars):
        yield text[start:end]


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


class RecordMerger:
    """One meeting record from the records of consecutive chunks of a page.

    The first record is taken as it is. From later ones: a scalar field (date, format,
    title, published) fills only a field still empty, so it comes from the first chunk
    that has one; a list field (organizers, chairs, speakers, requirements) gets the
    items not already in it, in order; an official already listed gets the posts not
    already listed with them. Fields a later record adds are kept the same way.
    """

    def __init__(self) -> None:
        self.record: dict[str, Any] | None = None
        self._seen: dict[str, set[Any]] = {}
        self._posts: dict[str, tuple[list[Any], set[Any]]] = {}

    def add(self, record: dict[str, Any]) -> None:
        if self.record is None:
            self.record = copy.deepcopy(record)
            for key, value in self.record.items():
                if key == "officials":
                    for official in value:
                        self._official(official, append=False)
                elif isinstance(value, list):
                    self._seen[key] = {_hashable(v) for v in value}
            return
        for key, value in record.items():
            if key == "officials":
                self.record.setdefault(key, [])
                for official in value:
                    self._official(official, append=True)
            elif isinstance(value, list):
                merged = self.record.setdefault(key, [])
                seen = self._seen.setdefault(key, {_hashable(v) for v in merged})
                for item in value:
                    if _hashable(item) not in seen:
                        seen.add(_hashable(item))
                        merged.append(copy.deepcopy(item))
            elif self.record.get(key) is None:
                self.record[key] = value

    def _official(self, official: dict[str, Any], append: bool) -> None:
        assert self.record is not None
        name = official.get("name")
        if name not in self._posts:
            if append:
                official = copy.deepcopy(official)
                self.record["officials"].append(official)
            listed = official.setdefault("posts", [])
            self._posts[name] = (listed, {_hashable(p) for p in listed})
        elif append:
            listed, seen = self._posts[name]
            for post in official.get("posts") or []:
                if _hashable(post) not in seen:
                    seen.add(_hashable(post))
                    listed.append(copy.deepcopy(post))


def merge_records(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The record of a page from its chunks' records, in order (see `RecordMerger`)."""
    merger = RecordMerger()
    for record in records:
        merger.add(record)
    return merger.record if merger.record is not None else {}


def _chunk_record(nlp: Any, text: str, published: str | None) -> dict[str, Any]:
    """The meeting record of one chunk; its Doc is freed when this returns."""
    return nlp(make_doc(nlp, text, published))._.meeting or {}


def meeting_record(
    nlp: Any, text: str, published: str | None = None, chunk_chars: int = DEFAULT_CHUNK_CHARS
) -> dict[str, Any]:
    """`doc._.meeting` of `text` without ever building a Doc of more than
    `chunk_chars` characters.

    `published` (TIMEX3) anchors the dates as `doc._.published` does. With none given,
    the first publication date a chunk finds (normally in the first chunk: the page's
    own stamp is near its top) is given to every later chunk, so their dates are
    anchored on the page's date too.
    A text of at most `chunk_chars` characters gives exactly `nlp(text)._.meeting`.
    """
    merger = RecordMerger()
    for chunk in split_text(text, chunk_chars):
        record = _chunk_record(nlp, chunk, published)
        published = published or record.get("published")
        merger.add(record)
    assert merger.record is not None  # split_text yields at least one chunk
    return merger.record
