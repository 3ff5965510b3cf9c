"""Score the pipeline on the dev gold with either segmenter, from a checkout.

    python scripts/score_dev.py [--segmenter char|pkuseg] [--gold FILE] [--errors KEY ...]

Wraps ../shared/eval/score.py (the project's scorer) so that the figures and the misses
of one part (`--errors DATE date_value`) can be read while working on it.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segmenter", default="char", choices=["char", "pkuseg"])
    ap.add_argument("--gold", default=str(ROOT / "corpus" / "gold" / "dev.jsonl"))
    ap.add_argument("--errors", nargs="*", default=None, help="show the misses of these keys")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    sys.path.insert(0, str(EVAL))
    import spacy
    from gold import load  # type: ignore[import-not-found]
    from score import score  # type: ignore[import-not-found]

    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": args.segmenter}}})
    results, errors = score(nlp, load(args.gold))
    if args.errors is not None:
        keys = set(args.errors)
        for line in errors:
            parts = line.split(" ")
            if not keys or (len(parts) > 1 and parts[1] in keys):
                print(line)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    print(f"{'':22}{'P':>7}{'R':>7}{'F':>7}{'gold':>7}")
    for key, v in results.items():
        if isinstance(v, dict):
            print(f"{key:22}{v['p']:7.3f}{v['r']:7.3f}{v['f']:7.3f}{v['gold']:7d}")
    for key in ("docs", "text_changed", "chars_per_sec"):
        print(f"{key:22}{results[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
