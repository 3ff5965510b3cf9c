"""Shared fixtures: the corpus and pipelines loaded once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold" / "dev.jsonl"


def corpus_files() -> list[Path]:
    return sorted([*CORPUS.glob("seeds/*.txt"), *CORPUS.glob("dev/*.txt")])


@pytest.fixture(scope="session")
def gold_docs() -> list[dict]:
    with open(GOLD, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in corpus_files()]


@pytest.fixture(scope="session")
def nlp_char():
    return spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("meeting_ner")
