"""Nothing a web page contains can crash the pipeline or lose an annotation.

Property-based tests build text from the pieces real pages are made of; the default
suite runs 300 examples, `pytest -m slow` runs 10,000.
"""

from __future__ import annotations

import multiprocessing
import re
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

from meeting_ner.patterns import PatternError

from conftest import corpus_files

TIMEX = re.compile(
    r"^(PAST_REF|FUTURE_REF|PRESENT_REF|"
    r"(\d{4}|XXXX)(-(Q[1-4]|H[12]|W\d{2}|\d{2}|XX)(-(\d{2}|XX))?)?(T(MO|AF|EV|NI|\d{2}:\d{2}(:\d{2})?))?)$"
)

PIECES = [
    # simplified and traditional meeting prose
    "省委教育工委、省教育厅召开全省教育系统视频会议。",
    "省教育廳召開會議,",
    "會(huì)議",
    "領(lǐng)導(dǎo)",
    "副省长王明玉出席会议并讲话",
    "省委教育工委副书记、省教育厅厅长冯守权",
    "景李虎厅长",
    "朱主任",
    "校党委书记周家伦同志主持了会议",
    "會議由黨委書記馬壯主持",
    "各高校",
    "我校",
    "《关于加强管理的通知》",
    # list markers and slogans
    "会议要求,",
    "一是",
    "二是",
    "三是要",
    "一要",
    "二要",
    "叁是",
    "十一是",
    "(一)",
    "(二)",
    "一、",
    "二、",
    "第一,",
    "第二,",
    "1.",
    "2.",
    "首先,",
    "其次,",
    "最后,",
    "一校一院",
    "两个维护",
    "三天两检",
    # dates and numbers
    "3月27日",
    "2022年3月16日",
    "２０２２年３月１６日",
    "二〇二二年三月十六日",
    "2022-03-19",
    "2022/3/19",
    "4 月10日",
    "1月(yue)8日(ri)",
    "上午",
    "14时",
    "一季度",
    "上半年",
    "近日",
    "日前",
    "当天",
    "2月30日",
    "13月",
    "328日",
    "将于",
    "发布时间:",
    "来源:",
    "7日内",
    "两年多来",
    # punctuation, space and noise
    ",",
    "。",
    ",,",
    ",、",
    ";",
    ":",
    "“",
    "”",
    "(",
    "))))",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\u3000",
    "\u00a0",
    "\t",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b[0m",
    "\ue000",
    "😀",
    "🇨🇳",
    "<p>",
    "</div>",
    "&nbsp;",
    "<br/>",
    "Hello world",
    "ＡＢＣ",
    "é",
    "\u0301",
    "\ud7ff",
    "\U00020000",
]

page_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)


def check_doc(doc, text: str) -> None:
    """Every guarantee a Doc of this pipeline gives, whatever its text."""
    assert doc.text == text
    ents = list(doc.ents)
    assert [e.start_char for e in ents] == sorted(e.start_char for e in ents)
    for a, b in zip(ents, ents[1:]):
        assert a.end_char <= b.start_char
    for ent in ents:
        assert 0 <= ent.start_char < ent.end_char <= len(text)
        assert ent.label_ in {"OFFICIAL", "POSITION", "AGENCY", "DATE"}
        if ent.label_ == "DATE" and ent._.date_value is not None:
            assert TIMEX.match(ent._.date_value), ent._.date_value
        for position in ent._.positions if ent.label_ == "OFFICIAL" else []:
            assert position.label_ == "POSITION"
    lists: dict[int, list[int]] = {}
    for item in doc.spans.get("enumeration", []):
        assert 0 <= item.start_char < item.end_char <= len(text)
        lists.setdefault(item._.list_id, []).append(item._.ordinal)
    for ordinals in lists.values():
        assert ordinals == list(range(1, len(ordinals) + 1))
    if doc._.published is not None:
        assert TIMEX.match(doc._.published)
    record = doc._.meeting
    assert isinstance(record, dict) and {"date", "organizers", "chairs", "speakers", "format"} <= set(record)


def summary(doc) -> tuple:
    return (
        [(e.start_char, e.end_char, e.label_, e._.date_value) for e in doc.ents],
        [(s.start_char, s.end_char, s._.ordinal, s._.list_id) for s in doc.spans.get("enumeration", [])],
        doc._.published,
        doc._.meeting,
    )


def _property(nlp, nlp_char, text: str) -> None:
    doc = nlp(text)
    check_doc(doc, text)
    assert summary(nlp(text)) == summary(doc)  # the same text gives the same result twice
    assert summary(nlp_char(text)) == summary(doc)  # and under both segmenters


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=page_text)
def test_any_page_gives_a_sound_doc(nlp, nlp_char, text):
    _property(nlp, nlp_char, text)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=page_text)
def test_any_page_gives_a_sound_doc_10000(nlp, nlp_char, text):
    _property(nlp, nlp_char, text)


def test_a_five_megabyte_page_gives_a_valid_doc(nlp_char, corpus_texts):
    text = "\n".join(corpus_texts)
    text = text * (5_000_000 // len(text.encode("utf-8")) + 1)
    doc = nlp_char(text)
    assert doc.text == text
    assert len(doc.ents) > 0


def test_over_max_length_the_error_is_spacys_own(nlp_char):
    text = "会议" * (nlp_char.max_length // 2 + 1)
    with pytest.raises(ValueError, match="E088"):
        nlp_char(text)


def test_nlp_pipe_with_spawned_processes_keeps_everything(nlp, corpus_texts):
    texts = corpus_texts[:6]
    expected = [summary(d) for d in nlp.pipe(texts)]
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        got = [summary(d) for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    finally:
        multiprocessing.set_start_method(previous, force=True)
    assert got == expected


def test_docbin_round_trip_over_the_corpus(nlp):
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()]
    docs = list(nlp.pipe(texts))
    restored = DocBin().from_bytes(DocBin(docs=docs, store_user_data=True).to_bytes()).get_docs(nlp.vocab)
    assert [summary(d) for d in restored] == [summary(d) for d in docs]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "malformed.jsonl",
            '{"label": "position", "pattern": "巡视员"}\n{"label": "position", "pattern": \n',
            ":2: not valid JSON",
        ),
        (
            "unknown.jsonl",
            '{"label": "minister", "pattern": "部长"}\n',
            ":1: meeting_entities: unknown label 'minister'",
        ),
        (
            "empty.jsonl",
            '{"label": "position", "pattern": ""}\n',
            ":1: meeting_entities: empty or missing 'pattern'",
        ),
        ("array.jsonl", '["position", "部长"]\n', ":1: a pattern must be a JSON object"),
        (
            "code.jsonl",
            '{"label": "position", "pattern": "__import__(\'os\').system(\'touch /tmp/pwned\')"}\n',
            None,
        ),
    ],
)
def test_a_users_pattern_file_fails_at_initialize_naming_file_and_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    config = {"nlp": {"tokenizer": {"segmenter": "char"}}, "paths": {"entity_patterns": [str(path)]}}
    if message is None:  # patterns are data: text that looks like code is just a word
        nlp = spacy.load("meeting_ner", config=config)
        assert nlp("部长")._.meeting is not None
        assert not Path("/tmp/pwned").exists()
        return
    with pytest.raises(PatternError) as caught:
        spacy.load("meeting_ner", config=config)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_a_missing_pattern_file_is_named(tmp_path):
    missing = tmp_path / "nope.jsonl"
    config = {"nlp": {"tokenizer": {"segmenter": "char"}}, "paths": {"date_patterns": [str(missing)]}}
    with pytest.raises(PatternError, match="nope.jsonl: pattern file does not exist"):
        spacy.load("meeting_ner", config=config)
