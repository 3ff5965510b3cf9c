"""The tokenizer: raw text kept exactly, tokens over raw characters, norms from the view."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meeting_ner.normalize import normalize
from meeting_ner.spans import ensure_boundaries

NOISY = "省教育廳(tīng)召開(kāi)會(huì)議，副廳長(zhǎng)　王明玉  出席\n\n  一是"


@pytest.mark.parametrize("segmenter", ["char", "pkuseg"])
def test_text_is_kept_and_norms_are_simplified(segmenter):
    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    doc = nlp.make_doc(NOISY)
    assert doc.text == NOISY
    # A gloss the view drops is a token of its own, so no annotation boundary falls
    # inside a token; the other tokens' norms spell the normalized text.
    view = doc._.normalized
    dropped = [t for t in doc if view.to_norm(t.idx) == view.to_norm(t.idx + len(t))]
    assert [t.text for t in dropped] == ["(tīng)", "(kāi)", "(huì)", "(zhǎng)"]
    kept = "".join(t.norm_ for t in doc if not t.is_space and t not in dropped)
    assert kept.replace(" ", "") == "省教育厅召开会议,副厅长王明玉出席一是"


def test_char_segmenter_gives_one_token_a_character(nlp_char):
    doc = nlp_char.make_doc("省教育厅召开会议")
    assert [t.text for t in doc] == list("省教育厅召开会议")


def test_pkuseg_segments_words(nlp):
    doc = nlp.make_doc("省教育厅召开全省教育系统疫情防控工作视频会议")
    assert len(doc) < 15
    assert "召开" in [t.text for t in doc]


def test_pkuseg_segments_traditional_like_simplified(nlp):
    trad = [t.norm_ for t in nlp.make_doc("省教育廳召開全省教育系統疫情防控工作視頻會議")]
    simp = [t.norm_ for t in nlp.make_doc("省教育厅召开全省教育系统疫情防控工作视频会议")]
    assert trad == simp


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\t", "\u200b", "\u200b\u200b省", "Hello, world!", "<p>会议</p>", "\x00\x07会议", "(huì)"],
)
def test_odd_input_gives_a_valid_doc(nlp, nlp_char, text):
    for pipeline in (nlp, nlp_char):
        doc = pipeline(text)
        assert doc.text == text


def test_a_long_line_is_cut_into_bounded_runs(nlp):
    text = "会议强调各级各类学校要切实压实疫情防控责任" * 500
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert max(len(t) for t in doc) < 50


def test_split_tokens_keep_span_groups(nlp):
    text = "省委教育工委副书记冯守权出席会议"
    doc = nlp.make_doc(text)
    doc = ensure_boundaries(doc, [0, 6, 12])
    doc.spans["probe"] = [doc.char_span(0, 6), doc.char_span(6, 12)]
    doc = ensure_boundaries(doc, [7, 9, 10])
    assert doc.char_span(7, 9) is not None and doc.char_span(10, 12) is not None
    assert [s.text for s in doc.spans["probe"]] == ["省委教育工委", "副书记冯守权"]
    assert doc.text == text


# Pieces that make the char segmenter's shortcuts meet every case: glosses and
# zero-width characters (deleted runs), single and double spaces before and after them,
# other white space, full-width and traditional characters.
_PIECES = [
    "會",
    "議",
    "a",
    " ",
    "  ",
    "\u3000",
    "\n",
    "\t",
    "(huì)",
    "（yue）",
    "\u200b",
    "\ufeff",
    "，",
    "x",
]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_char_shortcuts_cut_as_the_segmenter_does(nlp_char, text):
    """The char tokenizer's fast paths give the tokens, spaces and norms that cutting
    at `segment`'s starts and folding single spaces gives."""
    doc = nlp_char.make_doc(text)
    words, spaces, norms = nlp_char.tokenizer._segmented_tokens(text, normalize(text))
    assert [t.text for t in doc] == words
    assert [bool(t.whitespace_) for t in doc] == spaces
    assert [t.norm_ for t in doc] == [n or w for w, n in zip(words, norms)]
    assert doc.text == text
