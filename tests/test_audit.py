"""`meeting_ner audit`: suspect output counted on pages without gold."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy

from meeting_ner.audit import KINDS, audit, audit_docs

from conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


def _with_ents(nlp, text: str, spans: list[tuple[str, str]]):
    """A Doc run through the pipeline, then given the entities `spans` (text, label)
    by hand, as a faulty rule would have written them."""
    doc = nlp(text)
    ents = []
    for part, label in spans:
        start = text.index(part)
        ents.append(doc.char_span(start, start + len(part), label=label, alignment_mode="expand"))
    doc.ents = ents
    return doc


def test_each_kind_of_suspect_is_counted(nlp):
    text = "2022年3月30日,他认为体现筹建乡村振兴学院意义重大,市局党委班子成员参加。会议定于2022年5月1日召开。"
    doc = _with_ents(
        nlp, text, [("体现筹建乡村振兴学院", "AGENCY"), ("班子", "OFFICIAL"), ("2022年5月1日", "DATE")]
    )
    date = [e for e in doc.ents if e.label_ == "DATE"][0]
    date._.date_value = "2022-05-01"
    doc._.published = "2022-03-30"
    report = audit_docs([(doc, "page")])
    assert report.documents == 1
    assert report.counts["agency_opens_with_verb_or_function_word"] == 1
    assert report.counts["official_is_a_common_word"] == 1
    assert report.counts["date_after_published"] == 1
    assert "[体现筹建乡村振兴学院]" in report.examples["agency_opens_with_verb_or_function_word"][0]


def test_the_pipelines_own_output_on_the_seeds(nlp):
    pages = sorted((CORPUS / "seeds").glob("*.txt"))
    report = audit(nlp, ((p.read_text(encoding="utf-8"), p.name) for p in pages))
    assert report.documents == len(pages) == 5
    assert set(report.counts) == set(KINDS)
    assert report.counts["no_title"] == 0  # every seed has its headline
    assert report.entities["AGENCY"] > 20 and report.entities["OFFICIAL"] > 20
    # suspects, not errors (`组织部` opens with a verb), but few
    assert 0 <= report.counts["agency_opens_with_verb_or_function_word"] < report.entities["AGENCY"] / 10


def test_cli_prints_a_table_or_json(tmp_path):
    run = [sys.executable, "-m", "meeting_ner", "audit", str(CORPUS / "seeds")]
    result = subprocess.run([*run, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 5 and set(report["counts"]) == set(KINDS)
    table = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert "per 100 docs" in table.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "meeting_ner", "audit", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
