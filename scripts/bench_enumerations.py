#!/usr/bin/env python
"""Speed of the enumeration splitter on normal and hostile text, in characters per second.

    python scripts/bench_enumerations.py [--chars 200000] [--segmenter char|pkuseg]

Runs the tokenizer and `meeting_enumerations` alone (the other components are not
measured here) on the dev corpus and on inputs built to hurt a marker finder: markers
without content (`一是二是三是…`), brackets, one long line without punctuation, and
lists of thousands of real items. Run time must grow linearly with the length of the
text: the figure per input should stay of the same order as for normal text.
"""

import argparse
import json
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold" / "dev.jsonl"


def hostile_inputs(n: int) -> dict[str, str]:
    """Texts of about `n` characters each."""

    def fill(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    items = "".join(f"{i % 10 + 1}.加强组织领导,压实工作责任;" for i in range(n // 14 + 1))[:n]
    return {
        "一是二是三是…": fill("一是二是三是四是五是六是七是八是九是十是"),
        "一要一要一要…": fill("一要"),
        "(((((": fill("("),
        "(一)(一)(一)…": fill("(一)"),
        "一、一、一、…": fill("一、"),
        "no punctuation": fill("会议强调各单位要提高认识加强领导落实责任确保实效张三指出"),
        "会议强调,会议强调,…": fill("会议强调,"),
        "short sentences, no verb": fill("。各单位加强领导落实责任确保实效提高认识"),
        "。张三强调。张三强调…": fill("。张三强调"),
        "首先其次最后…": fill("首先,其次,最后,"),
        "list items 1. 2. …": items,
        "一是…十是 lists": fill("会议要求,一是加强领导;二是落实责任;三是强化督查。\n"),
    }


def timed(nlp, text: str) -> tuple[float, float, int]:
    """Seconds for the tokenizer, seconds for the splitter, and the items found."""
    start = time.perf_counter()
    doc = nlp.make_doc(text)
    tokenized = time.perf_counter()
    doc = nlp.get_pipe("meeting_enumerations")(doc)
    return tokenized - start, time.perf_counter() - tokenized, len(doc.spans["enumeration"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=200_000)
    ap.add_argument("--segmenter", default="char", choices=["char", "pkuseg"])
    args = ap.parse_args()

    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": args.segmenter}}})
    with open(GOLD, encoding="utf-8") as f:
        normal = [json.loads(line)["text"] for line in f if line.strip()]
    print(f"{'input':28}{'chars':>10}{'tokenizer c/s':>15}{'splitter c/s':>14}{'items':>8}")
    rows = [("dev corpus (25 docs)", normal)] + [(k, [v]) for k, v in hostile_inputs(args.chars).items()]
    for name, texts in rows:
        chars = sum(map(len, texts))
        seconds = [timed(nlp, text) for text in texts]
        tok, split = sum(s[0] for s in seconds), sum(s[1] for s in seconds)
        items = sum(s[2] for s in seconds)
        print(f"{name:28}{chars:10d}{chars / max(tok, 1e-9):15.0f}{chars / max(split, 1e-9):14.0f}{items:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
