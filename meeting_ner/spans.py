"""From matches on the normalized view to spans on the Doc.

Every component finds character ranges on `doc._.normalized`; this module maps them to
raw offsets, splits any token that a boundary falls inside (so that annotations never
depend on the segmenter), and writes entities without removing other components' ones.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .extensions import get_normalized
from .normalize import normalize


def ensure_boundaries(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token that one of the raw character `offsets` falls strictly inside.

    spaCy's retokenizer does not move the spans of `doc.spans`, so they are rebuilt
    from their character offsets afterwards; `doc.ents` it keeps itself.
    """
    wanted = np.fromiter(set(offsets), dtype=np.int64)
    if len(doc) == 0 or wanted.size == 0:
        return
    # Token starts and ends from one C-level copy: cheap even for a million tokens.
    columns = doc.to_array([IDX, LENGTH]).astype(np.int64)
    starts, ends = columns[:, 0], columns[:, 0] + columns[:, 1]
    index = np.searchsorted(starts, wanted, side="right") - 1
    index[index < 0] = 0
    inside = (starts[index] < wanted) & (wanted < ends[index])
    if not inside.any():
        return
    cuts: dict[int, list[int]] = {}
    for i, offset in zip(index[inside].tolist(), wanted[inside].tolist()):
        cuts.setdefault(i, []).append(offset - int(starts[i]))
    groups = {
        key: [(s.start_char, s.end_char, s.label_, s.kb_id_, s.id_) for s in group]
        for key, group in doc.spans.items()
    }
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(inner), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            norms = [normalize(o).text or o for o in orths]
            for norm in norms:  # the retokenizer stores hashes only: keep the strings
                doc.vocab.strings.add(norm)
            heads = [(token, k) for k in range(len(orths))]
            retokenizer.split(token, orths, heads=heads, attrs={"NORM": norms})
    for key, stored in groups.items():
        rebuilt = []
        for start, end, label, kb_id, span_id in stored:
            span = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=span_id)
            if span is not None:
                rebuilt.append(span)
        doc.spans[key] = rebuilt


def spans_from_raw(doc: Doc, ranges: Sequence[tuple[int, int, str]]) -> list[Span | None]:
    """Spans for `(start, end, label)` raw character ranges, after splitting any token
    that a boundary falls inside; one per range, in order (None for an empty one)."""
    ensure_boundaries(doc, (x for start, end, _ in ranges for x in (start, end)))
    return [doc.char_span(start, end, label=label) if end > start else None for start, end, label in ranges]


def spans_from_normalized(doc: Doc, matches: Sequence[tuple[int, int, str]]) -> list[Span | None]:
    """`spans_from_raw` for ranges of the normalized view: each starts on its first
    kept character and ends after its last (None for an empty range)."""
    view = get_normalized(doc)
    return spans_from_raw(
        doc, [(*view.to_raw_span(s, e), label) if e > s else (0, 0, label) for s, e, label in matches]
    )


def add_entities(doc: Doc, spans: Iterable[Span], *, overwrite: bool = False) -> list[Span]:
    """Put `spans` into `doc.ents` beside the entities already there.

    Where they overlap, the existing entity wins unless `overwrite`. Returns the new
    spans that made it in.
    """
    spans = list(spans)
    existing = list(doc.ents)
    if overwrite:
        kept = filter_spans(spans)
        taken = {(s.start, s.end) for s in kept}
        blocked = [e for e in existing if not any(_overlap(e, s) for s in kept)]
        doc.ents = sorted([*blocked, *kept], key=lambda s: s.start)
        return [s for s in kept if (s.start, s.end) in taken]
    occupied = sorted((e.start, e.end) for e in existing)
    added = [s for s in filter_spans(spans) if not _collides(s, occupied)]
    doc.ents = sorted([*existing, *added], key=lambda s: s.start)
    return added


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _collides(span: Span, occupied: list[tuple[int, int]]) -> bool:
    # The intervals are disjoint and sorted: only the last one that starts before the
    # span ends can reach into it.
    i = bisect_left(occupied, (span.end, -1))
    return i > 0 and occupied[i - 1][1] > span.start
