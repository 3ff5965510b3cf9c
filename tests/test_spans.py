"""Splitting tokens at annotation boundaries: in place for a few, by rebuilding the Doc
for many, with the same result either way and a cost linear in the Doc's length."""

from __future__ import annotations

import pytest
from spacy.tokens import DocBin

import meeting_ner.spans as spans
from meeting_ner.spans import ensure_boundaries


def _everything(doc) -> tuple:
    return (
        doc.text,
        [(t.text, t.norm_, t.whitespace_) for t in doc],
        [(e.start_char, e.end_char, e.label_, e._.date_value) for e in doc.ents],
        [
            (e.start_char, [p.start_char for p in e._.positions or []])
            for e in doc.ents
            if e.label_ == "OFFICIAL"
        ],
        [(e.start_char, e._.agency and e._.agency.start_char) for e in doc.ents if e.label_ == "POSITION"],
        {
            key: [(s.start_char, s.end_char, s._.ordinal, s._.list_id) for s in g]
            for key, g in doc.spans.items()
        },
        doc._.published,
        doc._.title and doc._.title.text,
        doc._.meeting,
    )


def test_a_rebuilt_doc_carries_every_annotation(nlp, corpus_texts, monkeypatch):
    """On the corpus with pkuseg words (which entity boundaries often fall inside),
    rebuilding at the first split gives what splitting in place gives."""
    in_place = [_everything(doc) for doc in nlp.pipe(corpus_texts)]
    monkeypatch.setattr(spans, "REBUILD_OVER", 0)
    rebuilt_docs = list(nlp.pipe(corpus_texts))
    assert [_everything(doc) for doc in rebuilt_docs] == in_place
    assert sum(len(doc.ents) for doc in rebuilt_docs) > 100
    stored = DocBin(store_user_data=True, docs=rebuilt_docs).to_bytes()
    back = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    assert [_everything(doc) for doc in back] == in_place


def test_rebuilding_keeps_the_context_of_as_tuples(nlp, corpus_texts, monkeypatch):
    monkeypatch.setattr(spans, "REBUILD_OVER", 0)
    pairs = list(nlp.pipe([(text, {"n": i}) for i, text in enumerate(corpus_texts)], as_tuples=True))
    assert [context["n"] for _, context in pairs] == list(range(len(corpus_texts)))


@pytest.mark.parametrize("rebuild_over", [0, 100])
def test_split_tokens_inherit_the_entity_they_were_in(nlp, rebuild_over):
    text = "省委教育工委副书记冯守权出席会议"
    doc = nlp.make_doc(text)
    doc = ensure_boundaries(doc, [0, 12])
    doc.ents = [doc.char_span(0, 12, label="OFFICIAL")]
    doc = ensure_boundaries(doc, [3, 9], rebuild_over=rebuild_over)
    assert [(e.text, e.label_) for e in doc.ents] == [("省委教育工委副书记冯守权", "OFFICIAL")]
    assert doc.char_span(3, 9) is not None and doc.text == text
    assert [t.ent_iob_ for t in doc[: len(doc.ents[0])]][:2] == ["B", "I"]


def test_many_splits_build_the_doc_once_and_few_split_in_place(nlp_char):
    text = "省委教育工委副书记冯守权出席会议并讲话" * 40
    doc = nlp_char.make_doc(text)
    with doc.retokenize() as retokenizer:  # 40 tokens of 19 characters
        for start in range(0, len(text), 19):
            retokenizer.merge(doc[start : start + 19])
    few = ensure_boundaries(doc, [6, 9])
    assert few is doc and len(few) == 42
    many = ensure_boundaries(few, [k * 19 + 6 for k in range(1, 40)])
    assert many is not few and len(many) == 81 and many.text == text
    assert [t.text for t in many[:5]] == [
        "省委教育工委",
        "副书记",
        "冯守权出席会议并讲话",
        "省委教育工委",
        "副书记冯守权出席会议并讲话",
    ]
    assert [t.norm_ for t in many[3:5]] == ["省委教育工委", "副书记冯守权出席会议并讲话"]
