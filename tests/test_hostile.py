"""Small real-looking hostile pages (tests/data/hostile/) and what the pipeline does
with each: the noise stays out of the annotations, the report is still read."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_robustness import check_doc, summary

HOSTILE = Path(__file__).parent / "data" / "hostile"


def read(name: str) -> str:
    return (HOSTILE / name).read_text(encoding="utf-8")


def items(doc) -> list[tuple[str, int]]:
    return [(s.text, s._.ordinal) for s in doc.spans["enumeration"]]


def test_mojibake_stays_out_and_the_report_is_read(nlp_char):
    doc = nlp_char(read("mojibake.txt"))
    assert not any("鍏" in e.text or "\ufffd" in e.text for e in doc.ents)
    assert doc._.published == "2023-09-05"
    assert doc._.meeting["chairs"] == ["陈立华"] and doc._.meeting["date"] == "2023-09-04TMO"
    assert [o for _, o in items(doc)] == [1, 2, 3]


def test_html_remnants_stay_out_of_every_span(nlp_char):
    doc = nlp_char(read("html.txt"))
    spans = [*doc.ents, *doc.spans["enumeration"]]
    assert spans and not any(c in s.text for s in spans for c in "<>&")
    assert doc._.meeting["chairs"] == ["林晓燕"] and doc._.meeting["speakers"] == ["吴海涛"]
    official = next(e for e in doc.ents if e.text == "吴海涛")
    assert [p.text for p in official._.positions] == ["党组书记", "局长"]


def test_doubled_punctuation(nlp_char):
    doc = nlp_char(read("doubled.txt"))
    found = items(doc)
    assert [o for _, o in found] == [1, 2, 3]
    assert all(not text.endswith(",") for text, _ in found)
    assert doc._.meeting["chairs"] == ["赵建国"]


def test_a_list_cut_off_mid_item_ends_with_the_text(nlp_char):
    text = read("truncated_list.txt")
    doc = nlp_char(text)
    found = doc.spans["enumeration"]
    assert [s._.ordinal for s in found] == [1, 2, 3]
    assert found[-1].end_char == len(text.rstrip())


def test_spam_that_replaces_a_name_is_no_official_or_agency(nlp_char):
    doc = nlp_char(read("spam.txt"))
    assert not any("官网" in e.text for e in doc.ents if e.label_ in ("OFFICIAL", "AGENCY"))
    assert doc._.meeting["chairs"] == ["刘建明"] and doc._.meeting["speakers"] == ["王志强"]


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("*.txt")))
def test_every_hostile_page_gives_a_sound_doc_under_both_segmenters(nlp, nlp_char, name):
    text = read(name)
    doc = nlp_char(text)
    check_doc(doc, text)
    assert summary(nlp(text)) == summary(doc)


def test_a_lone_surrogate_is_a_clear_error(nlp_char):
    """spaCy's string store cannot hold `\\ud800` (JSON `"\\\\ud800"`): the error says
    what and where, instead of a UnicodeEncodeError from deep inside spaCy."""
    with pytest.raises(ValueError, match=r"lone surrogate U\+D800 at character 6"):
        nlp_char("市委召开会议\ud800。")
    assert nlp_char("市委召开会议\ufffd。").text == "市委召开会议\ufffd。"
