"""Compare jionlp's `parse_time` / `extract_time` with meeting-ner on the dev DATEs.

jionlp is heavy and no dependency of this project: it must run in a SEPARATE,
throwaway virtualenv, never in the project's own one:

    python3 -m venv /tmp/jio && /tmp/jio/bin/pip install jionlp
    /tmp/jio/bin/python scripts/compare_jionlp.py [--gold corpus/gold/dev.jsonl]

The script runs jionlp itself and asks the project's venv (`--ours-python`, default
`.venv/bin/python`) for meeting-ner's values of the same cases (`--ours` mode).

Two measures, on every gold DATE of the dev set:
- values: each gold DATE string is parsed on its own, with the document's
  publication date as the reference (`time_base`). jionlp's [start, end] answer is
  mapped to TIMEX3 (a whole day, month, quarter, half or year; a part of day from its
  hours, 上午 07-12 → TMO; one hour → a clock time). Where the gold value has `X`
  (no publication date: `XXXX-03-27`), those characters are not compared, which
  favours jionlp (it always fills in a year). Strings jionlp cannot parse (近日,
  近期, 今后) count as wrong. meeting-ner parses the same isolated strings, so it
  too loses the sentence context (近期 said of the past or the future).
- spans: `extract_time` on each scored zone against the gold DATE spans (exact
  offsets); jionlp joins a range `8月21日至23日` into one span where ANNOTATION.md
  wants two DATEs.
"""

from __future__ import annotations

import argparse
import calendar
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NEUTRAL_BASE = {"year": 2000, "month": 6, "day": 15, "hour": 12, "minute": 0, "second": 0}


def cases(gold_path: Path) -> list[dict]:
    """One case per gold DATE: its string, gold value and the document's dct."""
    out = []
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            for start, end, value in g["dates"]:
                out.append({"doc": g["id"], "text": g["text"][start:end], "gold": value, "dct": g.get("dct")})
    return out


def timex_of(answer: dict | None) -> str | None:
    """jionlp's `{'type', 'time': [start, end]}` as a TIMEX3 value, or None."""
    if not answer or answer.get("type") not in ("time_point", "time_span"):
        return None
    try:
        a, b = (datetime.strptime(t, "%Y-%m-%d %H:%M:%S") for t in answer["time"][:2])
    except (TypeError, ValueError):
        return None
    whole = a.time().isoformat() == "00:00:00" and b.time().isoformat() == "23:59:59"
    if whole:
        if a.date() == b.date():
            return a.date().isoformat()
        last = calendar.monthrange(b.year, b.month)[1]
        if a.year == b.year and a.day == 1 and b.day == last:
            months = (a.month, b.month)
            if months == (1, 12):
                return f"{a.year:04d}"
            if a.month == b.month:
                return f"{a.year:04d}-{a.month:02d}"
            if b.month - a.month == 2 and a.month % 3 == 1:
                return f"{a.year:04d}-Q{(a.month + 2) // 3}"
            if b.month - a.month == 5 and a.month in (1, 7):
                return f"{a.year:04d}-H{1 if a.month == 1 else 2}"
        return None
    if a.date() != b.date():
        return None
    if (b - a).total_seconds() < 3600:
        return f"{a.date().isoformat()}T{a.hour:02d}:{a.minute:02d}"
    for lo, hi, suffix in ((0, 6, "NI"), (6, 11, "MO"), (11, 13, "MI"), (13, 18, "AF"), (18, 24, "EV")):
        if lo <= a.hour < hi:
            return f"{a.date().isoformat()}T{suffix}"
    return None


def same(predicted: str | None, gold: str) -> bool:
    """Equal, not comparing the characters the gold leaves unknown (`X`)."""
    if predicted is None or len(predicted) != len(gold):
        return predicted == gold
    return all(g == "X" or p == g for p, g in zip(predicted, gold))


def time_base(dct: str | None) -> dict:
    if not dct:
        return dict(_NEUTRAL_BASE)
    y, m, d = (int(x) for x in dct[:10].split("-"))
    return {"year": y, "month": m, "day": d, "hour": 12, "minute": 0, "second": 0}


def run_jionlp(gold_path: Path, all_cases: list[dict]) -> dict:
    import jionlp as jio  # only in the throwaway venv

    right = 0
    misses = []
    for case in all_cases:
        try:
            answer = jio.parse_time(case["text"], time_base=time_base(case["dct"]))
        except Exception:  # jionlp raises ValueError (and others) on what it cannot parse
            answer = None
        value = timex_of(answer)
        case["jionlp"] = value
        if same(value, case["gold"]):
            right += 1
        else:
            misses.append(f"{case['doc']} {case['text']!r} gold {case['gold']} jionlp {value}")
    tp = n_pred = n_gold = 0
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            gold = {(s, e) for s, e, label, _ in g["entities"] if label == "DATE"}
            n_gold += len(gold)
            for zs, ze in g["zones"]:
                try:
                    found = jio.ner.extract_time(g["text"][zs:ze], time_base=time_base(g.get("dct")))
                except Exception:
                    found = []
                spans = {(zs + x["offset"][0], zs + x["offset"][1]) for x in found}
                tp += len(spans & gold)
                n_pred += len(spans)
    return {"value_right": right, "misses": misses, "span_tp": tp, "span_pred": n_pred, "span_gold": n_gold}


def run_ours(all_cases: list[dict]) -> list[str | None]:
    """meeting-ner's values of the isolated strings (runs in the project's venv)."""
    import spacy

    nlp = spacy.load(
        "meeting_ner",
        config={"nlp": {"tokenizer": {"segmenter": "char"}}},
        exclude=["meeting_entities", "meeting_enumerations", "meeting_record"],
    )
    values = []
    for case in all_cases:
        doc = nlp.make_doc(case["text"])
        doc._.published = case["dct"]
        doc = nlp.get_pipe("meeting_dates")(doc)
        ents = [e for e in doc.ents if e.label_ == "DATE" and e.text == case["text"]]
        values.append(ents[0]._.date_value if ents else None)
    return values


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "corpus" / "gold" / "dev.jsonl")
    ap.add_argument("--ours", action="store_true", help="print meeting-ner's values as JSON (project venv)")
    ap.add_argument("--ours-python", default=str(ROOT / ".venv" / "bin" / "python"))
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    all_cases = cases(args.gold)
    if args.ours:
        print(json.dumps(run_ours(all_cases), ensure_ascii=False))
        return 0
    jio = run_jionlp(args.gold, all_cases)
    out = subprocess.run(
        [args.ours_python, __file__, "--ours", "--gold", str(args.gold)],
        check=True,
        capture_output=True,
        text=True,
    )
    ours = json.loads(out.stdout.strip().splitlines()[-1])
    ours_right = sum(same(v, c["gold"]) for v, c in zip(ours, all_cases))
    n = len(all_cases)
    p = jio["span_tp"] / jio["span_pred"] if jio["span_pred"] else 0.0
    r = jio["span_tp"] / jio["span_gold"] if jio["span_gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"gold DATEs: {n}")
    print(
        f"values right, isolated strings: jionlp {jio['value_right']}/{n} = {jio['value_right'] / n:.3f}; "
        f"meeting-ner {ours_right}/{n} = {ours_right / n:.3f}"
    )
    print(
        f"jionlp extract_time spans on the zones: P {p:.3f} R {r:.3f} F {f:.3f} "
        f"({jio['span_tp']} right of {jio['span_pred']} found, {jio['span_gold']} gold)"
    )
    if args.show_misses:
        print("\n".join(jio["misses"]))
        for v, c in zip(ours, all_cases):
            if not same(v, c["gold"]):
                print(f"ours: {c['doc']} {c['text']!r} gold {c['gold']} meeting-ner {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
