"""The normalized view: what it folds, what it removes, and that offsets map back."""

from __future__ import annotations

import pytest

from meeting_ner.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("會(huì)議", "会议"),
        ("會(hui)議", "会议"),
        ("党中央(yang)", "党中央"),
        ("1月(yue)8日(ri)", "1月8日"),
        ("副市長(zhǎng)", "副市长"),
        ("開(kāi)平市", "开平市"),
        ("２０２２年３月１６日", "2022年3月16日"),
        ("會議，強調：", "会议,强调:"),
        ("省教育廳\u3000廳長", "省教育厅 厅长"),
        ("黨\u200b委", "党委"),
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
