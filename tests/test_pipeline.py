"""The pipeline as users run it: spacy.load, assemble, apply, DocBin, both segmenters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import DocBin

from conftest import CORPUS, ROOT, corpus_files

PIPE_NAMES = [
    "meeting_article",
    "meeting_dates",
    "meeting_entities",
    "meeting_enumerations",
    "meeting_record",
]


def annotations(doc) -> dict:
    """Everything of the public contract that a Doc carries, in plain values."""
    return {
        "text": doc.text,
        "ents": [(e.start_char, e.end_char, e.label_, e._.date_value) for e in doc.ents],
        "positions": [
            (e.start_char, [(p.start_char, p.end_char) for p in e._.positions])
            for e in doc.ents
            if e.label_ == "OFFICIAL"
        ],
        "agency": [
            (e.start_char, e._.agency.start_char if e._.agency is not None else None)
            for e in doc.ents
            if e.label_ == "POSITION"
        ],
        "items": [
            (s.start_char, s.end_char, s._.ordinal, s._.list_id, s._.marker)
            for s in doc.spans.get("enumeration", [])
        ],
        "published": doc._.published,
        "title": None if doc._.title is None else (doc._.title.start_char, doc._.title.end_char),
        "meeting": doc._.meeting,
    }


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_spacy_load_gives_the_whole_pipeline(nlp):
    assert nlp.pipe_names == PIPE_NAMES
    assert nlp.tokenizer.segmenter == "pkuseg"


def test_char_override_gives_the_same_pipeline(nlp_char):
    assert nlp_char.pipe_names == PIPE_NAMES
    assert nlp_char.tokenizer.segmenter == "char"


def test_annotations_do_not_depend_on_the_segmenter(nlp, nlp_char, corpus_texts):
    for text in corpus_texts:
        by_words, by_chars = annotations(nlp(text)), annotations(nlp_char(text))
        assert by_words == by_chars


def test_docbin_keeps_every_annotation(nlp, corpus_texts):
    docs = list(nlp.pipe(corpus_texts[:6]))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    restored = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [annotations(d) for d in restored] == [annotations(d) for d in docs]


@pytest.fixture(scope="module")
def assembled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assembled") / "pipeline"
    run(sys.executable, "-m", "spacy", "assemble", str(ROOT / "configs" / "meeting_ner.cfg"), str(out))
    return out


def test_assembled_folder_is_self_contained(assembled, tmp_path, nlp):
    assert (assembled / "tokenizer" / "pkuseg_model" / "features.msgpack").exists()
    assert (assembled / "meeting_entities" / "patterns.jsonl").exists()
    text = (CORPUS / "seeds" / "001_6c16b14ed34b3a3b.txt").read_text(encoding="utf-8")
    # A fresh process, outside the checkout, that never imports meeting_ner itself.
    probe = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(assembled)!r})\n"
        "doc = nlp(sys.stdin.read())\n"
        "print(json.dumps([[e.start_char, e.end_char, e.label_] for e in doc.ents]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], input=text, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    expected = [[e.start_char, e.end_char, e.label_] for e in nlp(text).ents]
    assert json.loads(result.stdout) == expected


def _apply_and_read(nlp, source: Path, out: Path, *extra: str) -> list:
    run(sys.executable, "-m", "spacy", "apply", "meeting_ner", str(source), str(out), *extra)
    return list(DocBin().from_disk(out).get_docs(nlp.vocab))


@pytest.mark.parametrize("n_process", ["1", "2"])
def test_spacy_apply_on_a_folder_keeps_the_extensions(nlp, tmp_path, n_process):
    docs = _apply_and_read(nlp, CORPUS / "seeds", tmp_path / "out.spacy", "--n-process", n_process)
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "seeds").glob("*.txt"))]
    assert sorted(d.text for d in docs) == sorted(texts)
    direct = {d.text: annotations(d) for d in nlp.pipe(texts)}
    for doc in docs:
        assert annotations(doc) == direct[doc.text]
        assert doc._.meeting is not None


def test_spacy_apply_on_jsonl(nlp, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()[:4]]
    source = tmp_path / "texts.jsonl"
    source.write_text(
        "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8"
    )
    docs = _apply_and_read(nlp, source, tmp_path / "out.spacy", "--n-process", "2")
    assert [d.text for d in docs] == texts
    assert [annotations(d) for d in docs] == [annotations(d) for d in nlp.pipe(texts)]
