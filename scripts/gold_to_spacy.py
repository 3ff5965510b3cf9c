"""Convert meeting-report gold (JSONL) to spaCy's `.spacy` format for `spacy evaluate`.

    python scripts/gold_to_spacy.py [GOLD.jsonl ...] [--out DIR] [--segmenter pkuseg|char]

With no file given, every `../shared/gold/*.jsonl` is converted to `corpus/gold/NAME.spacy`.
Each Doc is made by the pipeline's own tokenizer, then split at every gold boundary
(`meeting_ner.spans.ensure_boundaries`), so that the gold spans fall on tokens. It holds
the gold entities in `doc.ents`, the list items in `doc.spans["enumeration"]`, and who
holds which post in `ent._.positions` (kept through `DocBin(store_user_data=True)`), so

    python -m spacy evaluate meeting_ner corpus/gold/dev.spacy

reports `ents_per_type` for OFFICIAL, POSITION, AGENCY (and `holds_p/r/f`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from meeting_ner.spans import ensure_boundaries

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"


def gold_doc(nlp: spacy.language.Language, gold: dict) -> Doc:
    """The reference Doc of one gold record."""
    text = gold["text"]
    doc = nlp.make_doc(text)
    items = [(i[0], i[1]) for lst in gold.get("lists", []) for i in lst["items"]]
    cuts = [x for s, e, *_ in gold["entities"] for x in (s, e)] + [x for s, e in items for x in (s, e)]
    ensure_boundaries(doc, cuts)
    ents = []
    for start, end, label, _ in gold["entities"]:
        span = doc.char_span(start, end, label=label)
        if span is None:
            raise ValueError(f"{gold['id']}: {label} [{start}, {end}] does not fall on tokens")
        ents.append(span)
    doc.ents = sorted(ents, key=lambda s: s.start)
    by_start = {e.start_char: e for e in doc.ents}
    held: dict[int, list] = {}
    for official, position in gold.get("holds", []):
        if official in by_start and position in by_start:
            held.setdefault(official, []).append(by_start[position])
    for official, positions in held.items():
        by_start[official]._.positions = sorted(positions, key=lambda s: s.start_char)
    spans = [doc.char_span(s, e, label="ITEM") for s, e in items]
    doc.spans["enumeration"] = [s for s in spans if s is not None]
    return doc


def convert(nlp: spacy.language.Language, path: Path, out: Path) -> int:
    """Write the `.spacy` file of one gold JSONL file; the number of Docs."""
    docs = DocBin(store_user_data=True)
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs.add(gold_doc(nlp, json.loads(line)))
                n += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(out)
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", type=Path, help="gold JSONL files (default: ../shared/gold/*.jsonl)")
    ap.add_argument("--out", type=Path, default=ROOT / "corpus" / "gold", help="output folder")
    ap.add_argument("--segmenter", choices=["pkuseg", "char"], default=None)
    args = ap.parse_args()
    overrides = {"nlp": {"tokenizer": {"segmenter": args.segmenter}}} if args.segmenter else {}
    nlp = spacy.load("meeting_ner", config=overrides)
    files = args.gold or sorted(GOLD.glob("*.jsonl"))
    if not files:
        print(f"no gold files in {GOLD}", file=sys.stderr)
        return 1
    for path in files:
        out = args.out / f"{path.stem}.spacy"
        n = convert(nlp, path, out)
        print(f"{path} -> {out} ({n} docs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
