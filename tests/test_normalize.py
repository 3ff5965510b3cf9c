"""The normalized view: what it folds, what it removes, and that offsets map back."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_ner.normalize import (
    DELETIONS,
    HAN_RANGES,
    INVISIBLE,
    PINYIN_GLOSS,
    _phrase_fixes,
    _translation_table,
    fold,
    han_mask,
    normalize,
)


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("會(huì)議", "会议"),
        ("會(hui)議", "会议"),
        ("黨委(擴大)會(huì )議", "党委(扩大)会议"),  # a converter's space before the bracket
        ("党中央(yang)", "党中央"),
        ("1月(yue)8日(ri)", "1月8日"),
        ("副市長(zhǎng)", "副市长"),
        ("開(kāi)平市", "开平市"),
        ("２０２２年３月１６日", "2022年3月16日"),
        ("會議，強調：", "会议,强调:"),
        ("省教育廳\u3000廳長", "省教育厅 厅长"),
        ("黨\u200b委", "党委"),
        ("\ufa11(qí)玉", "\ufa11玉"),  # a compatibility ideograph is Han too
    ],
)
def test_folds_script_noise_and_width(raw, norm):
    assert normalize(raw).text == norm


@pytest.mark.parametrize("raw", ["動作遊戲(A-AVG)", "文件(ppt)", "(一)", "会议(扩大)"])
def test_keeps_brackets_that_are_not_pinyin(raw):
    assert len(normalize(raw).text) == len(raw)


def test_span_maps_back_to_raw_without_surrounding_noise():
    raw = "省教育系統(tǒng)新型冠狀病毒感染的肺炎防控工作領(lǐng)導(dǎo)小組召開會(huì)議"
    view = normalize(raw)
    start = view.text.index("省教育系统")
    end = view.text.index("小组") + 2
    s, e = view.to_raw_span(start, end)
    assert raw[s:e] == "省教育系統(tǒng)新型冠狀病毒感染的肺炎防控工作領(lǐng)導(dǎo)小組"
    # A span that ends on a glossed character ends before its gloss.
    k = view.text.index("会")
    assert raw[slice(*view.to_raw_span(k, k + 1))] == "會"


def test_every_normalized_character_comes_from_the_raw_text(corpus_texts):
    for raw in corpus_texts:
        view = normalize(raw)
        positions = [view.to_raw(i) for i in range(len(view.text))]
        assert positions == sorted(set(positions))
        assert all(0 <= p < len(raw) for p in positions)
        assert view.to_raw(len(view.text)) == len(raw) or view.text == ""
        for i in range(0, len(view.text), 97):
            assert view.to_norm(view.to_raw(i)) == i


def test_plain_text_needs_no_map():
    view = normalize("省教育厅召开会议")
    assert view.text == "省教育厅召开会议"
    assert view.breaks == []


# What the fast paths of `normalize` must agree with: the plain definitions.
_NOISE_ALPHABET = "會议长a(（)）huìangzhxo \u3000\u200b\u200c\ufeff\u00ad。１Ａ乾隆皇帝𠀀😀"
_NOISE_PIECES = [
    "會",
    "議",
    "a",
    "1",
    " ",
    "(",
    "（",
    ")",
    "）",
    "huì",
    "zhang",
    "yue",
    "ppt",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "𠀀",
]
_noisy_texts = st.lists(st.sampled_from(_NOISE_PIECES), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(_noisy_texts | st.text(alphabet=_NOISE_ALPHABET, max_size=40))
def test_deletions_are_pinyin_glosses_and_invisible_characters(raw):
    plain = re.compile(f"{PINYIN_GLOSS.pattern}|{INVISIBLE.pattern}")
    assert [m.span() for m in DELETIONS.finditer(raw)] == [m.span() for m in plain.finditer(raw)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_NOISE_ALPHABET, max_size=40) | st.text(max_size=40))
def test_fold_maps_each_character_by_the_table(raw):
    folded = raw.translate(_translation_table())
    pattern, fixes = _phrase_fixes()
    for m in pattern.finditer(raw):
        folded = folded[: m.start()] + fixes[m.group()] + folded[m.end() :]
    assert fold(raw) == folded


def test_fold_keeps_astral_characters_and_lone_surrogates():
    raw = "會議\ud800𠀀😀\udfff"
    assert fold(raw) == "会议\ud800𠀀😀\udfff"


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=40)
    | st.text(alphabet="省a\u4dbf\u4dc0\u9fff\ua000\uf900𠀀\U0002ffff\U00030000", max_size=20)
)
def test_han_mask_marks_the_han_ranges(text):
    expected = [any(low <= ord(ch) <= high for low, high in HAN_RANGES) for ch in text]
    assert han_mask(text).tolist() == expected
