"""From matches on the normalized view to spans on the Doc.

Every component finds character ranges on `doc._.normalized`; this module maps them to
raw offsets, splits any token that a boundary falls inside (so that annotations never
depend on the segmenter), and writes entities without removing other components' ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    IDX,
    LEMMA,
    LENGTH,
    MORPH,
    NORM,
    POS,
    SENT_START,
    TAG,
)
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .extensions import get_normalized, set_normalized
from .normalize import normalize

# Splitting a token in place moves every token after it (spaCy's retokenizer), so many
# splits in a long Doc cost their number times its length. Past this many, the Doc is
# built again once instead.
REBUILD_OVER = 12
# Token attributes a rebuilt Doc cannot carry over as they are: with any of them set,
# tokens are split in place whatever it costs.
_ANALYSES = (TAG, POS, MORPH, LEMMA, HEAD, DEP, SENT_START)
_CARRIED = (NORM, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID)


def ensure_boundaries(doc: Doc, offsets: Iterable[int], rebuild_over: int = REBUILD_OVER) -> Doc:
    """Split every token that one of the raw character `offsets` falls strictly inside.

    Returns the Doc to go on with: `doc` itself, split in place, or, when more than
    `rebuild_over` tokens need splitting, a new Doc with the same text, entities, span
    groups and extension values, so that the cost stays linear in the length of the Doc.
    """
    wanted = np.fromiter(set(offsets), dtype=np.int64)
    if len(doc) == 0 or wanted.size == 0:
        return doc
    # Token starts and ends from one C-level copy: cheap even for a million tokens.
    columns = doc.to_array([IDX, LENGTH]).astype(np.int64)
    starts, ends = columns[:, 0], columns[:, 0] + columns[:, 1]
    index = np.searchsorted(starts, wanted, side="right") - 1
    index[index < 0] = 0
    inside = (starts[index] < wanted) & (wanted < ends[index])
    if not inside.any():
        return doc
    cuts: dict[int, list[int]] = {}
    for i, offset in zip(index[inside].tolist(), wanted[inside].tolist()):
        cuts.setdefault(i, []).append(offset - int(starts[i]))
    if len(cuts) > rebuild_over and _rebuildable(doc):
        return _rebuilt(doc, cuts)
    _split_in_place(doc, cuts)
    return doc


def _pieces(text: str, inner: list[int]) -> list[str]:
    bounds = [0, *sorted(inner), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _piece_norms(vocab: Vocab, pieces: list[str]) -> list[str]:
    norms = [normalize(piece).text or piece for piece in pieces]
    for norm in norms:  # token attributes hold hashes only: keep the strings
        vocab.strings.add(norm)
    return norms


def _span_groups(doc: Doc) -> dict[str, list[tuple[int, int, str, str, str]]]:
    return {
        key: [(s.start_char, s.end_char, s.label_, s.kb_id_, s.id_) for s in group]
        for key, group in doc.spans.items()
    }


def _restore_span_groups(doc: Doc, groups: dict[str, list[tuple[int, int, str, str, str]]]) -> None:
    for key, stored in groups.items():
        rebuilt = []
        for start, end, label, kb_id, span_id in stored:
            span = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=span_id)
            if span is not None:
                rebuilt.append(span)
        doc.spans[key] = rebuilt


def _split_in_place(doc: Doc, cuts: dict[int, list[int]]) -> None:
    # spaCy's retokenizer does not move the spans of `doc.spans`, so they are rebuilt
    # from their character offsets afterwards; `doc.ents` it keeps itself.
    groups = _span_groups(doc)
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            orths = _pieces(token.text, inner)
            norms = _piece_norms(doc.vocab, orths)
            heads = [(token, k) for k in range(len(orths))]
            retokenizer.split(token, orths, heads=heads, attrs={"NORM": norms})
    _restore_span_groups(doc, groups)


def _rebuildable(doc: Doc) -> bool:
    """Whether nothing but text, norms, entities, spans and user data is on the Doc."""
    analyses = doc.to_array(list(_ANALYSES))
    analyses[0, _ANALYSES.index(SENT_START)] = 0  # the first token always starts a sentence
    return not analyses.any() and (doc.tensor is None or doc.tensor.size == 0)


def _rebuilt(doc: Doc, cuts: dict[int, list[int]]) -> Doc:
    """A new Doc like `doc` with the tokens of `cuts` split: linear in its length."""
    words: list[str] = []
    spaces: list[bool] = []
    counts = np.ones(len(doc), dtype=np.int64)
    piece_norms: list[tuple[int, list[str]]] = []
    for token in doc:
        inner = cuts.get(token.i)
        if inner is None:
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            continue
        pieces = _pieces(token.text, inner)
        piece_norms.append((len(words), _piece_norms(doc.vocab, pieces)))
        words.extend(pieces)
        spaces.extend([False] * (len(pieces) - 1) + [bool(token.whitespace_)])
        counts[token.i] = len(pieces)
    values = np.repeat(doc.to_array(list(_CARRIED)), counts, axis=0)
    first = np.repeat(np.cumsum(counts) - counts, counts)  # where each token's pieces start
    later = np.arange(len(words)) != first
    iob = _CARRIED.index(ENT_IOB)
    values[later & (values[:, iob] == 3), iob] = 1  # a piece after a B is an I
    for start, norms in piece_norms:
        values[start : start + len(norms), _CARRIED.index(NORM)] = [doc.vocab.strings[n] for n in norms]
    new = Doc(doc.vocab, words=words, spaces=spaces)
    new.from_array(list(_CARRIED), values)
    new.user_data.update(doc.user_data)
    new.cats = dict(doc.cats)
    new._context = doc._context  # what nlp.pipe(as_tuples=True) hands back with it
    new.user_hooks.update(doc.user_hooks)
    new.user_span_hooks.update(doc.user_span_hooks)
    new.user_token_hooks.update(doc.user_token_hooks)
    _restore_span_groups(new, _span_groups(doc))
    for key, group in doc.spans.items():
        new.spans[key].attrs.update(group.attrs)
    set_normalized(new, get_normalized(doc))
    return new


def spans_from_raw(doc: Doc, ranges: Sequence[tuple[int, int, str]]) -> tuple[Doc, list[Span | None]]:
    """Spans for `(start, end, label)` raw character ranges, after splitting any token
    that a boundary falls inside; one per range, in order (None for an empty one), on
    the Doc returned with them (see `ensure_boundaries`)."""
    spans = _char_spans(doc, ranges)
    if any(span is None and end > start for span, (start, end, _) in zip(spans, ranges)):
        # Most boundaries fall between tokens already (always, with the char segmenter):
        # only then are token boundaries looked up and tokens split.
        doc = ensure_boundaries(doc, (x for start, end, _ in ranges for x in (start, end)))
        spans = _char_spans(doc, ranges)
    return doc, spans


def _char_spans(doc: Doc, ranges: Sequence[tuple[int, int, str]]) -> list[Span | None]:
    char_span = doc.char_span
    return [char_span(start, end, label=label) if end > start else None for start, end, label in ranges]


def spans_from_normalized(doc: Doc, matches: Sequence[tuple[int, int, str]]) -> tuple[Doc, list[Span | None]]:
    """`spans_from_raw` for ranges of the normalized view: each starts on its first
    kept character and ends after its last (None for an empty range)."""
    view = get_normalized(doc)
    return spans_from_raw(
        doc, [(*view.to_raw_span(s, e), label) if e > s else (0, 0, label) for s, e, label in matches]
    )


def add_entities(doc: Doc, spans: Iterable[Span], *, overwrite: bool = False) -> list[Span]:
    """Put `spans` into `doc.ents` beside the entities already there.

    Where they overlap, the existing entity wins unless `overwrite`. Returns those of
    `spans` (the same objects) that made it in.
    """
    spans = list(spans)
    if overwrite:
        existing = list(doc.ents)
        kept = filter_spans(spans)
        taken = {(s.start, s.end) for s in kept}
        blocked = [e for e in existing if not any(_overlap(e, s) for s in kept)]
        doc.ents = sorted([*blocked, *kept], key=lambda s: s.start)
        return [s for s in kept if (s.start, s.end) in taken]
    # Not `doc.ents = ...`, which builds a Span for every entity and visits every
    # token: only the new entities are written, and the tokens that carry no entity
    # annotation yet are made O once, as `doc.ents = ...` would make them.
    iob = doc.to_array(ENT_IOB)
    taken = ((iob == 1) | (iob == 3)).tobytes()  # a bytes test per span, not a numpy call
    added = [s for s in filter_spans(spans) if 1 not in taken[s.start : s.end]]
    if not iob.all():
        iob[iob == 0] = 2
        doc.from_array([ENT_IOB], iob.reshape(-1, 1))
    doc.set_ents(added, default="unmodified")
    return added


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
